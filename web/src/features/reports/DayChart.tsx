import { useId } from 'react';
import { type ChartFrame, chartScale } from '../../shared/chartScale.ts';
import { useChartWidth } from '../../shared/useChartWidth.ts';

/** Until the box is measured; then the chart draws in its measured width (labels stay 12 px). */
const DEFAULT_WIDTH = 560;
const HEIGHT = 150;
const PAD = { left: 56, right: 8, top: 8, bottom: 24 };
const MAX_BAR = 48;

/** What a bar stands for: a day (its date) and the hours of it not harvested. */
export interface ChartDay {
  day: string;
  missingHours: number;
  /** Where two bars share a day (two requests activated on it): what tells them apart. */
  key?: string;
}

export type ChartKey = 'bar' | 'full' | 'limit' | 'gap';

const KEYS: [ChartKey, string][] = [
  ['bar', 'daily peak'],
  ['full', 'at the limit'],
  ['limit', 'limit'],
  ['gap', 'not harvested'],
];

/**
 * A resource's daily peak against its limit, one bar per day, drawn as inline SVG (no chart
 * library). A day without harvested hours has no bar and a hatched band: a gap is shown as
 * a gap, never filled in. The summary is the chart's accessible description.
 */
export function DayChart<Day extends ChartDay>(props: {
  title: string;
  days: Day[];
  value: (d: Day) => number | null;
  limit: (d: Day) => number | null;
  format: (v: number) => string;
  summary: string;
  dataTest: string;
  /** The legend's words for each mark; a mark left out is not in the legend. */
  keys?: Partial<Record<ChartKey, string>>;
  /** Reaching the limit is a warning (use against quota), not the goal (hours harvested). */
  fullIsBad?: boolean;
}) {
  const id = useId();
  const [box, WIDTH] = useChartWidth(DEFAULT_WIDTH);
  const frame: ChartFrame = { width: WIDTH, height: HEIGHT, pad: PAD };
  const values = props.days.map(props.value);
  const limits = props.days.map(props.limit);
  const { peak, y, baseline: bottom } = chartScale(frame, values, limits);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.days.length);
  // A bar as wide as a lone day's slot filled the chart like a wall: bars stay slender.
  const barWidth = Math.min(slot * 0.7, MAX_BAR);
  const keys = props.keys
    ? KEYS.flatMap(([key]) => (props.keys?.[key] ? [[key, props.keys[key]] as const] : []))
    : KEYS;
  return (
    <figure className="opf-report-chart" data-test={props.dataTest} ref={box}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        width={WIDTH}
        height={HEIGHT}
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
        {props.days.length > 1 && (
          <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="opf-report-label">
            {props.days.at(-1)?.day ?? ''}
          </text>
        )}
        {props.days.map((d, i) => {
          const x = PAD.left + i * slot;
          const value = values[i] ?? null;
          const limit = limits[i] ?? null;
          const atLimit =
            (props.fullIsBad ?? true) && value !== null && limit !== null && value >= limit;
          return (
            <g key={d.key ?? d.day} data-day={d.day}>
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
                  x={x + (slot - barWidth) / 2}
                  y={y(value)}
                  width={barWidth}
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
        {keys.map(([key, label]) => (
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
