import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { chromiumMissing, NEEDS_CHROMIUM, seriousAxeViolations, watchProblems } from './browser.ts';
import { lookAtBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
let portal: TestPortal;
let base: string;
const requests: Record<string, number> = {};

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const stateOf = async (id: number) =>
  ((await (await fetch(`${base}/api/v1/requests/${id}`)).json()) as { request: { state: string } })
    .request.state;

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({
    name: 'web-notices',
    env: { OPF_DEMO_DATA: 'off', OPF_OPS_USERS: 'ops-olga' },
  });
  ({ base } = portal);
  for (const name of ['north-app', 'south-app']) {
    const spec = validRequest(name);
    spec.team = { name, owner: `${name}-owner`, members: [`${name}-owner`] };
    const created = await portal.adminPost('/api/v1/requests', spec);
    expect(created.status).toBe(201);
    requests[name] = ((await created.json()) as { id: number }).id;
    await portal.adminPost(`/api/v1/requests/${requests[name]}/start-review`);
    await portal.adminPost(`/api/v1/requests/${requests[name]}/approve`);
  }
  for (const id of Object.values(requests))
    await until(async () => (await stateOf(id)) === 'active', 'onboarding');
}, 180_000);

afterAll(() => portal?.close());

/** A browser page signed in as `login` (a session, as after signing in with GitHub). */
async function signedIn(login: string): Promise<Page> {
  await portal.context.clearCookies();
  const { cookie } = await sessionFor(portal.running.database.db, login);
  await portal.context.addCookies([
    { name: 'opf_session', value: cookie.split('=')[1]!, url: base },
  ]);
  const page = await portal.context.newPage();
  await page.addInitScript({ content: "localStorage.setItem('opf.signedIn', '1');" });
  return page;
}

/** Screenshots at both widths (as `name`), and axe at both. */
async function lookAt(page: Page, name: string, what: string): Promise<void> {
  await lookAtBothWidths(page, name, {
    desktop: async () => {
      expect(await seriousAxeViolations(page), `${what} at 1280×800`).toEqual([]);
    },
    phone: async () => {
      expect(await seriousAxeViolations(page), `${what} at phone width`).toEqual([]);
    },
  });
}

describe.skipIf(missing)('notices in the portal', NEEDS_CHROMIUM, () => {
  let noticeId: number;

  it('ops post a notice from the notices page; it lists every active project as not answered', async () => {
    const page = await signedIn('ops-olga');
    const problems = await watchProblems(page);
    await page.goto(`${base}/notices`);
    await page.locator('[data-test="post-notice"]').waitFor();
    await page.selectOption('#notice-kind', 'upgrade');
    await page.fill('#notice-title', 'OpenShift upgrade on Friday');
    await page.fill('#notice-body', 'Every workload restarts once.\n\nAcknowledge, please.');
    await page.click('[data-test="post-notice-submit"]');
    await page.locator('[data-test="page-notice"]').waitFor();
    noticeId = Number(new URL(page.url()).pathname.split('/').pop());
    const rows = page.locator('[data-test="notice-recipients-row"]');
    await rows.first().waitFor();
    expect((await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('north-appNot yet'),
      expect.stringContaining('south-appNot yet'),
    ]);
    await lookAt(page, 'notice-ops', 'the notice, for ops');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a member acknowledges for their project: exactly that project shows acknowledged', async () => {
    const page = await signedIn('north-app-owner');
    const problems = await watchProblems(page);
    await page.goto(`${base}/notices/${noticeId}`);
    await page.locator('[data-test="acknowledge"]').waitFor();
    await page.selectOption('#acknowledge-project', 'north-app');
    await page.click('[data-test="acknowledge-submit"]');
    await page.locator('[data-test="acknowledge-done"]').waitFor();
    await page.locator('[data-test="notice-answers"]', { hasText: 'Answers: 1 of 2' }).waitFor();
    const rows = (await page.locator('[data-test="notice-recipients-row"]').allTextContents()).map(
      (t) => t.replace(/\s+/g, ' '),
    );
    expect(rows[0]).toContain('north-appAcknowledged');
    expect(rows[0]).toContain('north-app-owner on');
    expect(rows[1]).toContain('south-appNot yet');
    // The member of north-app cannot answer for south-app: the API says so, on the page.
    await page.selectOption('#acknowledge-project', 'south-app');
    await page.click('[data-test="acknowledge-submit"]');
    await page.locator('[data-test="acknowledge-error"]', { hasText: 'only members' }).waitFor();
    await lookAt(page, 'notice-member', 'the notice, for a member');
    // The refused answer is a 403 the browser logs as a failed resource; nothing else.
    expect(problems.filter((p) => !p.includes('403'))).toEqual([]);
    await page.close();

    const list = await portal.context.newPage();
    await list.goto(`${base}/notices`);
    await list.locator('[data-test="notices-row"]').first().waitFor();
    expect(await list.locator('[data-test="notices-row"]').first().textContent()).toContain(
      '1 of 2',
    );
    await lookAt(list, 'notices', 'the notices list');
    await list.close();
  }, 60_000);

  it('the request page shows the engagement record and, for ops, the offboarding action', async () => {
    const page = await signedIn('ops-olga');
    const problems = await watchProblems(page);
    await page.goto(`${base}/requests/${requests['south-app']}`);
    await page.locator('[data-test="engagement-status"]').waitFor();
    expect(await page.locator('[data-test="engagement-status"]').textContent()).toBe('Engaged');
    await page.fill('#offboarding-reason', 'The team asked to move to another cloud.');
    await page.click('[data-test="offboarding-propose"]');
    await page.locator('[data-test="offboarding-proposed"]').waitFor();
    expect(await page.locator('[data-test="offboarding-decide"]').isDisabled()).toBe(true);
    await lookAt(page, 'request-offboarding-ops', 'the request page with the offboarding proposal');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
