import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import {
  chromiumMissing,
  NEEDS_CHROMIUM,
  SCREENSHOTS,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
const PROJECT = 'portal-team';
let portal: TestPortal;
let base: string;
let requestId: number;

const admin = (path: string, body?: unknown) => portal.adminPost(path, body);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const teamNow = async () =>
  (await (await fetch(`${base}/api/v1/projects/${PROJECT}/members`)).json()) as {
    members: string[];
    changes: { state: string }[];
  };

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'web-members', env: { OPF_DEMO_DATA: 'off' } });
  ({ base } = portal);
  const spec = validRequest(PROJECT);
  spec.team = { name: PROJECT, owner: 'octo-owner', members: ['octo-owner', 'mate-one'] };
  const created = await admin('/api/v1/requests', spec);
  expect(created.status).toBe(201);
  requestId = ((await created.json()) as { id: number }).id;
  await admin(`/api/v1/requests/${requestId}/start-review`);
  await admin(`/api/v1/requests/${requestId}/approve`);
  await until(
    async () =>
      (
        (await (await fetch(`${base}/api/v1/requests/${requestId}`)).json()) as {
          request: { state: string };
        }
      ).request.state === 'active',
    'onboarding',
  );
}, 60_000);

afterAll(() => portal?.close());

/** The page scrolls inside its layout: picture the team panel itself. */
async function panelShot(page: Page, name: string): Promise<void> {
  await page
    .locator('[data-test="team-members"]')
    .screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function openDetail(page: Page): Promise<void> {
  await page.goto(`${base}/requests/${requestId}`);
  await page.locator('[data-test="member"]').first().waitFor();
}

describe.skipIf(missing)('team members on the active request’s page', NEEDS_CHROMIUM, () => {
  it('anyone sees the team; no form without being its owner', async () => {
    const page = await portal.context.newPage();
    const problems = await watchProblems(page);
    await openDetail(page);
    const listed = await page.locator('[data-test="member"]').allTextContents();
    expect(listed.map((text) => text.trim())).toEqual(['octo-owner owner', 'mate-one']);
    expect(await page.locator('#member-login').count()).toBe(0);
    expect(await page.locator('[data-test="member-remove"]').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('the owner adds (the refusal shows at the field) and removes; the job delivers both', async () => {
    const { cookie } = await sessionFor(portal.running.database.db, 'octo-owner');
    await portal.context.addCookies([
      { name: 'opf_session', value: cookie.split('=')[1]!, url: base },
    ]);
    const page = await portal.context.newPage();
    const problems = await watchProblems(page);
    // The portal asks who is signed in only once the user chose to sign in.
    await page.addInitScript({ content: "localStorage.setItem('opf.signedIn', '1');" });
    await openDetail(page);
    await page.locator('#member-login').waitFor();
    await page.fill('#member-login', 'MATE-ONE');
    await page.click('[data-test="member-add"]');
    const fieldError = page.locator('[data-test="field-error"]');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('already a member');
    expect(await page.locator('#member-login').getAttribute('aria-invalid')).toBe('true');
    await panelShot(page, 'team-members-refused');
    expect(await seriousAxeViolations(page), 'axe with the field error').toEqual([]);

    await page.fill('#member-login', 'new-mate');
    await page.click('[data-test="member-add"]');
    await page.locator('[data-test="member-change-done"]').waitFor();
    await until(async () => (await teamNow()).members.includes('new-mate'), 'the addition');

    await page.click('[aria-label="Remove mate-one from the team"]');
    await page
      .locator('[data-test="member-change-done"]', { hasText: 'Removing mate-one' })
      .waitFor();
    await until(async () => !(await teamNow()).members.includes('mate-one'), 'the removal');
    await openDetail(page);
    expect(await page.locator('[data-test="member"]').allTextContents()).toEqual([
      'octo-owner owner',
      'new-mate Remove',
    ]);
    expect(await page.locator('[data-test="member-change"]').count()).toBe(2);
    await panelShot(page, 'team-members-owner');
    expect(await seriousAxeViolations(page), 'axe for the owner').toEqual([]);
    // The refused addition is a 409 the browser logs as a failed resource; nothing else.
    expect(problems.filter((p) => !p.includes('409'))).toEqual([]);
    await page.close();

    // The page knows the team as delivered, as the API does: the new member may comment,
    // the removed one may not (though the request itself still names them).
    for (const [login, canComment] of [
      ['new-mate', true],
      ['mate-one', false],
    ] as const) {
      await portal.context.clearCookies();
      const session = await sessionFor(portal.running.database.db, login);
      await portal.context.addCookies([
        { name: 'opf_session', value: session.cookie.split('=')[1]!, url: base },
      ]);
      const as = await portal.context.newPage();
      await as.addInitScript({ content: "localStorage.setItem('opf.signedIn', '1');" });
      await openDetail(as);
      const shown = canComment ? '[data-test="comment-post"]' : '[data-test="comment-not-member"]';
      await as.locator(shown).waitFor();
      await as.close();
    }
  }, 60_000);
});
