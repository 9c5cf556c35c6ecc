import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestView } from '../../src/core/index.ts';
import { ADMIN_TOKEN } from '../cli/helpers.ts';
import { validRequest } from '../support/fixtures.ts';
import {
  chromiumMissing,
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
/** Submitted through the API before the reviewer looks: one fits, one overflows moc/infra. */
let small: RequestView;
let huge: RequestView;

const REVIEWER = { id: 5151, login: 'octo-ops', name: 'Octo Ops', email: null };

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({
    name: 'review-test',
    githubUser: REVIEWER,
    // Whoever signs in with this GitHub login reviews requests.
    env: { OPF_OPS_USERS: REVIEWER.login },
  });
  ({ base, context } = portal);
  small = await submit(validRequest('queue-small-lab'));
  huge = await submit(
    validRequest('queue-huge-lab', {
      namespaces: [
        {
          name: 'queue-huge-lab-batch',
          cluster: 'moc/infra',
          // moc/infra has 96 CPU: this alone takes it over.
          customQuota: { cpu: '100', memory: '64Gi' },
          limitRange: true,
          monitoring: true,
        },
      ],
    }),
  );
}, 60_000);

afterAll(() => portal?.close());

describe.skipIf(missing)(
  `the ops review queue in chromium${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('anyone can read the queue; the review actions are not offered without the ops role', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/review`);
      await page.locator('[data-test="queue-table-row"]').first().waitFor();
      await page.locator('[data-test="queue-read-only"]').waitFor();
      // A page past the end (say its requests were decided meanwhile) moves to the last one.
      await page.goto(`${base}/review?limit=2&offset=40`);
      await page.locator('[data-test="queue-table-row"]').first().waitFor();
      expect(new URL(page.url()).searchParams.get('offset')).not.toBe('40');
      expect(await page.locator('[data-test="queue-empty"]').count()).toBe(0);
      await page.goto(`${base}/requests/${small.id}`);
      await page.locator('[data-test="lands-cluster"]').waitFor();
      expect(await page.locator('[data-test="review-actions"]').count()).toBe(0);
      expect(problems, 'console and CSP').toEqual([]);
      await page.close();
    }, 30_000);

    it('an ops user filters the queue, opens a request, requests changes without a comment (field error), approves it and sees its commit', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/review`);
      // Signed in with GitHub (the stand-in approves at once), back on the queue.
      await page.click('[data-test="session-sign-in"]');
      // The portal's sign-in page lists the one provider configured here.
      await page.click('[data-test="sign-in-github"]');
      await page.locator('[data-test="session-user"]').waitFor();
      expect(page.url()).toBe(`${base}/review`);
      const rows = page.locator('[data-test="queue-table-row"]');
      await rows.first().waitFor();
      expect(await page.locator('[data-test="queue-read-only"]').count()).toBe(0);
      // Waiting for ops, oldest first: the two samples (in review, changes requested), then ours.
      await expect.poll(() => rows.count()).toBe(4);
      expect(await rows.nth(0).textContent()).toContain('aiops-anomaly-lab');
      expect(await rows.nth(3).textContent()).toContain('queue-huge-lab');
      // The compact summary: what lands where, and whether it fits.
      await expect
        .poll(() => rows.nth(3).locator('[data-test="queue-over-capacity"]').textContent())
        .toContain('moc/infra (cpu)');
      expect(await rows.nth(2).locator('[data-test="queue-lands"]').textContent()).toBe(
        'moc/smaug: queue-small-lab-dev (small)',
      );
      expect(await rows.nth(2).locator('[data-test="queue-fits"]').count()).toBe(1);
      await page.locator('[data-test="capacity-cluster"]').first().waitFor();
      await checkPage(page, problems, 'review-queue');
      await page.locator('[data-test="cluster-capacity"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'review-queue-cluster-capacity');

      // Filters and sort are the server's; the URL keeps them.
      await page.selectOption('#queue-order', 'newest');
      await expect.poll(() => rows.first().textContent()).toContain('queue-huge-lab');
      await page.selectOption('#queue-cluster', 'moc/infra');
      await expect.poll(() => rows.count()).toBe(1);
      expect(page.url()).toContain('cluster=moc%2Finfra');
      await page.selectOption('#queue-cluster', 'moc/smaug');
      await expect.poll(() => rows.count()).toBe(2);
      await page.fill('[data-test="queue-search"] input', 'SMALL');
      await page.keyboard.press('Enter');
      await expect.poll(() => rows.count()).toBe(1);
      expect(page.url()).toContain('q=SMALL');
      await page.selectOption('#queue-state', 'in-review');
      await page.locator('[data-test="queue-empty"]').waitFor();
      await page.selectOption('#queue-state', '');
      await expect.poll(() => rows.count()).toBe(1);
      await page.click('[data-test="queue-link"]');
      await page.waitForURL(`${base}/requests/${small.id}`);

      // What lands on the cluster, and that it fits.
      await page.locator('[data-test="capacity-fits"]').waitFor();
      await page.locator('[data-test="what-lands"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'request-detail-what-lands');
      expect(await page.locator('[data-test="lands-namespaces"]').textContent()).toContain(
        'small: 1 CPU, 4Gi memory, 20Gi storage',
      );
      // Request changes with no comment: the API's refusal shows at the field.
      await page.click('[data-test="review-request-changes"]');
      await page.click('[data-test="review-send"]');
      const message = page.locator('#review-reason-message [data-test="field-error"]');
      await expect.poll(() => message.textContent()).toContain('needs a reason');
      await checkPage(page, problems, 'request-detail-review', ['400']);
      await page.click('[data-test="review-cancel"]');

      const state = page.locator('[data-test="page-request-detail"] [data-test="state-label"]');
      await page.click('[data-test="review-start-review"]');
      await expect.poll(() => state.first().textContent()).toBe('in review');
      await page.click('[data-test="review-approve"]');
      await page.locator('[data-test="review-done"]').waitFor();
      // The page follows the delivery on its own: provisioning, active, the commit.
      await expect.poll(() => state.first().textContent(), { timeout: 20_000 }).toBe('active');
      const sha = await portal.committedSha(small.id);
      await expect
        .poll(() => page.locator('[data-test="delivery-commit"]').first().textContent())
        .toBe(sha.slice(0, 12));
      await screenshot(page, 'request-detail-approved');
      // Decided: the review meeting is no longer offered.
      expect(await page.locator('[data-test="review-meeting"]').count()).toBe(0);
      expect(await page.locator('[data-test="history-event"]').count()).toBeGreaterThanOrEqual(4);
      expect(filtered(problems, ['400']), 'console and CSP').toEqual([]);
      await page.close();
    }, 60_000);

    it('a request that would overflow a cluster is flagged; acting on a stale version says so and reloads', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/requests/${huge.id}`);
      const warning = page.locator('[data-test="capacity-warning"]');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('moc/infra over its capacity');
      expect(await warning.textContent()).toContain('CPU 100 of 96');
      await page.locator('[data-test="review-start-review"]').waitFor();
      await warning.scrollIntoViewIfNeeded();
      await screenshot(page, 'request-detail-over-capacity');

      // Another reviewer starts the review first (through the API): this page is now stale.
      const other = await fetch(`${base}/api/v1/requests/${huge.id}/start-review`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(other.status).toBe(200);
      await page.click('[data-test="review-start-review"]');
      const error = page.locator('[data-test="review-error"]');
      await error.waitFor();
      expect(await error.textContent()).toContain('Someone else changed this request first');
      const state = page.locator('[data-test="page-request-detail"] [data-test="state-label"]');
      await expect.poll(() => state.first().textContent()).toBe('in review');
      await page.locator('[data-test="review-reject"]').waitFor();
      // Now that it can be approved, the review panel warns before anyone does.
      expect(await page.locator('[data-test="review-capacity-warning"]').textContent()).toContain(
        'Approving would take moc/infra over capacity',
      );
      expect(filtered(problems, ['409']), 'console and CSP').toEqual([]);
      expect(await seriousAxeViolations(page), 'axe on the conflict').toEqual([]);
      await page.close();
    }, 30_000);
  },
);

/** Screenshots at desktop and phone width, then the console, the CSP and axe-core. */
async function checkPage(
  page: Page,
  problems: string[],
  name: string,
  expectedStatuses: string[] = [],
): Promise<void> {
  await screenshotBothWidths(page, name);
  expect(filtered(problems, expectedStatuses), `console and CSP on ${name}`).toEqual([]);
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
}

/** The browser logs a refused call as a failed resource: drop the ones the test caused. */
function filtered(problems: string[], statuses: string[]): string[] {
  return problems.filter((p) => !statuses.some((status) => p.includes(`status of ${status}`)));
}

async function submit(spec: ReturnType<typeof validRequest>): Promise<RequestView> {
  const res = await portal.adminPost('/api/v1/requests', spec);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as RequestView;
}
