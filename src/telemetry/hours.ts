import { OpfError } from '../core/index.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const floorHour = (date: Date) => new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
export const ceilHour = (date: Date) => new Date(Math.ceil(date.getTime() / HOUR_MS) * HOUR_MS);
export const floorDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
export const ceilDay = (date: Date) => new Date(Math.ceil(date.getTime() / DAY_MS) * DAY_MS);

export function hoursOf(from: Date, to: Date): Date[] {
  const hours: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += HOUR_MS) hours.push(new Date(t));
  return hours;
}

/** Consecutive hours grouped into [from, to) ranges. */
export function rangesOf(hours: readonly Date[]): { from: Date; to: Date }[] {
  const ranges: { from: Date; to: Date }[] = [];
  for (const hour of [...hours].sort((a, b) => a.getTime() - b.getTime())) {
    const last = ranges.at(-1);
    if (last && last.to.getTime() === hour.getTime()) last.to = new Date(hour.getTime() + HOUR_MS);
    else ranges.push({ from: hour, to: new Date(hour.getTime() + HOUR_MS) });
  }
  return ranges;
}

/**
 * A harvest range from ISO texts: whole hours (from rounded down, to up), not ending in
 * the future beyond the current hour, at most 400 days. Bad input: OPF_ERR_TELEMETRY_RANGE_INVALID.
 */
export function parseHarvestRange(
  fromText: string,
  toText: string,
  now = new Date(),
): { from: Date; to: Date } {
  const from = new Date(fromText);
  const to = new Date(toText);
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (
    !iso.test(fromText) ||
    !iso.test(toText) ||
    Number.isNaN(from.getTime()) ||
    Number.isNaN(to.getTime())
  )
    throw new OpfError(
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
      `from and to must be ISO 8601 times (2026-11-01T00:00:00Z), not "${fromText}" and "${toText}"`,
    );
  const range = { from: floorHour(from), to: ceilHour(to) };
  if (range.to <= range.from)
    throw new OpfError(
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
      `to (${toText}) must be after from (${fromText})`,
    );
  if (range.to.getTime() > ceilHour(now).getTime())
    throw new OpfError('OPF_ERR_TELEMETRY_RANGE_INVALID', `to (${toText}) lies in the future`);
  if (range.to.getTime() - range.from.getTime() > 400 * DAY_MS)
    throw new OpfError('OPF_ERR_TELEMETRY_RANGE_INVALID', 'a harvest spans at most 400 days');
  return range;
}
