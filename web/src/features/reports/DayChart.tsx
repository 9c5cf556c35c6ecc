import { useId } from 'react';
import { type ChartFrame, chartScale } from '../../shared/chartScale.ts';
import type { NamespaceReport } from './types.ts';

const FRAME: ChartFrame = {
  width: 560,
  height: 150,
  pad: { left: 52, right: 8, top: 8, bottom: 22 },
};
const { width: WIDTH, height: HEIGHT, pad: PAD } = FRAME;

type Day = NamespaceReport['days'][number];

const KEYS = [
  ['bar', 'daily peak'],
  ['full', 'at the limit'],
  ['limit', 'limit'],
  ['gap', 'not harvested'],
] as const;

/**
 * A resource's daily peak against its limit, one bar per day, drawn as inline SVG (no chart
 * library). A day without harvested hours has no bar and a hatched band: a gap is shown as
 * a gap, never filled in. The summary is the chart's accessible description.
 */
export function DayChart(props: {
  title: string;
  days: Day[];
  value: (d: Day) => number | null;
  limit: (d: Day) => number | null;
  format: (v: number) => string;
  summary: string;
  dataTest: string;
}) {
  const id = useId();
  const values = props.days.map(props.value);
  const limits = props.days.map(props.limit);
  const { peak, y, baseline: bottom } = chartScale(FRAME, values, limits);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.days.length);
  return (
    <figure className="opf-report-chart" data-test={props.dataTest}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        width="100%"
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.summary}</desc>
        <line
          x1={PAD.left}
          y1={bottom}
          x2={WIDTH - PAD.right}
          y2={bottom}
          className="opf-report-axis"
        />
        <text x={PAD.left - 4} y={y(peak) + 4} textAnchor="end" className="opf-report-label">
          {props.format(peak)}
        </text>
        <text x={PAD.left - 4} y={bottom} textAnchor="end" className="opf-report-label">
          0
        </text>
        <text x={PAD.left} y={HEIGHT - 6} className="opf-report-label">
          {props.days[0]?.day ?? ''}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="opf-report-label">
          {props.days.at(-1)?.day ?? ''}
        </text>
        {props.days.map((d, i) => {
          const x = PAD.left + i * slot;
          const value = values[i] ?? null;
          const limit = limits[i] ?? null;
          const atLimit = value !== null && limit !== null && value >= limit;
          return (
            <g key={d.day} data-day={d.day}>
              {d.missingHours > 0 && (
                <rect
                  x={x}
                  y={PAD.top}
                  width={slot}
                  height={bottom - PAD.top}
                  className="opf-report-gap"
                  data-test="chart-gap"
                  opacity={d.missingHours / 24}
                />
              )}
              {value !== null && (
                <rect
                  x={x + slot * 0.15}
                  y={y(value)}
                  width={slot * 0.7}
                  height={Math.max(0.5, bottom - y(value))}
                  className={atLimit ? 'opf-report-bar opf-report-bar-full' : 'opf-report-bar'}
                  data-test="chart-bar"
                />
              )}
              {limit !== null && (
                <line
                  x1={x}
                  x2={x + slot}
                  y1={y(limit)}
                  y2={y(limit)}
                  className="opf-report-limit"
                />
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="opf-report-caption">
        {KEYS.map(([key, label]) => (
          // Swatch and label wrap together: a label never lands on a line away from its colour.
          <span className="opf-report-key-item" key={key}>
            <span className={`opf-report-key opf-report-key-${key}`} aria-hidden="true" />
            {label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
