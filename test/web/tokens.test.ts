import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../cli/helpers.ts';
import { chromiumMissing, NEEDS_CHROMIUM, seriousAxeViolations, watchProblems } from './browser.ts';
import { screenshotBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
let portal: TestPortal;
let context: BrowserContext;
let base: string;

const USER = { id: 5151, login: 'octo-tokens', name: 'Octo Tokens', email: null };
const PAGE = '/account/tokens';

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'web-tokens', githubUser: USER });
  ({ base, context } = portal);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
}, 60_000);

afterAll(() => portal?.close());

/** Screenshots at 1280×800 and phone width, then axe-core on the page as it is. */
async function check(page: Page, name: string): Promise<void> {
  await screenshotBothWidths(page, name);
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
}

function bearerGet(path: string, token: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

const fieldError = (page: Page, id: string) =>
  page.locator(`#${id}-message [data-test="field-error"]`);

describe.skipIf(missing)(
  `the API tokens page in chromium${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('an anonymous visitor is asked to sign in, and signing in comes back to the page', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}${PAGE}`);
      await page.locator('[data-test="tokens-sign-in"]').waitFor();
      expect(await page.locator('[data-test="token-form"]').count()).toBe(0);
      expect(await page.locator('[data-test="nav-tokens"]').count()).toBe(0);
      // Nobody signed in yet: the page asked the API nothing, so no 401 in the console.
      expect(problems, 'console and CSP').toEqual([]);
      await check(page, 'tokens-anonymous');

      await page.click('[data-test="tokens-sign-in-button"]');
      // The portal's sign-in page lists the one provider configured here.
      await page.click('[data-test="sign-in-github"]');
      await page.locator('[data-test="tokens-empty"]').waitFor();
      expect(page.url()).toBe(`${base}${PAGE}`);
      expect(await page.locator('[data-test="tokens-who"]').textContent()).toContain(
        `${USER.login} (user)`,
      );
      // A plain user is offered the scopes a user's token can use, no more.
      for (const scope of ['read', 'request'])
        expect(await page.locator(`#token-scope-${scope}`).count()).toBe(1);
      for (const scope of ['review', 'admin'])
        expect(await page.locator(`#token-scope-${scope}`).count()).toBe(0);
      expect(problems, 'console and CSP').toEqual([]);
      await check(page, 'tokens-empty');
      await page.close();
    }, 45_000);

    it('a user creates a token, sees its secret once, uses it, and revokes it', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      // The way there: the signed-in user's menu in the masthead.
      await page.goto(`${base}/`);
      await page.click('[data-test="session-user"]');
      await page.click('[data-test="session-tokens"]');
      await page.waitForURL(`${base}${PAGE}`);
      await page.locator('[data-test="tokens-empty"]').waitFor();
      expect(await page.locator('[data-test="nav-tokens"]').count()).toBe(1);

      // Bad input: the API's refusals land at the fields they concern.
      await page.selectOption('#token-expiry', 'custom');
      await page.fill('#token-days', '400');
      await page.click('[data-test="token-create"]');
      await fieldError(page, 'token-name').waitFor();
      expect(await fieldError(page, 'token-days').textContent()).toMatch(/366/);
      expect(await page.locator('[data-test="token-form-error"]').count()).toBe(1);
      await check(page, 'tokens-invalid');
      // Typing in a field clears its message; a number that is no number is caught here.
      await page.fill('#token-name', 'ci deploy');
      expect(await fieldError(page, 'token-name').count()).toBe(0);
      await page.fill('#token-days', 'soon');
      await page.click('[data-test="token-create"]');
      expect(await fieldError(page, 'token-days').textContent()).toContain(
        'Write a whole number of days.',
      );
      await page.uncheck('#token-scope-read');
      await page.click('[data-test="token-create"]');
      expect(await fieldError(page, 'token-scopes').textContent()).toContain(
        'Choose at least one scope.',
      );

      // A good one: read + request, 30 days.
      await page.check('#token-scope-read');
      await page.check('#token-scope-request');
      await page.selectOption('#token-expiry', '30');
      await page.click('[data-test="token-create"]');
      await page.locator('[data-test="token-secret"]').waitFor();
      const secret = await page.inputValue('#token-secret-value');
      expect(secret).toMatch(/^opf_pat_/);
      expect(await page.locator('[data-test="token-secret"]').textContent()).toContain(
        'it will not be shown again',
      );
      // Focus lands on the secret, so the keyboard user is there at once.
      expect(await page.evaluate('document.activeElement.dataset.test')).toBe('token-secret');
      await page.click(
        '[data-test="token-secret"] button[aria-label="Copy the token to the clipboard"]',
      );
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
      // The button's "copied" tooltip goes once the pointer leaves: axe below must not meet it
      // half faded (its text then fails the contrast check).
      await page.mouse.move(0, 0);
      await page.locator('.pf-v6-c-tooltip').waitFor({ state: 'detached' });
      const row = page.locator('[data-test="tokens-table-row"]');
      await expect.poll(() => row.count()).toBe(1);
      const rowText = await row.textContent();
      for (const text of ['ci deploy', 'read', 'request', 'never', 'active'])
        expect(rowText).toContain(text);
      expect(rowText).toContain(secret.slice(0, 12));
      expect(rowText).not.toContain(secret);
      await check(page, 'tokens-secret');

      // The secret works against the API, as this user; the list never repeats it.
      const listed = await bearerGet('/api/v1/tokens', secret);
      expect(listed.status).toBe(200);
      const body = await listed.text();
      expect(body).not.toContain(secret);
      const items = (JSON.parse(body) as { items: { name: string; owner: string }[] }).items;
      expect(items.map((item) => [item.name, item.owner])).toEqual([['ci deploy', USER.login]]);

      // Dismissed, or the page reloaded: the secret is gone for good; "last used" shows the use.
      await page.click('[data-test="token-secret-done"]');
      expect(await page.locator('[data-test="token-secret"]').count()).toBe(0);
      await page.reload();
      await row.first().waitFor();
      expect(await page.content()).not.toContain(secret);
      expect(await page.locator('[data-test="token-last-used"]').textContent()).not.toBe('never');

      // Revoke, by keyboard: Escape backs out and nothing changes…
      await page.focus('[data-test="token-revoke"]');
      await page.keyboard.press('Enter');
      await page.locator('[data-test="token-revoke-dialog"]').waitFor();
      await check(page, 'tokens-revoke-dialog');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-test="token-revoke-dialog"]').count()).toBe(0);
      expect((await bearerGet('/api/v1/me', secret)).status).toBe(200);
      // …confirming revokes it at once.
      await page.focus('[data-test="token-revoke"]');
      await page.keyboard.press('Enter');
      await page.focus('[data-test="token-revoke-confirm"]');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[data-test="token-state"]').textContent())
        .toBe('revoked');
      expect(await page.locator('[data-test="token-revoke"]').count()).toBe(0);
      const refused = await bearerGet('/api/v1/tokens', secret);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('OPF_ERR_TOKEN_REVOKED');
      await check(page, 'tokens-revoked');

      // The refused creation is a 400 the browser logs as a failed resource; nothing else.
      expect(
        problems.filter((p) => !p.includes('status of 400')),
        'console and CSP',
      ).toEqual([]);
      // Signing out from the same menu.
      await page.click('[data-test="session-user"]');
      await page.click('[data-test="session-sign-out"]');
      await page.waitForURL((url) => !url.pathname.startsWith('/account'));
      // A form posted the session's CSRF token: the session is over, not just forgotten.
      await page.waitForURL(`${base}/signed-out`);
      await page.locator('[data-test="signed-out-actions"]').waitFor();
      const after = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(after).toBe(401);
      await page.close();
    }, 60_000);

    it('an admin gets every scope; a token cannot grant beyond its own scopes, said at the field', async () => {
      // A request-only token of the bootstrap admin: its role is admin, its scopes are not.
      const made = await fetch(`${base}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'admin automation', scopes: ['request'] }),
      });
      expect(made.status).toBe(201);
      const narrow = ((await made.json()) as { token: string }).token;

      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}${PAGE}`);
      await page.locator('[data-test="tokens-sign-in"]').waitFor();
      await page.click('[data-test="token-sign-in"]');
      await page.fill('#token-input', narrow);
      await page.click('[data-test="token-save"]');
      await page.locator('[data-test="tokens-table-row"]').first().waitFor();
      expect(await page.locator('[data-test="tokens-who"]').textContent()).toContain('(admin)');
      for (const scope of ['read', 'request', 'review', 'admin'])
        expect(await page.locator(`#token-scope-${scope}`).count()).toBe(1);
      expect(await page.locator('[data-test="token-row-name"]').allTextContents()).toEqual([
        'admin automation',
      ]);

      await page.fill('#token-name', 'wider');
      await page.check('#token-scope-review');
      await page.click('[data-test="token-create"]');
      await fieldError(page, 'token-scopes').waitFor();
      expect(await fieldError(page, 'token-scopes').textContent()).toContain('cannot grant review');
      expect(await page.locator('[data-test="token-secret"]').count()).toBe(0);
      await check(page, 'tokens-scope-refused');
      expect(
        problems.filter((p) => !p.includes('status of 403')),
        'console and CSP',
      ).toEqual([]);
      await page.close();
    }, 45_000);
  },
);
