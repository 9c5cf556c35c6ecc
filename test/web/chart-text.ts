import type { Page } from 'playwright-core';

/**
 * The size in CSS pixels the first axis label of a hand-drawn chart is drawn at: its font
 * size times how much the SVG is scaled (its rendered width over its viewBox width). A chart
 * whose viewBox is wider than its box shrinks its labels below legibility on a phone.
 */
export function chartTextScale(page: Page, chart: string): Promise<number> {
  return page
    .locator(`${chart} svg`)
    .first()
    .evaluate((svg) => {
      const box = (svg as SVGSVGElement).viewBox.baseVal.width;
      const scale = svg.getBoundingClientRect().width / box;
      const label = svg.querySelector('text');
      return label ? Number.parseFloat(getComputedStyle(label).fontSize) * scale : 0;
    });
}
