import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TERMS } from '../../src/core/index.ts';
import {
  chromiumMissing,
  cutHeaders,
  NEEDS_CHROMIUM,
  SCREENSHOTS,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { lookAtBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

// Journeys 1, 2 and 3 of ../shared/design/JOURNEYS.md on the embedded default (`npm start`:
// loopback, PGlite, demo data, no sign-in provider), in chromium: the demo developer brings a
// project and finds it on the coordination meeting's agenda; the demo ops engineer runs that
// meeting (attendance, the approving decision, minutes) and announces; a visitor who never
// signs in reads the minutes, the announcement and the project's page. Every new page is
// looked at 1280×800 and at phone width, with axe and the console watched.

const missing = chromiumMissing();
const PROJECT = 'journey-lab';
/** Where the brief asks the screenshots to be kept, beside test-output/screenshots. */
const SHOTS_COPY = process.env.OPF_SHOTS_DIR;

let portal: TestPortal;
let context: BrowserContext;
let base: string;
let occurrence: string;
let requestId: number;
let announcementId: number;

/** Screenshots at both widths, and axe at both: no serious or critical finding. */
async function lookAt(page: Page, name: string): Promise<void> {
  await lookAtBothWidths(page, `journey-${name}`, {
    desktop: async () => {
      expect((await seriousAxeViolations(page)).join('\n'), `${name} at 1280×800`).toBe('');
      expect(await cutHeaders(page), `${name}: table headers cut at 1280 px`).toEqual([]);
    },
    phone: async () => {
      // One masthead row at phone width: the brand and the controls share one line.
      const masthead = await page.locator('header.pf-v6-c-masthead').boundingBox();
      expect(masthead?.height ?? 0, `${name}: masthead height at phone width`).toBeLessThan(90);
      // …and nothing wider than the phone.
      expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(
        390,
      );
      expect((await seriousAxeViolations(page)).join('\n'), `${name} at phone width`).toBe('');
    },
  });
}

/** Every answer of 400 or more, to name the resource behind a console's "Failed to load". */
function watchFailures(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  return failed;
}

async function signOut(page: Page): Promise<void> {
  await page.click('[data-test="session-user"]');
  await page.click('[data-test="session-sign-out"]');
  // The portal's own signed-out page (POST /auth/logout answers 303 there).
  await page.locator('[data-test="signed-out-actions"]').waitFor();
}

describe.skipIf(missing !== undefined)(
  'journeys in the browser on the embedded default',
  NEEDS_CHROMIUM,
  () => {
    beforeAll(async () => {
      portal = await startTestPortal({ name: 'journeys' });
      context = portal.context;
      base = portal.base;
      const meetings = (await (await fetch(`${base}/api/v1/meetings`)).json()) as {
        next: { meeting: string; date: string }[];
      };
      occurrence = meetings.next.find((o) => o.meeting === 'coordination')!.date;
    }, 240_000);
    afterAll(async () => {
      await portal?.close();
      if (SHOTS_COPY) {
        mkdirSync(SHOTS_COPY, { recursive: true });
        for (const file of readdirSync(SCREENSHOTS).filter((f) => f.startsWith('journey-')))
          cpSync(join(SCREENSHOTS, file), join(SHOTS_COPY, file));
      }
    });

    it('(a) the demo developer signs in, brings a project through the wizard, and finds it on the next coordination meeting’s agenda', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      const failures = watchFailures(page);
      await page.goto(`${base}/requests/new`);
      // Said at the first step, before anything is typed.
      await page.locator('[data-test="sign-in-needed"]').waitFor();
      await page.fill('#field-project-name', PROJECT);
      await page.fill('#field-project-displayName', 'Journey Lab');
      await page.fill('#field-project-description', 'Brought through the portal by the journey.');
      await page.click('[data-test="sign-in-needed"] a');
      await page.waitForURL(`${base}/sign-in?return_to=%2Frequests%2Fnew`);
      await page.locator('[data-test="demo-user"]').first().waitFor();
      expect(await page.locator('[data-test="demo-label"]').first().textContent()).toBe('Demo');
      await lookAt(page, 'sign-in');
      await page.click('[data-test="demo-sign-in-developer"]');
      await page.waitForURL(`${base}/requests/new`);
      expect(await page.locator('[data-test="session-user"]').textContent()).toContain(
        'demo-developer',
      );
      // What was typed before signing in is still there.
      expect(await page.inputValue('#field-project-name')).toBe(PROJECT);
      expect(await page.locator('[data-test="sign-in-needed"]').count()).toBe(0);
      await page.click('[data-test="wizard-next"]');
      await page.fill('#field-team-name', `${PROJECT}-team`);
      await page.fill('#field-team-owner', 'demo-developer');
      await page.fill('#field-team-members', 'demo-developer');
      await page.click('[data-test="wizard-next"]');
      await page.fill('#field-namespaces-0-name', `${PROJECT}-dev`);
      await page.selectOption('#field-namespaces-0-cluster', 'moc/smaug');
      await page.check('#field-namespaces-0-tier-small');
      await page.click('[data-test="wizard-next"]');
      await page.click('[data-test="wizard-next"]');
      for (const term of SEED_TERMS.items) await page.check(`#term-${term.id}`);
      await page.click('[data-test="wizard-next"]');
      await page.click('[data-test="wizard-submit"]');
      await page.waitForURL(/\/requests\/\d+$/);
      requestId = Number(page.url().split('/').pop());

      // From the navigation to the meetings, the coordination meeting, its next occurrence.
      await page.click('[data-test="nav-meetings"]');
      await page.locator('[data-test="meeting"]').first().waitFor();
      await lookAt(page, 'meetings');
      await page
        .locator('[data-test="meeting"]', { hasText: 'Coordination' })
        .locator('[data-test="meeting-link"]')
        .click();
      await page.locator('[data-test="parity-year"]').first().waitFor();
      await page.locator('[data-test="occurrence"]').first().waitFor();
      expect(await page.locator('[data-test="subscribe-webcal"]').getAttribute('href')).toMatch(
        /^webcal:\/\/127\.0\.0\.1:\d+\/api\/v1\/meetings\/coordination\.ics$/,
      );
      await lookAt(page, 'meeting');
      await page.goto(`${base}/meetings/coordination/${occurrence}`);
      const item = page.locator('[data-test="agenda-item"]', { hasText: PROJECT });
      await item.waitFor();
      // A developer reads the agenda; deciding is for ops.
      expect(await page.locator('[data-test="decision-0-record"]').count()).toBe(0);
      await lookAt(page, 'agenda-developer');
      await signOut(page);
      expect(failures, 'answers of 400 or more').toEqual([]);
      expect(problems, 'console and CSP').toEqual([]);
      await page.close();
    }, 180_000);

    it('(b) the demo ops engineer opens that meeting, records attendance, an approving decision and the minutes; the request becomes active with its commit', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/meetings/coordination/${occurrence}`);
      await page.click('[data-test="session-sign-in"]');
      await page.click('[data-test="demo-sign-in-ops"]');
      await page.waitForURL(`${base}/meetings/coordination/${occurrence}`);
      expect(await page.locator('[data-test="session-role"]').textContent()).toContain('ops');
      const item = page.locator('[data-test="agenda-item"]', { hasText: PROJECT });
      await item.locator('.pf-v6-c-label', { hasText: /submitted/i }).waitFor();
      // Submitted: the meeting starts the review, then approves.
      await item.locator('input[id$="-text"]').fill('Brought to the meeting; review started.');
      await item.locator('button[data-test$="-record"]').click();
      await item.locator('.pf-v6-c-label', { hasText: /in review/i }).waitFor();
      await item.locator('input[id$="-text"]').fill('Approved by the coordination meeting.');
      expect(await item.locator('select[id$="-action"]').inputValue()).toBe('approve');
      await item.locator('button[data-test$="-record"]').click();
      await item
        .locator('[data-test="agenda-decision"]', { hasText: 'Approved by the coordination' })
        .waitFor();
      await page.fill('#attendance', 'demo-ops\ndemo-developer');
      await page.fill(
        '#minutes',
        `# Decisions\n\n- **${PROJECT}** approved ([request](${base}/requests/${requestId}))\n- <script>alert("x")</script> stays text\n- [no](javascript:alert(1)) link`,
      );
      await page.click('[data-test="minutes-save"]');
      await page.locator('[data-test="minutes-text"] h3', { hasText: 'Decisions' }).waitFor();
      await page.locator('[data-test="attendee"]', { hasText: 'demo-developer' }).waitFor();
      // Rendered safely: the script is text, the javascript: link is no link.
      expect(await page.locator('[data-test="minutes-text"] script').count()).toBe(0);
      expect(await page.locator('[data-test="minutes-text"]').textContent()).toContain(
        '<script>alert("x")</script>',
      );
      expect(await page.locator('[data-test="minutes-text"] a[href^="javascript"]').count()).toBe(
        0,
      );
      await lookAt(page, 'agenda-ops');

      // The approval from the meeting is the request's approval: committed, then active.
      const sha = await portal.committedSha(requestId);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      await expect
        .poll(
          async () =>
            (
              (await (await fetch(`${base}/api/v1/requests/${requestId}`)).json()) as {
                request: { state: string };
              }
            ).request.state,
          { timeout: 20_000 },
        )
        .toBe('active');
      const history = (await (
        await fetch(`${base}/api/v1/requests/${requestId}/history`)
      ).json()) as { items: { action: string; actor: string; reason: string | null }[] };
      expect(history.items).toContainEqual(
        expect.objectContaining({
          action: 'request.approve',
          actor: 'demo-ops',
          reason: expect.stringContaining('Approved by the coordination meeting'),
        }),
      );

      // Ops announce it, choosing the channels.
      await page.click('[data-test="nav-announcements"]');
      await page.click('[data-test="compose-toggle"] button');
      await page.fill('#announce-title', `${PROJECT} joins the cloud`);
      await page.fill('#announce-body', `Welcome **${PROJECT}**: approved at the meeting.`);
      const boxes = page.locator('input[id^="announce-channel-"]');
      expect(await boxes.count()).toBeGreaterThan(1);
      await page.uncheck('#announce-channel-openinfralabs');
      await page.click('[data-test="announce-send"]');
      await page.waitForURL(/\/announcements\/\d+$/);
      announcementId = Number(page.url().split('/').pop());
      const sent = (await (
        await fetch(`${base}/api/v1/announcements/${announcementId}`)
      ).json()) as { channels: string[] | null };
      expect(sent.channels).not.toContain('openinfralabs');
      expect(sent.channels?.length).toBeGreaterThan(0);
      await page.locator('[data-test="announcement-body"] strong', { hasText: PROJECT }).waitFor();
      await lookAt(page, 'announcement-ops');
      await signOut(page);
      expect(problems, 'console and CSP').toEqual([]);
      await page.close();
    }, 180_000);

    it('(c) a visitor who never signs in reads the minutes, the announcement, and the project’s page', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/`);
      // Above the fold at 1280×800: the next coordination meeting, its calendar, the lists.
      const next = page.locator('[data-test="next-coordination"]');
      await next.waitFor();
      expect((await next.boundingBox())!.y + 40).toBeLessThan(800);
      expect(await next.locator('[data-test="calendar-link"]').getAttribute('href')).toMatch(
        /^webcal:/,
      );
      expect(await next.locator('[data-test="mailing-list-link"]').count()).toBeGreaterThan(0);
      await lookAt(page, 'front');

      await page.click('[data-test="next-coordination-agenda"]');
      await page.locator('[data-test="minutes-text"] strong', { hasText: PROJECT }).waitFor();
      expect(await page.locator('#minutes').count()).toBe(0);
      expect(await page.locator('[data-test="decision-0-record"]').count()).toBe(0);
      await lookAt(page, 'agenda-visitor');

      await page.click('[data-test="nav-announcements"]');
      const head = await page.locator('link[rel="alternate"][type="application/atom+xml"]').all();
      expect(await Promise.all(head.map((l) => l.getAttribute('href')))).toContain(
        '/api/v1/feeds/announcements.atom',
      );
      await page.locator('[data-test="announcement"]', { hasText: PROJECT }).first().waitFor();
      expect(await page.locator('[data-test="compose-toggle"]').count()).toBe(0);
      await lookAt(page, 'announcements');
      await page.click(`a[href="/announcements/${announcementId}"]`);
      await page.locator('[data-test="announcement-body"]').waitFor();
      await lookAt(page, 'announcement');

      await page.click('[data-test="nav-projects"]');
      await page.locator('[data-test="project-link"]', { hasText: 'Journey Lab' }).click();
      await page.waitForURL(`${base}/projects/${PROJECT}`);
      await page.locator('[data-test="project-owner"]', { hasText: 'demo-developer' }).waitFor();
      await page.locator('[data-test="namespaces-row"]', { hasText: `${PROJECT}-dev` }).waitFor();
      // The console link comes with the clusters' answer, which may land after the rows.
      await expect
        .poll(() => page.locator('[data-test="namespaces-row"] [data-test="console-link"]').count())
        .toBe(1);
      await page.locator('[data-test="project-request"]', { hasText: 'active' }).waitFor();
      await page
        .locator('[data-test="project-announcement"]', { hasText: `${PROJECT} joins` })
        .waitFor();
      await lookAt(page, 'project');

      // A path the portal does not know: its own not-found page, as HTML.
      const missingPage = await page.goto(`${base}/nope`);
      expect(missingPage?.status()).toBe(404);
      expect(missingPage?.headers()['content-type']).toMatch(/^text\/html/);
      await page.locator('[data-test="page-not-found"]').waitFor();
      expect(
        problems.filter((p) => !p.includes('404')),
        'console and CSP',
      ).toEqual([]);
      await page.close();
    }, 180_000);
  },
);
