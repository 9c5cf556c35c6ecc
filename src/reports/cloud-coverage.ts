import { rollupHours } from './build.ts';
import type { CloudCoverageDay, CloudGranularity, CloudNamespace } from './cloud-model.ts';
import { daysOf, HOUR_MS, hoursOf, maxOf } from './figures.ts';
import type { Coverage, ReportDay } from './model.ts';
import { dailyIn } from './namespace.ts';

type Period = { from: string; to: string };

/** A namespace's figures over both granularities, as a project's report reads them. */
export interface MergedNamespace extends Omit<CloudNamespace, 'daily'> {
  /** The rollup days inside the period. */
  daily: ReportDay[];
}

/**
 * Peaks over the hourly rows and the rollups; p95 over the hourly rows only (a rollup has its
 * day's peak, not its hours: docs/adr/0025). The limit is the last hourly row's: rollups stand
 * in only for days without hourly rows, which are older than every hourly row, so a rollup's
 * limit is read only when no hourly row had one.
 */
export function mergeNamespace(period: Period, ns: CloudNamespace): MergedNamespace {
  const daily = dailyIn(period, ns.daily);
  const lastOf = (pick: (d: ReportDay) => number | null) =>
    daily
      .map(pick)
      .filter((v): v is number => v !== null)
      .at(-1) ?? null;
  const peak = (hourly: number | null, pick: (d: ReportDay) => number | null) =>
    maxOf([
      ...(hourly === null ? [] : [hourly]),
      ...daily.map(pick).filter((v): v is number => v !== null),
    ]);
  return {
    ...ns,
    daily,
    cpuMax: peak(ns.cpuMax, (d) => d.cpuMax),
    memoryMax: peak(ns.memoryMax, (d) => d.memoryMax),
    cpuLimit: ns.cpuLimit ?? lastOf((d) => d.quotaCpu),
    memoryLimit: ns.memoryLimit ?? lastOf((d) => d.quotaMemory),
  };
}

/** Per cluster, the days read from rollups and the hours they were made from. */
export function clusterRollups(namespaces: readonly MergedNamespace[]) {
  return rollupHours(namespaces.map((ns) => ({ cluster: ns.cluster, days: ns.daily })));
}

/**
 * Each day of one cluster: read from hourly rows (some hour harvested), from rollups, or not
 * at all; its missing hours are its gaps' hours on that day (a gap is never filled in).
 */
export function clusterDays(
  period: Period,
  cluster: string,
  coverage: Coverage,
  harvested: ReadonlySet<string>,
  rollups: ReadonlyMap<string, number>,
): CloudCoverageDay[] {
  const missing = new Map<string, number>();
  for (const gap of coverage.gaps.filter((g) => g.cluster === cluster)) {
    // A rollup day's gap is the whole day with its count; an hourly gap is a run of hours.
    if (rollups.has(gap.from.slice(0, 10))) {
      missing.set(gap.from.slice(0, 10), gap.hours);
      continue;
    }
    for (const hour of hoursOf(gap.from, gap.to))
      missing.set(hour.slice(0, 10), (missing.get(hour.slice(0, 10)) ?? 0) + 1);
  }
  const hourlyDays = new Set([...harvested].map((h) => h.slice(0, 10)));
  return daysOf(period.from, period.to).map((day) => {
    const start = Math.max(Date.parse(day), Date.parse(period.from));
    const end = Math.min(Date.parse(day) + 24 * HOUR_MS, Date.parse(period.to));
    return {
      day,
      source: rollups.has(day) ? 'daily' : hourlyDays.has(day) ? 'hourly' : null,
      hours: Math.round((end - start) / HOUR_MS),
      missingHours: missing.get(day) ?? 0,
    };
  });
}

/** How many days (of one cluster, or of any) came from each granularity. */
export function granularityOf(days: readonly CloudCoverageDay[][]): CloudGranularity {
  const of = (source: CloudCoverageDay['source']) =>
    new Set(days.flatMap((list) => list.filter((d) => d.source === source).map((d) => d.day))).size;
  return { hourlyDays: of('hourly'), dailyDays: of('daily') };
}
