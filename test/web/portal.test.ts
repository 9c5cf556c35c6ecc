import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelSchema, SEED_TERMS } from '../../src/core/index.ts';
import { ADMIN_TOKEN } from '../cli/helpers.ts';
import {
  chromiumMissing,
  cutHeaders,
  NEEDS_CHROMIUM,
  screenshot,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { screenshotBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
let portal: TestPortal;
let context: BrowserContext;
let base: string;

const NEWCOMER = { id: 4242, login: 'octo-newcomer', name: 'Octo Newcomer', email: null };

beforeAll(async () => {
  if (missing) return;
  // Sign-in through a loopback stand-in for GitHub, so the portal's session path runs too.
  portal = await startTestPortal({ name: 'web-test', githubUser: NEWCOMER });
  ({ base, context } = portal);
}, 60_000);

afterAll(() => portal?.close());

/** Open a page, wait for its content, and hold it to the CSP, the console and axe-core. */
async function visit(path: string, ready: string[], name: string): Promise<Page> {
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.goto(`${base}${path}`);
  for (const selector of ready) await page.locator(selector).first().waitFor();
  await screenshotBothWidths(page, name);
  // Before axe runs: axe itself compiles templates with eval, which the CSP rightly refuses.
  expect(problems, `console and CSP on ${path}`).toEqual([]);
  expect(await seriousAxeViolations(page), `axe on ${path}`).toEqual([]);
  expect(await cutHeaders(page), `table headers cut on ${path} at 1280 px`).toEqual([]);
  return page;
}

describe.skipIf(missing)(
  `the web portal in chromium${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    // One test per page, sharing the portal and the browser: each loads under the strict CSP
    // with no console error and no serious axe finding (visit), then checks its own content.
    it('the front page: three parts, the terms, the next meeting, the keyboard and the dark theme', async () => {
      const front = await visit(
        '/',
        ['[data-test="terms"] li', '[data-test="next-meeting"]'],
        'getting-started',
      );
      expect(await front.locator('[data-test="part"]').count()).toBe(3);
      expect(await front.locator('[data-test^="term-"]').count()).toBe(5);
      expect(await front.locator('[data-test="next-meeting"]').count()).toBeGreaterThan(0);
      expect(await front.locator('[data-test="channel"]').count()).toBeGreaterThan(0);
      // Keyboard first: the first Tab reaches "Skip to content".
      await front.keyboard.press('Tab');
      expect(await front.evaluate('document.activeElement.textContent')).toBe('Skip to content');
      // The dark theme: PatternFly's class on <html>, kept across a reload, axe-clean too.
      await front.focus('#opf-theme-switch');
      await front.keyboard.press('Space');
      await front.reload();
      await front.locator('[data-test="terms"]').waitFor();
      expect(await front.evaluate('document.documentElement.className')).toContain(
        'pf-v6-theme-dark',
      );
      expect(await seriousAxeViolations(front), 'axe on / (dark)').toEqual([]);
      await screenshot(front, 'getting-started-dark');
      await front.focus('#opf-theme-switch');
      await front.keyboard.press('Space');
      expect(await front.evaluate('document.documentElement.className')).not.toContain('dark');
      await front.close();
    }, 30_000);

    it("the directory: its rows, the server's search and paging kept in the URL", async () => {
      const projects = await visit('/projects', ['[data-test="projects-table-row"]'], 'projects');
      expect(await projects.locator('[data-test="projects-table-row"]').count()).toBe(3);
      // Search and paging are the server's: the URL carries them, the API answers them.
      const rows = projects.locator('[data-test="projects-table-row"]');
      await projects.fill('[data-test="project-search"] input', 'green');
      await projects.keyboard.press('Enter');
      await expect.poll(() => rows.count()).toBe(1);
      expect(projects.url()).toContain('q=green');
      expect(await rows.first().textContent()).toContain('green-ci-bench');
      await projects.goto(`${base}/projects?limit=1`);
      await expect.poll(() => rows.first().textContent()).toContain('aiops-anomaly-lab');
      await projects.click('[data-test="projects-pager"] button[aria-label="Go to next page"]');
      await expect.poll(() => rows.first().textContent()).toContain('green-ci-bench');
      expect(projects.url()).toContain('offset=1');
      await projects.close();
    }, 30_000);

    it("a request's page: its meeting, comments, history, and an invitation asked at the field", async () => {
      // Request 2 waits for changes: the page says which meeting discusses it, and when.
      const detail = await visit(
        '/requests/2',
        ['[data-test="review-meeting"]', '[data-test="comment"]'],
        'request-detail',
      );
      expect(await detail.locator('[data-test="comment"]').count()).toBe(1);
      expect(await detail.locator('[data-test="history-event"]').count()).toBe(2);
      // Anyone may ask to be invited; a bad address is refused at the field, in the API's words.
      await detail.click('[data-test="invite-toggle"] button');
      await detail.fill('#invite-email', 'not-an-address');
      await detail.click('[data-test="invite-ask"]');
      await detail.locator('#invite-email-message [data-test="field-error"]').waitFor();
      await detail.fill('#invite-email', 'newcomer@example.org');
      await detail.click('[data-test="invite-ask"]');
      // No mail server on the embedded default: said at once, with the calendar feed instead.
      expect(await detail.locator('[data-test="invitations-unavailable"]').textContent()).toContain(
        '.ics',
      );
      await detail.close();
    }, 30_000);

    it('the overview: the next meeting, the recent requests and the counts by state', async () => {
      const overview = await visit(
        '/overview',
        [
          '[data-test="next-meeting"]',
          '[data-test="recent-request"]',
          '[data-test="count-in-review"]',
        ],
        'overview',
      );
      expect(await overview.locator('[data-test="recent-request"]').count()).toBe(2);
      await expect
        .poll(() => overview.locator('[data-test="count-in-review"] td').textContent())
        .toBe('1');
      await overview.close();
    }, 30_000);

    it("the wizard's first step", async () => {
      await (await visit('/requests/new', ['[data-test="field-project-name"]'], 'wizard')).close();
    }, 30_000);

    it("a new user submits a request through the wizard; the API's refusal shows at the field", async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/requests/new`);
      await page.click('[data-test="token-sign-in"]');
      await page.fill('#token-input', ADMIN_TOKEN);
      await page.click('[data-test="token-save"]');

      // The API's own schema, in the browser: the message shows at the field before sending.
      await page.fill('#field-project-name', 'Bad_Name');
      await page.click('[data-test="wizard-next"]');
      const nameMessage = page.locator('#field-project-name-message [data-test="field-error"]');
      const expected = labelSchema.safeParse('Bad_Name').error?.issues[0]?.message ?? '';
      expect(expected).not.toBe('');
      await expect.poll(() => nameMessage.textContent()).toContain(expected);

      // A taken name passes the schema; the API refuses it, and the wizard says so at the field.
      await page.fill('#field-project-name', 'aiops-anomaly-lab');
      await page.fill('#field-project-displayName', 'Web portal test');
      await page.fill('#field-project-description', 'Submitted by the browser test.');
      await page.reload();
      expect(await page.inputValue('#field-project-description')).toBe(
        'Submitted by the browser test.',
      );
      await page.click('[data-test="wizard-next"]');
      await fillTeamToReview(page, 'octo-dev', 'web-portal-dev');
      await page.locator('[data-test="review"]').waitFor();
      await screenshot(page, 'wizard-review');
      await page.click('[data-test="wizard-submit"]');
      await expect.poll(() => nameMessage.textContent()).toContain('project exists');
      expect(await page.locator('[data-test="submit-error"]').textContent()).toContain(
        'project "aiops-anomaly-lab" already exists',
      );
      await screenshot(page, 'wizard-api-error');

      await page.fill('#field-project-name', 'web-portal-test');
      expect(await nameMessage.count()).toBe(0);
      for (let step = 0; step < 5; step++) await page.click('[data-test="wizard-next"]');
      await page.click('[data-test="wizard-submit"]');
      await page.waitForURL(/\/requests\/\d+$/);
      const id = Number(page.url().split('/').pop());
      await page.locator('[data-test="namespaces-table-row"]').waitFor();
      const state = page.locator('[data-test="page-request-detail"] [data-test="state-label"]');
      expect(await state.first().textContent()).toBe('submitted');
      expect(await page.locator('[data-test="namespaces-table"]').textContent()).toContain(
        'web-portal-dev',
      );
      // Before anyone decides, the page shows exactly what approval would write.
      await expect
        .poll(() => page.locator('[data-test="plan-diff"]').textContent(), { timeout: 15_000 })
        .toContain('+++ b/cluster-scope/base/core/namespaces/web-portal-dev/namespace.yaml');
      await screenshot(page, 'request-detail-planned-change');
      expect(await seriousAxeViolations(page), 'axe on the planned change').toEqual([]);

      // Approved (through the API until the review queue lands): the page shows the commit.
      for (const action of ['start-review', 'approve'])
        expect((await portal.adminPost(`/api/v1/requests/${id}/${action}`)).status).toBe(200);
      const sha = await portal.committedSha(id);
      await page.reload();
      await expect
        .poll(() => page.locator('[data-test="delivery-commit"]').first().textContent())
        .toBe(sha.slice(0, 12));
      await screenshot(page, 'request-detail-delivered');
      expect(await seriousAxeViolations(page), 'axe on the delivered request').toEqual([]);
      // The refused submission is a 409 the browser logs as a failed resource; nothing else.
      expect(
        problems.filter((p) => !p.includes('409')),
        'console and CSP',
      ).toEqual([]);
    }, 45_000);

    it('a developer signs in with GitHub and submits with the session and its CSRF token', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/requests/new`);
      await page.click('[data-test="session-sign-in"]');
      // The portal's sign-in page lists the one provider configured here.
      await page.click('[data-test="sign-in-github"]');
      // opf → GitHub (the stand-in approves at once) → opf's callback → back to the wizard.
      await page.locator('[data-test="session-user"]').waitFor();
      expect(page.url()).toBe(`${base}/requests/new`);
      expect(await page.locator('[data-test="session-user"]').textContent()).toContain(
        NEWCOMER.login,
      );
      await page.fill('#field-project-name', 'newcomer-lab');
      await page.fill('#field-project-description', 'Brought by a newcomer signed in with GitHub.');
      await page.click('[data-test="wizard-next"]');
      await fillTeamToReview(page, NEWCOMER.login, 'newcomer-lab-dev');
      await page.click('[data-test="wizard-submit"]');
      await page.waitForURL(/\/requests\/\d+$/);
      await page.locator('[data-test="namespaces-table-row"]').waitFor();
      expect(await page.locator('[data-test="page-request-detail"]').textContent()).toContain(
        `Asked by ${NEWCOMER.login}`,
      );
      await screenshot(page, 'request-detail-signed-in');
      expect(problems, 'console and CSP').toEqual([]);
    }, 45_000);

    it('a long history shows its newest events and loads the earlier ones on demand', async () => {
      const list = (await (
        await fetch(`${base}/api/v1/requests?project=green-ci-bench`)
      ).json()) as {
        items: { id: number }[];
      };
      const id = list.items[0]!.id;
      for (let n = 0; n < 60; n += 1)
        expect(
          (await portal.adminPost(`/api/v1/requests/${id}/comments`, { body: `note ${n}` })).status,
        ).toBe(201);
      const { historyTotal: total } = (await (
        await fetch(`${base}/api/v1/requests/${id}`)
      ).json()) as {
        historyTotal: number;
      };
      expect(total).toBeGreaterThan(60);
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/requests/${id}`);
      const events = page.locator('[data-test="history-event"]');
      await events.first().waitFor();
      expect(await events.count()).toBe(50);
      // One click loads up to 100 earlier events: all that are left here.
      await page.click('[data-test="history-earlier"]');
      await expect.poll(() => events.count()).toBe(total);
      expect(await page.locator('[data-test="history-earlier"]').count()).toBe(0);
      expect(await events.first().textContent()).toContain('submit');
      expect(problems).toEqual([]);
      await page.close();
    });
  },
);

/** From the team step to the review: team, one namespace on moc/smaug (medium), every term. */
async function fillTeamToReview(page: Page, owner: string, namespace: string): Promise<void> {
  await page.fill('#field-team-name', `${namespace}-team`);
  await page.fill('#field-team-owner', owner);
  await page.fill('#field-team-members', `${owner}, octo-ops`);
  await page.click('[data-test="wizard-next"]');
  await page.fill('#field-namespaces-0-name', namespace);
  await page.selectOption('#field-namespaces-0-cluster', 'moc/smaug');
  await page.check('#field-namespaces-0-tier-medium');
  await page.click('[data-test="wizard-next"]');
  await page.click('[data-test="wizard-next"]');
  for (const term of SEED_TERMS.items) await page.check(`#term-${term.id}`);
  await page.click('[data-test="wizard-next"]');
}
