import { formatBytes, formatCores } from '../telemetry/index.ts';

export { formatBytes };
/** Small pure helpers shared by the project's and the cloud's reports. */

export const HOUR_MS = 3_600_000;

/**
 * Nearest-rank percentile (as PostgreSQL's percentile_disc, which usage reads use): the
 * smallest value with at least q of the values at or below it. Null over no values.
 */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

export function maxOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => (b > a ? b : a));
}

/** Cores to the millicore: enough for any quota, and the same text on every platform. */
export const cores = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 1000) / 1000;

/** Bytes as whole bytes. */
export const bytes = (value: number | null): number | null =>
  value === null ? null : Math.round(value);

export const hoursBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / HOUR_MS);

/** Every hour of [from, to) as ISO text. */
export function hoursOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR_MS)
    out.push(new Date(t).toISOString());
  return out;
}

/** Every UTC day the period touches, YYYY-MM-DD. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from.slice(0, 10)); t < Date.parse(to); t += 24 * HOUR_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Consecutive hours grouped into [from, to) runs. */
export function runsOf(hours: readonly string[]): { from: string; to: string; hours: number }[] {
  const runs: { from: string; to: string; hours: number }[] = [];
  for (const hour of [...hours].sort()) {
    const last = runs.at(-1);
    if (last && last.to === hour) {
      last.to = new Date(Date.parse(hour) + HOUR_MS).toISOString();
      last.hours += 1;
    } else
      runs.push({ from: hour, to: new Date(Date.parse(hour) + HOUR_MS).toISOString(), hours: 1 });
  }
  return runs;
}

/** The share of values at or below this one, 0–100 rounded down (no peer named). */
export function percentileRank(values: readonly number[], value: number): number {
  if (values.length === 0) return 0;
  return Math.floor((values.filter((v) => v <= value).length / values.length) * 100);
}

export const percentOf = (part: number, whole: number): number => Math.round((part / whole) * 100);

/** Hours as people read them: 45 min, 5 h 30 min, 3 d 2 h. */
export function formatHours(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** A list of days as text, the first few then how many more. */
export function formatDays(days: readonly string[], shown = 5): string {
  const head = days.slice(0, shown).join(', ');
  return days.length > shown ? `${head} and ${days.length - shown} more` : head;
}

/** Cores as people read them (the telemetry's wording, one core singular). */
export const formatCpu = (value: number): string => (value === 1 ? '1 core' : formatCores(value));

/** 1st, 2nd, 3rd, 11th, 33rd. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
