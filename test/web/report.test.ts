import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFixedWeek } from '../reports/seed-store.ts';
import {
  chromiumMissing,
  NEEDS_CHROMIUM,
  SCREENSHOTS,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { screenshotBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
let portal: TestPortal;
const WEEK = 'from=2026-11-01&to=2026-11-08';

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'report' });
  // The fixed week of test/reports, written through the store as opf records it.
  await seedFixedWeek(portal.running.database.db);
}, 400_000);

afterAll(() => portal?.close());

async function visit(path: string, ready: string, name: string): Promise<Page> {
  const page = await portal.context.newPage();
  const problems = await watchProblems(page);
  await page.goto(`${portal.base}${path}`);
  await page.locator(ready).first().waitFor();
  await screenshotBothWidths(page, name);
  expect(problems, `console and CSP on ${path}`).toEqual([]);
  expect(await seriousAxeViolations(page), `axe on ${path}`).toEqual([]);
  return page;
}

describe.skipIf(missing)(
  `the report page${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('renders the fixed week with its charts, its gap shown as a gap, and its findings', async () => {
      const page = await visit(
        `/projects/aurora/report?${WEEK}`,
        '[data-test="report-chart-memory"] svg',
        'report',
      );
      const namespaces = page.locator('[data-test="report-namespace"]');
      expect(await namespaces.count()).toBe(2);
      const prod = namespaces.filter({ hasText: 'aurora-prod' });
      // One bar per day of the week, and the day with six hours missing marked as a gap.
      expect(
        await prod.locator('[data-test="report-chart-cpu"] [data-test="chart-bar"]').count(),
      ).toBe(7);
      const gaps = prod.locator('[data-test="report-chart-cpu"] [data-test="chart-gap"]');
      expect(await gaps.count()).toBe(1);
      expect(await gaps.first().evaluate((el) => el.parentElement?.getAttribute('data-day'))).toBe(
        '2026-11-03',
      );
      // The two days memory reached its limit are drawn as such.
      expect(
        await prod.locator('[data-test="report-chart-memory"] .opf-report-bar-full').count(),
      ).toBe(2);
      expect(await prod.locator('[data-test="report-cpu"]').textContent()).toBe(
        '300m / 600m / 600m of 1 core',
      );
      const title = await prod.locator('[data-test="report-chart-memory"] svg title').textContent();
      expect(title).toBe('Memory of aurora-prod, daily peak against the limit');
      expect(await page.locator('[data-test="report-gaps"]').textContent()).toContain('moc/smaug');
      const findings = page.locator('[data-test="report-finding"]');
      expect(await findings.count()).toBe(13);
      expect(await prod.locator('[data-test="report-never-ready"]').textContent()).toBe(
        '5 pod-hours in 3 hours, at most 2 at once; worst day 2026-11-04 (5 pod-hours)',
      );
      expect(await findings.first().getAttribute('data-kind')).toBe('memory-limit-reached');
      expect(await findings.first().textContent()).toContain('p95 is 92% of the limit');
      expect(await page.locator('[data-test="report-incident-row"]').count()).toBe(2);
      // The page scrolls inside its frame: the namespace with its charts, at both widths.
      for (const [width, height, suffix] of [
        [1280, 800, ''],
        [390, 844, '-phone'],
      ] as const) {
        await page.setViewportSize({ width, height });
        await prod.scrollIntoViewIfNeeded();
        await prod.screenshot({ path: join(SCREENSHOTS, `report-namespace${suffix}.png`) });
      }
    }, 120_000);

    it('is linked from the project page, and a bad range says why', async () => {
      const page = await visit(
        '/projects/aurora',
        '[data-test="project-report-link"]',
        'report-section',
      );
      await page.locator('[data-test="project-report-link"]').click();
      await page.locator('[data-test="report-coverage"]').waitFor();
      expect(page.url()).toContain('/projects/aurora/report');
      // Empty fields show the format, never a date that is not the default period's.
      for (const field of ['report-from', 'report-to'])
        expect(
          await page.locator(`[data-test="${field}"]`).getAttribute('placeholder'),
        ).not.toMatch(/\d/);
      await page.locator('[data-test="report-from"]').fill('2026-11-08');
      await page.locator('[data-test="report-to"]').fill('2026-11-01');
      await page.locator('[data-test="report-show"]').click();
      const error = page.locator('[data-test="load-error"]');
      await error.waitFor();
      expect(await error.textContent()).toContain('must be after from');
      expect(await seriousAxeViolations(page), 'axe with the error shown').toEqual([]);
    }, 120_000);
  },
);
