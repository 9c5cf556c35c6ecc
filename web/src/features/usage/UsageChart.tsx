import { useId } from 'react';
import { type ChartFrame, chartScale } from '../../shared/chartScale.ts';
import { useChartWidth } from '../../shared/useChartWidth.ts';
import type { UsagePoint } from './types.ts';

/** Until the box is measured; then the chart draws in its measured width (labels stay 12 px). */
const DEFAULT_WIDTH = 560;
const HEIGHT = 160;
const PAD = { left: 52, right: 8, top: 8, bottom: 24 };

/**
 * Hourly usage against the quota as an SVG line chart, drawn by hand (no chart library in
 * the bundle). Screen readers get the chart's summary as its accessible name and the
 * figures beside it; the colours are PatternFly's tokens, so both themes work.
 */
export function UsageChart(props: {
  title: string;
  points: UsagePoint[];
  value: (p: UsagePoint) => number | null;
  limit: (p: UsagePoint) => number | null;
  format: (v: number) => string;
  summary: string;
  dataTest: string;
}) {
  const id = useId();
  const [box, WIDTH] = useChartWidth(DEFAULT_WIDTH);
  const frame: ChartFrame = { width: WIDTH, height: HEIGHT, pad: PAD };
  const values = props.points.map(props.value);
  const limits = props.points.map(props.limit);
  const { peak, y } = chartScale(frame, values, limits);
  const n = Math.max(1, props.points.length - 1);
  const x = (i: number) => PAD.left + (i / n) * (WIDTH - PAD.left - PAD.right);
  const path = (series: (number | null)[]) => {
    let d = '';
    let pen = false;
    series.forEach((v, i) => {
      if (v === null) {
        pen = false; // a gap stays a gap: the line is not drawn across missing hours
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const first = props.points[0]?.hour.slice(0, 10) ?? '';
  const last = props.points.at(-1)?.hour.slice(0, 10) ?? '';
  return (
    <figure className="opf-usage-chart" data-test={props.dataTest} ref={box}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        width={WIDTH}
        height={HEIGHT}
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.summary}</desc>
        <line x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} className="opf-usage-axis" />
        <text x={PAD.left - 4} y={y(peak) + 4} textAnchor="end" className="opf-usage-label">
          {props.format(peak)}
        </text>
        <text x={PAD.left - 4} y={y(0)} textAnchor="end" className="opf-usage-label">
          0
        </text>
        <text x={PAD.left} y={HEIGHT - 6} className="opf-usage-label">
          {first}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="opf-usage-label">
          {last}
        </text>
        <path d={path(limits)} className="opf-usage-limit" />
        <path d={path(values)} className="opf-usage-line" />
      </svg>
      <figcaption className="opf-usage-caption">
        <span className="opf-usage-key opf-usage-key-line" aria-hidden="true" /> used
        <span className="opf-usage-key opf-usage-key-limit" aria-hidden="true" /> quota
      </figcaption>
    </figure>
  );
}
