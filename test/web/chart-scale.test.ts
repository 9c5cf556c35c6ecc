import { describe, expect, it } from 'vitest';
import { chartScale } from '../../web/src/shared/chartScale.ts';

const FRAME = { width: 560, height: 130, pad: { left: 40, right: 8, top: 10, bottom: 20 } };

describe('chartScale, shared by the report’s DayChart and the usage UsageChart', () => {
  it('puts zero on the baseline and the highest value or limit 5% under the top', () => {
    const { peak, y, baseline } = chartScale(FRAME, [1, null, 2], [4, 4, null]);
    expect(peak).toBe(4);
    expect(baseline).toBe(110);
    // 100 px of drawing area: 4 is at 1/1.05 of it above the baseline.
    expect(y(4)).toBeCloseTo(110 - 100 / 1.05, 9);
    expect(y(4.2)).toBeCloseTo(10, 9);
  });

  it('a chart with nothing (all missing or zero) still has a finite scale', () => {
    const { peak, y, baseline } = chartScale(FRAME, [null, null], [0]);
    expect(peak).toBe(0);
    expect(Number.isFinite(y(0))).toBe(true);
    expect(baseline).toBe(110);
  });
});
