import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgendaItem } from '../../src/store/index.ts';
import { seedActivation, seedFixedWeek } from '../reports/seed-store.ts';
import {
  chromiumMissing,
  NEEDS_CHROMIUM,
  resizeAndSettle,
  SCREENSHOTS,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { chartTextScale } from './chart-text.ts';
import { screenshotBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
let portal: TestPortal;
const WEEK = 'from=2026-11-01&to=2026-11-08';

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'cloud-report' });
  // The fixed week of test/reports and its one activation, written through the store; and the
  // agenda item the monthly job writes for the cloud's report, with its notes as it writes them.
  const { db } = portal.running.database;
  await seedFixedWeek(db);
  await seedActivation(db);
  await db.transaction().execute((tx) =>
    insertAgendaItem(
      { tx },
      {
        meeting: 'coordination',
        date: '2026-12-09',
        kind: 'topic',
        requestId: null,
        title: 'The cloud’s report for 2026-11',
        notes: `${portal.base}/api/v1/report.md?${WEEK} — 6 top consumers, 2 incidents, 1 projects onboarded, 0 at risk.`,
        addedBy: 'system:reports',
      },
    ),
  );
}, 400_000);

afterAll(() => portal?.close());

async function visit(path: string, ready: string, name: string): Promise<Page> {
  const page = await portal.context.newPage();
  const problems = await watchProblems(page);
  await page.goto(`${portal.base}${path}`);
  await page.locator(ready).first().waitFor();
  await screenshotBothWidths(page, name);
  // Axe at both widths: the tables stack into cards and the charts redraw at phone width.
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await resizeAndSettle(page, { width, height });
    expect(await seriousAxeViolations(page), `axe on ${path} at ${width} px`).toEqual([]);
  }
  expect(problems, `console and CSP on ${path}`).toEqual([]);
  return page;
}

describe.skipIf(missing)(
  `the cloud’s report page${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('renders the fixed week with its charts, its gap as a gap, and every section', async () => {
      const page = await visit(
        `/report?${WEEK}`,
        '[data-test="cloud-coverage-chart"] svg',
        'cloud-report',
      );
      const clusters = page.locator('[data-test="cloud-cluster"]');
      expect(await clusters.count()).toBe(2);
      const smaug = clusters.filter({ hasText: 'moc/smaug' });
      expect(await smaug.locator('[data-test="chart-bar"]').count()).toBe(7);
      const gaps = smaug.locator('[data-test="chart-gap"]');
      expect(await gaps.count()).toBe(1);
      expect(await gaps.first().evaluate((el) => el.parentElement?.getAttribute('data-day'))).toBe(
        '2026-11-03',
      );
      expect(await page.locator('[data-test="report-gaps"]').textContent()).toContain(
        '6 hours are missing',
      );
      // The fixed week's five peers and aurora, and the portal's demo project (its month of
      // sample usage reaches into the week), labelled as sample data.
      const consumers = page.locator('[data-test="cloud-consumer-row"]');
      expect(await consumers.count()).toBe(7);
      expect(await consumers.nth(1).textContent()).toContain('peer-5');
      expect(await consumers.filter({ hasText: 'aurora' }).count()).toBe(1);
      expect(await consumers.first().textContent()).toContain('telemetry-demo (sample data)');
      // aurora's two namespaces and the demo project's two.
      const idle = page.locator('[data-test="cloud-idle-namespace-row"]');
      expect(await idle.count()).toBe(4);
      expect(await idle.filter({ hasText: 'aurora-' }).count()).toBe(2);
      expect(
        await page.locator('[data-test="cloud-incident-cluster-row"]').textContent(),
      ).toContain('9 h 30 min');
      expect(await page.locator('[data-test="cloud-onboarding"]').textContent()).toContain(
        '3.5 days (median)',
      );
      expect(
        await page.locator('[data-test="cloud-onboarding-chart"] [data-test="chart-bar"]').count(),
      ).toBe(1);
      expect(await page.locator('[data-test="cloud-at-risk"]').count()).toBe(1);
      expect(await page.locator('[data-test="report-markdown"]').getAttribute('href')).toBe(
        `/api/v1/report.md?${WEEK}`,
      );
      expect(await page.locator('[data-test="report-json"]').getAttribute('href')).toBe(
        `/api/v1/report?${WEEK}`,
      );
      // A whole day harvested is not drawn as a warning; the short day has its hours as a bar.
      expect(await smaug.locator('.opf-report-bar-full').count()).toBe(0);
      // The whole page, to look at: it scrolls inside its frame, so a tall window shows it all.
      for (const [width, height, suffix] of [
        [1280, 2400, ''],
        [390, 5200, '-phone'],
      ] as const) {
        await resizeAndSettle(page, { width, height });
        await page.screenshot({ path: join(SCREENSHOTS, `cloud-report-full${suffix}.png`) });
      }
      // The chart labels are drawn at their CSS size at phone width, not scaled down.
      await resizeAndSettle(page, { width: 375, height: 812 });
      expect(await chartTextScale(page, '[data-test="cloud-coverage-chart"]')).toBeGreaterThan(
        11.5,
      );
    }, 180_000);

    it('is in the navigation, and the coordination meeting’s agenda links to it', async () => {
      const page = await visit(
        '/meetings/coordination/2026-12-09',
        '[data-test="agenda-cloud-report"]',
        'cloud-report-agenda',
      );
      await page.locator('[data-test="agenda-cloud-report"]').click();
      await page.locator('[data-test="cloud-report"]').waitFor();
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/report?${WEEK}`);
      expect(await page.locator('#report-from').inputValue()).toBe('2026-11-01');
      expect(await page.locator('[data-test="nav-cloud-report"]').count()).toBe(1);
    }, 180_000);
  },
);
