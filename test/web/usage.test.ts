import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECT, seedSampleTelemetry } from '../../src/seed/index.ts';
import { validRequest } from '../support/fixtures.ts';
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
let requestId: number;

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'usage' });
  // An approved request becomes active through its delivery job; then a month of usage of
  // its namespace is written through the store (the harvest itself is judged against a real
  // Prometheus in test/telemetry).
  const created = await portal.adminPost('/api/v1/requests', validRequest('usage-web'));
  requestId = ((await created.json()) as { id: number }).id;
  for (const action of ['start-review', 'approve'])
    expect((await portal.adminPost(`/api/v1/requests/${requestId}/${action}`)).status).toBe(200);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const detail = (await (await fetch(`${portal.base}/api/v1/requests/${requestId}`)).json()) as {
      request: { state: string };
    };
    if (detail.request.state === 'active') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await portal.running.database.db.transaction().execute((tx) =>
    seedSampleTelemetry(tx, {
      project: 'usage-web',
      cluster: 'moc/smaug',
      namespaces: [{ name: 'usage-web-dev', tier: 'small', scale: 0.9 }],
    }),
  );
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
  `usage in the portal${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('the request page of a running project shows its usage charts and the recommendation’s reasoning', async () => {
      const page = await visit(
        `/requests/${requestId}`,
        '[data-test="usage-chart-cpu"] svg',
        'usage-request',
      );
      const card = page.locator('[data-test="usage-namespace"]');
      expect(await card.count()).toBe(1);
      expect(await card.locator('[data-test="usage-chart-memory"] svg').count()).toBe(1);
      expect(await card.locator('[data-test="usage-sample"]').count()).toBe(1);
      expect(await page.locator('[data-test="usage-explanation"]').textContent()).toMatch(
        /CPU p95 .* \+ 15% = .*smallest tier that covers both|No tier covers both/,
      );
      // The chart is an image with a name and a description for screen readers.
      const label = await page.locator('[data-test="usage-chart-cpu"] svg title').textContent();
      expect(label).toContain('CPU of usage-web-dev');
      const recommended = await page.locator('[data-test="usage-recommended"]').textContent();
      const api = (await (
        await fetch(`${portal.base}/api/v1/usage/projects/usage-web?days=30`)
      ).json()) as {
        namespaces: { recommendedTier: string }[];
      };
      expect(recommended).toContain(api.namespaces[0]!.recommendedTier);
    }, 120_000);

    it('the project page of the demo project shows its usage charts, readable and axe-clean at both widths', async () => {
      const name = DEMO_PROJECT.project;
      const page = await visit(
        `/projects/${name}`,
        '[data-test="usage-chart-cpu"] svg',
        'usage-project',
      );
      const cards = page.locator('[data-test="project-usage"] [data-test="usage-namespace"]');
      expect(await cards.count()).toBe(DEMO_PROJECT.namespaces.length);
      // The namespaces table fits its panel at 1280 px: no column cut at the panel's edge (its
      // names do not break at their hyphens, so a narrow panel would clip the links).
      const overflow = await page.evaluate(`(() => {
        const table = document.querySelector('[data-test="namespaces"]');
        const panel = table.closest('[data-test="project-namespaces"]');
        return table.getBoundingClientRect().right - panel.getBoundingClientRect().right;
      })()`);
      expect(overflow as number, 'namespaces table past its panel (px)').toBeLessThanOrEqual(0);
      for (const chart of ['usage-chart-cpu', 'usage-chart-memory'])
        expect(await cards.locator(`[data-test="${chart}"] svg path.opf-usage-line`).count()).toBe(
          DEMO_PROJECT.namespaces.length,
        );
      // At phone width: no serious axe finding, and the axis labels drawn at their CSS size.
      await resizeAndSettle(page, { width: 375, height: 812 });
      await page.locator('[data-test="project-usage"]').scrollIntoViewIfNeeded();
      expect(await seriousAxeViolations(page), 'axe at 375 px').toEqual([]);
      expect(await chartTextScale(page, '[data-test="usage-chart-cpu"]')).toBeGreaterThan(11.5);
      await page.screenshot({ path: join(SCREENSHOTS, 'usage-project-charts-phone.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
    }, 120_000);

    it('the overview lists each project namespace against its quota; the datasets page lists the open data', async () => {
      const overview = await visit(
        '/overview',
        '[data-test="usage-overview-row"]',
        'usage-overview',
      );
      const rows = overview.locator('[data-test="usage-overview-row"]');
      // The demo project's two namespaces and the request's one.
      expect(await rows.count()).toBe(3);
      expect(await overview.locator('[data-test="usage-overview"]').textContent()).toContain(
        'usage-web-dev',
      );
      const datasets = await visit(
        '/datasets',
        '[data-test="datasets-none"], [data-test="datasets-table"]',
        'datasets',
      );
      // Sample data is never published: no dataset on a cloud with sample usage only.
      expect(await datasets.locator('[data-test="datasets-none"]').count()).toBe(1);
      copyShots();
    }, 120_000);
  },
);

/** The brief wants the screenshots beside the worktree too, to look at. */
function copyShots(): void {
  const target = join(process.cwd(), '..', 'telemetry-shots');
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(SCREENSHOTS).filter((f) => /usage|datasets/.test(f)))
    copyFileSync(join(SCREENSHOTS, file), join(target, file));
}
