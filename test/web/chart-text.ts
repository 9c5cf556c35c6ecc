import type { Page } from 'playwright-core';

/** What the check reads of the chart in the page (the tests' types have no DOM library). */
interface SvgInPage {
  viewBox: { baseVal: { width: number } };
  getBoundingClientRect(): { width: number };
  querySelector(selector: string): unknown;
  ownerDocument: { defaultView: { getComputedStyle(element: unknown): { fontSize: string } } };
}

/**
 * The size in CSS pixels the first axis label of a hand-drawn chart is drawn at: its font
 * size times how much the SVG is scaled (its rendered width over its viewBox width). A chart
 * whose viewBox is wider than its box shrinks its labels below legibility on a phone.
 */
export function chartTextScale(page: Page, chart: string): Promise<number> {
  return page
    .locator(`${chart} svg`)
    .first()
    .evaluate((element) => {
      const svg = element as unknown as SvgInPage;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const label = svg.querySelector('text');
      if (!label) return 0;
      const size = svg.ownerDocument.defaultView.getComputedStyle(label).fontSize;
      return Number.parseFloat(size) * scale;
    });
}
