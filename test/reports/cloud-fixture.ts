/**
 * The fixed week (fixture.ts) as the cloud's report reads it after the hourly retention cut
 * it at CUT: the days before CUT are daily rollups only (as rollupTelemetryDays made them),
 * the days after keep their hourly rows; the harvest record of the days before is gone too.
 * The peers' single hour (2026-11-02) is a rollup made of one hour.
 */
import type { CloudSnapshot, ReportDay, ReportHour } from '../../src/reports/index.ts';
import { fixedSnapshot } from './fixture.ts';

export const CUT = '2026-11-04T00:00:00.000Z';

const nearestRank = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
};
const max = (values: number[]) => (values.length ? Math.max(...values) : null);
const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
const last = (values: (number | null)[]) => present(values).at(-1) ?? null;
const total = (values: (number | null)[]) => {
  const known = present(values);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};

/** A day's rollup from its hours: what the store's rollup keeps (max quota, like its SQL). */
function rollup(day: string, hours: ReportHour[]): ReportDay {
  return {
    day,
    hours: hours.length,
    cpuMax: max(present(hours.map((h) => h.cpu))),
    memoryMax: max(present(hours.map((h) => h.memory))),
    quotaCpu: max(present(hours.map((h) => h.quotaCpu))),
    quotaMemory: max(present(hours.map((h) => h.quotaMemory))),
    quotaStorage: max(present(hours.map((h) => h.quotaStorage))),
    storageUsed: max(present(hours.map((h) => h.storageUsed))),
    restarts: total(hours.map((h) => h.restarts)),
    oomKills: total(hours.map((h) => h.oomKills)),
    podsNeverReady: total(hours.map((h) => h.podsNeverReady)),
    podsNeverReadyMax: max(present(hours.map((h) => h.podsNeverReady))),
  };
}

function namespaceOf(
  namespace: string,
  cluster: string,
  project: string,
  hours: ReportHour[],
): CloudSnapshot['namespaces'][number] {
  const kept = hours.filter((h) => h.hour >= CUT);
  const old = hours.filter((h) => h.hour < CUT);
  const days = [...new Set(old.map((h) => h.hour.slice(0, 10)))].sort();
  return {
    namespace,
    cluster,
    project,
    sample: false,
    hours: kept.length,
    cpuP95: nearestRank(present(kept.map((h) => h.cpu)), 0.95),
    cpuMax: max(present(kept.map((h) => h.cpu))),
    memoryMax: max(present(kept.map((h) => h.memory))),
    cpuLimit: last(kept.map((h) => h.quotaCpu)),
    memoryLimit: last(kept.map((h) => h.quotaMemory)),
    daily: days.map((day) =>
      rollup(
        day,
        old.filter((h) => h.hour.startsWith(day)),
      ),
    ),
  };
}

const peerHour = (cpu: number, memory: number): ReportHour => ({
  hour: '2026-11-02T00:00:00.000Z',
  cpu,
  memory,
  quotaCpu: null,
  quotaMemory: null,
  storageUsed: null,
  quotaStorage: null,
  restarts: null,
  oomKills: null,
  podsNeverReady: null,
  quotaUsedRatio: null,
});

export function fixedCloudSnapshot(): CloudSnapshot {
  const week = fixedSnapshot();
  const peers = week.peers.flatMap((tier) =>
    tier.cpuP95.map((cpu, i) => [cpu, tier.memoryMax[i]!]),
  );
  return {
    from: week.from,
    to: week.to,
    harvested: week.harvested.map((c) => ({
      cluster: c.cluster,
      hours: c.hours.filter((h) => h >= CUT),
    })),
    namespaces: [
      ...week.namespaces.map((ns) => namespaceOf(ns.namespace, ns.cluster, 'aurora', ns.hours)),
      ...peers.map(([cpu, memory], i) =>
        namespaceOf(`peer-${i + 1}`, 'moc/smaug', `peer-${i + 1}`, [peerHour(cpu!, memory!)]),
      ),
    ],
    incidents: week.incidents,
    activations: [
      {
        requestId: 1,
        project: 'aurora',
        submittedAt: '2026-11-01T00:00:00.000Z',
        activatedAt: '2026-11-04T12:00:00.000Z',
      },
    ],
    atRisk: [],
  };
}
