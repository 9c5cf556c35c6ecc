import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTEXT_OPTIONS,
  chromiumMissing,
  NEEDS_CHROMIUM,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { lookAtBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

// Issue 15's remaining points on the embedded default (loopback, demo data, no provider): the
// overview's API calls, the cloud's name from OPF_CLOUD_NAME in the masthead, and the pages
// the sign-in flow ends on (signed out, the CLI's token) as portal pages with a way back.

const missing = chromiumMissing();
const CLOUD = 'Example Research Cloud';
let portal: TestPortal;
let context: BrowserContext;
let base: string;

/** Both widths, axe at both, nothing wider than the phone. */
async function lookAt(page: Page, name: string): Promise<void> {
  await lookAtBothWidths(page, name, {
    desktop: async () => {
      expect((await seriousAxeViolations(page)).join('\n'), `${name} at 1280×800`).toBe('');
    },
    phone: async () => {
      expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(
        390,
      );
      expect((await seriousAxeViolations(page)).join('\n'), `${name} at phone width`).toBe('');
      // The masthead's controls are whole on the phone: none reaches past the screen's edge (a
      // clipped box does not widen the page, so scrollWidth alone would not see it).
      const cut = await page.evaluate(`[...document.querySelectorAll('header button, header a')]
        .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > innerWidth)
        .map((el) => el.textContent.trim())`);
      expect(cut, `${name}: masthead controls past the phone's edge`).toEqual([]);
    },
  });
}

describe.skipIf(missing !== undefined)(
  'the portal frame and the sign-in flow',
  NEEDS_CHROMIUM,
  () => {
    beforeAll(async () => {
      portal = await startTestPortal({ name: 'frame', env: { OPF_CLOUD_NAME: CLOUD } });
      ({ base, context } = portal);
    }, 240_000);
    afterAll(() => portal?.close());

    it('the overview fills every panel from at most two API calls', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      const calls: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) calls.push(request.url());
      });
      await page.goto(`${base}/overview`);
      // Each panel filled: its rows, or the words that there are none.
      for (const panel of [
        '[data-test="recent-request"]',
        '[data-test="incidents-none-open"], [data-test="overview-incident-list"]',
        '[data-test="at-risk-none"], [data-test="at-risk-row"]',
      ])
        await page.locator(panel).first().waitFor();
      await page.locator('[data-test="overview-usage"] [data-test^="usage-"]').first().waitFor();
      // Nothing more is asked once the panels are filled. A first visit is rendered on the
      // server (ADR 0035): the calls it made there come embedded in the page; they count too.
      await page.waitForLoadState('networkidle');
      const embedded = Object.keys(
        (
          JSON.parse(
            (await page.evaluate(
              "document.getElementById('opf-prerendered')?.textContent ?? '{}'",
            )) as string,
          ) as {
            data?: Record<string, unknown>;
          }
        ).data ?? {},
      );
      const all = [...calls.map((url) => new URL(url).pathname + new URL(url).search), ...embedded];
      expect(all.length, all.join('\n')).toBeLessThanOrEqual(2);
      expect(all.map((url) => url.split('?')[0])).toContain('/api/v1/overview');
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('a long list of projects at risk shows the worst ten, and all of them when asked', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      // Twelve inactive projects, answered by the browser's own calls: the page is reached by
      // the portal's navigation (not a first visit rendered on the server), so both lists pass here.
      const records = Array.from({ length: 12 }, (_, i) => ({
        project: `quiet-${i + 1}`,
        displayName: `Quiet ${i + 1}`,
        status: 'inactive',
        requestId: null,
        reasons: [{ code: 'idle', text: 'no sign of life from the team' }],
      }));
      const asked: string[] = [];
      await page.route('**/api/v1/engagement?*', (route) => {
        const url = new URL(route.request().url());
        asked.push(url.search);
        const limit = Number(url.searchParams.get('limit') ?? records.length);
        return route.fulfill({
          json: { items: records.slice(0, limit), total: records.length },
        });
      });
      await page.goto(`${base}/`);
      await page.locator('nav a[href="/overview"]').first().click();
      await page.locator('[data-test="at-risk-all"]').waitFor();
      expect(await page.locator('[data-test="at-risk-row"]').count()).toBe(10);
      expect(await page.locator('[data-test="at-risk-all"]').textContent()).toBe('Show all 12');
      await page.locator('[data-test="at-risk-all"]').click();
      await page.locator('[data-test="at-risk-row"]').nth(11).waitFor();
      expect(await page.locator('[data-test="at-risk-all"]').count()).toBe(0);
      expect(asked).toEqual([
        '?status=at-risk&status=inactive&limit=10',
        '?status=at-risk&status=inactive',
      ]);
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('the masthead names the cloud as configured (OPF_CLOUD_NAME), also on /api/v1/site', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      expect(await page.locator('[data-test="brand"]').textContent()).toContain(CLOUD);
      const site = (await (await fetch(`${base}/api/v1/site`)).json()) as { cloudName: string };
      expect(site.cloudName).toBe(CLOUD);
      await page.close();
    });

    it('a reader who asked for less motion sees the sidebar fade, not slide; others see it slide', async () => {
      const sidebarTransition = async (ctx: BrowserContext) => {
        const page = await ctx.newPage();
        await page.goto(`${base}/`);
        const property = await page.evaluate(
          "getComputedStyle(document.querySelector('.pf-v6-c-page__sidebar')).transitionProperty",
        );
        await page.close();
        return String(property);
      };
      // The test contexts ask for reduced motion (CONTEXT_OPTIONS).
      expect(await sidebarTransition(context)).not.toContain('transform');
      const browser = context.browser();
      if (!browser) throw new Error('a browser of its own (no shared Chromium): run under vitest');
      const moving = await browser.newContext({
        ...CONTEXT_OPTIONS,
        reducedMotion: 'no-preference',
      });
      try {
        expect(await sidebarTransition(moving)).toContain('transform');
      } finally {
        await moving.close();
      }
    });

    it('signing out lands on the portal’s signed-out page; /auth/token on the portal’s tokens page', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/sign-in`);
      await page.click('[data-test="demo-sign-in-developer"]');
      await page.locator('[data-test="session-user"]').waitFor();
      // The CLI's address for a token: the portal's page, signed in, with the portal's frame.
      await page.goto(`${base}/auth/token`);
      await page.waitForURL(`${base}/account/tokens`);
      await page.locator('[data-test="token-create-panel"]').waitFor();
      await lookAt(page, 'frame-cli-token');
      await page.click('[data-test="session-user"]');
      await page.click('[data-test="session-sign-out"]');
      await page.waitForURL(`${base}/signed-out`);
      await page.locator('[data-test="signed-out-actions"]').waitFor();
      expect(await page.locator('h1').textContent()).toBe('You are signed out');
      expect(await page.locator('[data-test="session-sign-in"]').count()).toBe(1);
      await lookAt(page, 'frame-signed-out');
      // The session is over: the API no longer knows this browser.
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(me).toBe(401);
      // …and the way back in is the sign-in page.
      await page.click('[data-test="signed-out-sign-in"]');
      await page.waitForURL(`${base}/sign-in`);
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
      await page.close();
    }, 120_000);

    it('a sign-in the provider sent back in error lands on the sign-in page, said in words', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      // A callback this browser never started (no state cookie): a browser navigation reads
      // HTML, so it is sent to the portal's page, not shown the API's JSON error.
      await page.goto(`${base}/auth/callback?code=stolen&state=not-ours`);
      await page.waitForURL(`${base}/sign-in?failed=OPF_ERR_AUTH_STATE_INVALID`);
      const notice = page.locator('[data-test="sign-in-error"]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('This sign-in expired, was already used');
      // The ways in are still offered, and the way back.
      await page.locator('[data-test="demo-sign-in-developer"]').waitFor();
      await lookAt(page, 'frame-sign-in-failed');
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);
  },
);
