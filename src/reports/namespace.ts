import { recommendTier } from '../telemetry/index.ts';
import {
  bytes,
  cores,
  daysOf,
  hoursBetween,
  maxOf,
  percentile,
  percentileRank,
} from './figures.ts';
import type {
  DayFigures,
  DayLimit,
  NamespaceReport,
  ReportDay,
  ReportHour,
  ReportSnapshot,
  ResourceFigures,
  WorstDay,
} from './model.ts';

type Input = ReportSnapshot['namespaces'][number];

const present = <T>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null);

/** One namespace's figures over the period, from its harvested hours only. */
export function namespaceReport(
  snapshot: ReportSnapshot,
  input: Input,
  harvested: ReadonlySet<string>,
): NamespaceReport {
  const hours = [...input.hours]
    .filter((h) => h.hour >= snapshot.from && h.hour < snapshot.to)
    .sort((a, b) => a.hour.localeCompare(b.hour));
  // A day with hourly rows is read from them; the daily rollup only stands in for a day without.
  const hourlyDays = new Set(hours.map((h) => h.hour.slice(0, 10)));
  const daily = dailyIn(snapshot, input.daily).filter((d) => !hourlyDays.has(d.day));
  const periodHours = hoursBetween(snapshot.from, snapshot.to);
  const missing =
    periodHours -
    countIn(harvested, snapshot.from, snapshot.to) -
    daily.reduce((n, d) => n + d.hours, 0);
  // Rollup days and hourly rows merged in time: "the last value" is the latest of either.
  const timeline = [
    ...daily.map((d) => ({ at: `${d.day}T00:00:00.000Z`, hour: null, day: d })),
    ...hours.map((h) => ({ at: h.hour, hour: h, day: null })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const lastOf = (
    pickHour: (h: ReportHour) => number | null,
    pickDay: (d: ReportDay) => number | null,
  ) => present(timeline.map((t) => (t.hour ? pickHour(t.hour) : pickDay(t.day!)))).at(-1) ?? null;
  const cpuValues = present(hours.map((h) => h.cpu));
  const memoryValues = present(hours.map((h) => h.memory));
  const cpu = figures(
    cpuValues,
    present(daily.map((d) => d.cpuMax)),
    cores(
      lastOf(
        (h) => h.quotaCpu,
        (d) => d.quotaCpu,
      ),
    ),
    cores,
    mergeLimitDays(
      limitDays(
        hours,
        (h) => h.cpu,
        (h) => h.quotaCpu,
      ),
      daily,
      (d) => d.cpuMax,
      (d) => d.quotaCpu,
    ),
  );
  const memory = figures(
    memoryValues,
    present(daily.map((d) => d.memoryMax)),
    bytes(
      lastOf(
        (h) => h.quotaMemory,
        (d) => d.quotaMemory,
      ),
    ),
    bytes,
    mergeLimitDays(
      limitDays(
        hours,
        (h) => h.memory,
        (h) => h.quotaMemory,
      ),
      daily,
      (d) => d.memoryMax,
      (d) => d.quotaMemory,
    ),
  );
  const stored = timeline.flatMap((t) => {
    const used = t.hour ? t.hour.storageUsed : t.day!.storageUsed;
    return used === null ? [] : [{ at: t.at, used }];
  });
  const first = stored[0]?.used ?? null;
  const last = stored.at(-1)?.used ?? null;
  const storedDays = stored.length > 1 ? hoursBetween(stored[0]!.at, stored.at(-1)!.at) / 24 : null;
  const recommendation = recommendTier(
    snapshot.tiers,
    { cpuP95: percentile(cpuValues, 0.95), memoryMax: maxOf(memoryValues) },
    snapshot.margin,
  );
  return {
    namespace: input.namespace,
    cluster: input.cluster,
    tier: input.tier,
    coverage: { hours: periodHours, missingHours: missing },
    granularity: { hourlyDays: hourlyDays.size, dailyDays: daily.length },
    cpu,
    memory,
    storage: {
      first: bytes(first),
      last: bytes(last),
      growth: first !== null && last !== null ? bytes(last - first) : null,
      growthPerDay:
        first !== null && last !== null && storedDays ? bytes((last - first) / storedDays) : null,
      limit: bytes(
        lastOf(
          (h) => h.quotaStorage,
          (d) => d.quotaStorage,
        ),
      ),
    },
    restarts: counted(
      perDay(
        hours,
        daily,
        (h) => h.restarts,
        (d) => d.restarts,
      ),
    ),
    oomKills: counted(
      perDay(
        hours,
        daily,
        (h) => h.oomKills,
        (d) => d.oomKills,
      ),
    ),
    podsNeverReady: neverReady(hours, daily),
    quotaExhaustedHours: hours.filter((h) => (h.quotaUsedRatio ?? 0) >= 1).length,
    recommendedTier: recommendation.tier,
    recommendation: {
      tier: recommendation.tier,
      need: recommendation.need && {
        cpu: cores(recommendation.need.cpu)!,
        memory: bytes(recommendation.need.memory)!,
      },
      custom: recommendation.custom,
      explanation: recommendation.explanation,
    },
    peers: peersOf(snapshot, input.tier, cpu.p95, memory.max),
    days: daysOf(snapshot.from, snapshot.to).map((day) => {
      const rollup = daily.find((d) => d.day === day);
      return rollup ? rollupFigures(rollup) : dayFigures(day, snapshot, hours, harvested);
    }),
  };
}

/** The daily rollups of whole days inside the period, oldest first (the cloud's report too). */
export function dailyIn(
  snapshot: { from: string; to: string },
  daily: readonly ReportDay[],
): ReportDay[] {
  return daily
    .filter((d) => `${d.day}T00:00:00.000Z` >= snapshot.from && d.day < snapshot.to.slice(0, 10))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * p50 and p95 over the hourly values only (a day's rollup has its peak, not its hours); the
 * peak over both.
 */
function figures(
  values: number[],
  dailyPeaks: number[],
  limit: number | null,
  round: (v: number | null) => number | null,
  daysLimitReached: DayLimit[],
): ResourceFigures {
  return {
    p50: round(percentile(values, 0.5)),
    p95: round(percentile(values, 0.95)),
    max: round(maxOf([...values, ...dailyPeaks])),
    limit,
    daysLimitReached,
  };
}

/** The days with an hour whose use reached the limit in force that hour. */
function limitDays(
  hours: ReportHour[],
  used: (h: ReportHour) => number | null,
  limit: (h: ReportHour) => number | null,
): DayLimit[] {
  const byDay = new Map<string, number>();
  for (const h of hours) {
    const u = used(h);
    const l = limit(h);
    if (u !== null && l !== null && l > 0 && u >= l)
      byDay.set(h.hour.slice(0, 10), (byDay.get(h.hour.slice(0, 10)) ?? 0) + 1);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, hours: n }));
}

/** The days a rollup shows at or over the limit: its peak against its limit, hours unknown. */
function mergeLimitDays(
  hourly: DayLimit[],
  daily: ReportDay[],
  peak: (d: ReportDay) => number | null,
  limit: (d: ReportDay) => number | null,
): DayLimit[] {
  const fromDaily = daily.flatMap((d) => {
    const p = peak(d);
    const l = limit(d);
    return p !== null && l !== null && l > 0 && p >= l ? [{ day: d.day, hours: null }] : [];
  });
  return [...hourly, ...fromDaily].sort((a, b) => a.day.localeCompare(b.day));
}

/** A counter's sum per day: over the hourly rows, or the rollup's sum on a rollup day. */
function perDay(
  hours: ReportHour[],
  daily: ReportDay[],
  pickHour: (h: ReportHour) => number | null,
  pickDay: (d: ReportDay) => number | null,
): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const h of hours) {
    const n = pickHour(h);
    if (n) byDay.set(h.hour.slice(0, 10), (byDay.get(h.hour.slice(0, 10)) ?? 0) + n);
  }
  for (const d of daily) {
    const n = pickDay(d);
    if (n) byDay.set(d.day, n);
  }
  return byDay;
}

function counted(byDay: Map<string, number>): { total: number; worstDay: WorstDay | null } {
  let worst: WorstDay | null = null;
  let total = 0;
  // Counters are increases over an hour (fractional from rate extrapolation): whole counts.
  for (const [day, n] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    const count = Math.round(n);
    total += count;
    if (count > 0 && (!worst || count > worst.count)) worst = { day, count };
  }
  return { total, worstDay: worst };
}

function neverReady(hours: ReportHour[], daily: ReportDay[]): NamespaceReport['podsNeverReady'] {
  const measured = hours.filter((h) => h.podsNeverReady !== null);
  const measuredDays = daily.filter((d) => d.podsNeverReady !== null);
  // A count of pods per hour: whole pods (a stored real can carry float noise).
  const counts = measured.map((h) => Math.round(h.podsNeverReady!));
  const { total, worstDay } = counted(
    perDay(
      hours,
      daily,
      (h) => h.podsNeverReady,
      (d) => d.podsNeverReady,
    ),
  );
  return {
    podHours: total,
    // A rollup day has its pod-hours and its worst hour, not how many hours had any.
    hours: counts.filter((n) => n > 0).length,
    peak: Math.max(0, ...counts, ...measuredDays.map((d) => Math.round(d.podsNeverReadyMax ?? 0))),
    worstDay,
    measuredHours: measured.length + measuredDays.reduce((n, d) => n + d.hours, 0),
  };
}

/** A day read from its daily rollup: its peaks, last limits and sums, as stored. */
function rollupFigures(d: ReportDay): DayFigures {
  const whole = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    day: d.day,
    source: 'daily',
    hours: d.hours,
    missingHours: 24 - d.hours,
    cpuMax: cores(d.cpuMax),
    cpuLimit: cores(d.quotaCpu),
    memoryMax: bytes(d.memoryMax),
    memoryLimit: bytes(d.quotaMemory),
    storageUsed: bytes(d.storageUsed),
    restarts: whole(d.restarts),
    oomKills: whole(d.oomKills),
    podsNeverReady: whole(d.podsNeverReady),
  };
}

function dayFigures(
  day: string,
  snapshot: ReportSnapshot,
  hours: ReportHour[],
  harvested: ReadonlySet<string>,
): DayFigures {
  const start =
    Date.parse(day) > Date.parse(snapshot.from) ? `${day}T00:00:00.000Z` : snapshot.from;
  const nextDay = new Date(Date.parse(day) + 86_400_000).toISOString();
  const end = nextDay < snapshot.to ? nextDay : snapshot.to;
  const ofDay = hours.filter((h) => h.hour.startsWith(day));
  const sum = (pick: (h: ReportHour) => number | null) => {
    const values = present(ofDay.map(pick));
    return values.length ? Math.round(values.reduce((a, b) => a + b, 0)) : null;
  };
  const last = (pick: (h: ReportHour) => number | null) => present(ofDay.map(pick)).at(-1) ?? null;
  return {
    day,
    source: ofDay.length ? 'hourly' : null,
    hours: ofDay.length,
    missingHours: hoursBetween(start, end) - countIn(harvested, start, end),
    cpuMax: cores(maxOf(present(ofDay.map((h) => h.cpu)))),
    cpuLimit: cores(last((h) => h.quotaCpu)),
    memoryMax: bytes(maxOf(present(ofDay.map((h) => h.memory)))),
    memoryLimit: bytes(last((h) => h.quotaMemory)),
    storageUsed: bytes(last((h) => h.storageUsed)),
    restarts: sum((h) => h.restarts),
    oomKills: sum((h) => h.oomKills),
    podsNeverReady: sum((h) => h.podsNeverReady),
  };
}

function countIn(harvested: ReadonlySet<string>, from: string, to: string): number {
  let n = 0;
  for (const hour of harvested) if (hour >= from && hour < to) n += 1;
  return n;
}

function peersOf(
  snapshot: ReportSnapshot,
  tier: string | null,
  cpuP95: number | null,
  memoryMax: number | null,
): NamespaceReport['peers'] {
  const peers = snapshot.peers.find((p) => p.tier === tier);
  if (!tier || !peers || cpuP95 === null || memoryMax === null) return null;
  // This namespace counts among its tier: the rank is over the tier, itself included.
  const cpus = [...peers.cpuP95, cpuP95];
  const memories = [...peers.memoryMax, memoryMax];
  return {
    tier,
    namespaces: cpus.length,
    cpuPercentile: percentileRank(cpus, cpuP95),
    memoryPercentile: percentileRank(memories, memoryMax),
  };
}
