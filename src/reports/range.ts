import { OpfError } from '../core/index.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The default period: the 30 days before today (UTC). */
export const DEFAULT_REPORT_DAYS = 30;
export const MAX_REPORT_DAYS = 400;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})$/;

function parse(text: string, name: string): Date {
  const date = DATE.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(text);
  // A day that does not exist (2026-02-30) is refused, not rolled over into March.
  const real =
    !Number.isNaN(date.getTime()) && (!DATE.test(text) || date.toISOString().startsWith(text));
  if ((!DATE.test(text) && !TIME.test(text)) || !real)
    throw new OpfError(
      'OPF_ERR_REPORT_RANGE_INVALID',
      `${name} must be a date (2026-11-01) or an ISO 8601 time with its zone (2026-11-01T00:00:00Z), not "${text}"`,
    );
  return date;
}

/**
 * A report's period [from, to) in whole hours (from rounded down, to up). A date means its
 * midnight UTC, so --from 2026-11-01 --to 2026-12-01 is November. Without to: today's
 * midnight (UTC), so that a report asked twice in a day is the same report; without from:
 * 30 days before to.
 */
export function parseReportRange(
  fromText: string | undefined,
  toText: string | undefined,
  now: Date,
): { from: Date; to: Date } {
  const to =
    toText === undefined
      ? new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS)
      : parse(toText, 'to');
  const from =
    fromText === undefined
      ? new Date(to.getTime() - DEFAULT_REPORT_DAYS * DAY_MS)
      : parse(fromText, 'from');
  const range = {
    from: new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS),
  };
  if (range.to <= range.from)
    throw new OpfError(
      'OPF_ERR_REPORT_RANGE_INVALID',
      `to (${range.to.toISOString()}) must be after from (${range.from.toISOString()})`,
    );
  if (range.to.getTime() > Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS)
    throw new OpfError(
      'OPF_ERR_REPORT_RANGE_INVALID',
      `to (${range.to.toISOString()}) lies in the future`,
    );
  if (range.to.getTime() - range.from.getTime() > MAX_REPORT_DAYS * DAY_MS)
    throw new OpfError(
      'OPF_ERR_REPORT_RANGE_INVALID',
      `a report spans at most ${MAX_REPORT_DAYS} days`,
    );
  return range;
}
