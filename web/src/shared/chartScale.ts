/** An SVG chart's drawing area: its viewBox size and the padding kept for the axis labels. */
export interface ChartFrame {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
}

/** Room above the highest value, so a bar or line at the peak does not touch the frame. */
const HEADROOM = 1.05;

/**
 * The vertical scale the hand-drawn charts share (the report's DayChart, usage's
 * UsageChart): zero at the bottom of the drawing area, the highest value or limit (missing
 * values count as nothing, never as zero drawn) 5% under the top. `peak` is what the top
 * label shows; `y` maps a value to its SVG coordinate; `baseline` is y(0).
 */
export function chartScale(
  frame: ChartFrame,
  ...series: (number | null)[][]
): { peak: number; y: (v: number) => number; baseline: number } {
  const peak = Math.max(0, ...series.flat().map((v) => v ?? 0));
  // An all-zero or empty chart still needs a non-zero range to divide by.
  const top = Math.max(1e-9, peak) * HEADROOM;
  const span = frame.height - frame.pad.top - frame.pad.bottom;
  const y = (v: number) => frame.pad.top + (1 - v / top) * span;
  return { peak, y, baseline: y(0) };
}
