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
  const periodHours = hoursBetween(snapshot.from, snapshot.to);
  const missing = periodHours - countIn(harvested, snapshot.from, snapshot.to);
  const lastOf = (pick: (h: ReportHour) => number | null) =>
    present(hours.map(pick)).at(-1) ?? null;
  const cpuValues = present(hours.map((h) => h.cpu));
  const memoryValues = present(hours.map((h) => h.memory));
  const cpu = figures(
    cpuValues,
    cores(lastOf((h) => h.quotaCpu)),
    cores,
    limitDays(
      hours,
      (h) => h.cpu,
      (h) => h.quotaCpu,
    ),
  );
  const memory = figures(
    memoryValues,
    bytes(lastOf((h) => h.quotaMemory)),
    bytes,
    limitDays(
      hours,
      (h) => h.memory,
      (h) => h.quotaMemory,
    ),
  );
  const stored = hours.filter((h) => h.storageUsed !== null);
  const first = stored[0]?.storageUsed ?? null;
  const last = stored.at(-1)?.storageUsed ?? null;
  const storedDays =
    stored.length > 1 ? hoursBetween(stored[0]!.hour, stored.at(-1)!.hour) / 24 : null;
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
    cpu,
    memory,
    storage: {
      first: bytes(first),
      last: bytes(last),
      growth: first !== null && last !== null ? bytes(last - first) : null,
      growthPerDay:
        first !== null && last !== null && storedDays ? bytes((last - first) / storedDays) : null,
      limit: bytes(lastOf((h) => h.quotaStorage)),
    },
    restarts: counted(hours, (h) => h.restarts),
    oomKills: counted(hours, (h) => h.oomKills),
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
    days: daysOf(snapshot.from, snapshot.to).map((day) =>
      dayFigures(day, snapshot, hours, harvested),
    ),
  };
}

function figures(
  values: number[],
  limit: number | null,
  round: (v: number | null) => number | null,
  daysLimitReached: DayLimit[],
): ResourceFigures {
  return {
    p50: round(percentile(values, 0.5)),
    p95: round(percentile(values, 0.95)),
    max: round(maxOf(values)),
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

function counted(
  hours: ReportHour[],
  pick: (h: ReportHour) => number | null,
): { total: number; worstDay: WorstDay | null } {
  const byDay = new Map<string, number>();
  for (const h of hours) {
    const n = pick(h);
    if (n) byDay.set(h.hour.slice(0, 10), (byDay.get(h.hour.slice(0, 10)) ?? 0) + n);
  }
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
    hours: ofDay.length,
    missingHours: hoursBetween(start, end) - countIn(harvested, start, end),
    cpuMax: cores(maxOf(present(ofDay.map((h) => h.cpu)))),
    cpuLimit: cores(last((h) => h.quotaCpu)),
    memoryMax: bytes(maxOf(present(ofDay.map((h) => h.memory)))),
    memoryLimit: bytes(last((h) => h.quotaMemory)),
    storageUsed: bytes(last((h) => h.storageUsed)),
    restarts: sum((h) => h.restarts),
    oomKills: sum((h) => h.oomKills),
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
