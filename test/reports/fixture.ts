/**
 * A fixed week of one project's life (docs/reports.md, "The fixed data set"): two
 * namespaces on two clusters, a six-hour harvest gap, memory at its limit on two days,
 * restarts and OOM kills, storage filling, an idle namespace, two incidents and two notices.
 */
import { REFERENCE_QUOTA_TIERS } from '../../src/core/index.ts';
import type { ReportHour, ReportSnapshot } from '../../src/reports/index.ts';

export const GI = 1024 ** 3;
export const MI = 1024 ** 2;
const HOUR = 3_600_000;
export const FROM = '2026-11-01T00:00:00.000Z';
export const TO = '2026-11-08T00:00:00.000Z';

const hours = (from: string, to: string) => {
  const out: Date[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) out.push(new Date(t));
  return out;
};

/** moc/smaug was not harvested on 2026-11-03 from 10:00 to 16:00. */
const GAP = new Set(
  hours('2026-11-03T10:00:00Z', '2026-11-03T16:00:00Z').map((d) => d.toISOString()),
);
const smaugHours = hours(FROM, TO).filter((d) => !GAP.has(d.toISOString()));
const infraHours = hours(FROM, TO);

/** 92% of 4 GiB (a multiple of 256, exact in the store’s float4): the memory the production namespace holds most of the time. */
export const PROD_MEMORY = 3_951_370_240;

function prodHour(d: Date): ReportHour {
  const day = d.toISOString().slice(0, 10);
  const h = d.getUTCHours();
  const busy = h >= 9 && h < 17;
  const full = (day === '2026-11-05' || day === '2026-11-06') && h >= 12 && h < 16;
  const dayIndex = Math.floor((d.getTime() - Date.parse(FROM)) / (24 * HOUR));
  return {
    hour: d.toISOString(),
    cpu: busy ? 0.6 : 0.3,
    memory: full ? 4 * GI : PROD_MEMORY,
    quotaCpu: 1,
    quotaMemory: 4 * GI,
    storageUsed: (10 + dayIndex) * GI,
    quotaStorage: 20 * GI,
    restarts:
      (day === '2026-11-05' && h >= 12 && h < 15) || (day === '2026-11-06' && h >= 12 && h < 14)
        ? 1
        : 0,
    oomKills: day === '2026-11-05' && (h === 12 || h === 13) ? 1 : 0,
    // A rollout that never turned ready on the 4th, 09:00–12:00: two pods, then one.
    podsNeverReady: day === '2026-11-04' && h >= 9 && h < 12 ? (h === 11 ? 1 : 2) : 0,
    quotaUsedRatio: full ? 1 : 0.92,
  };
}

function devHour(d: Date): ReportHour {
  return {
    hour: d.toISOString(),
    cpu: 0.01,
    memory: 100 * MI,
    quotaCpu: 2,
    quotaMemory: 8 * GI,
    storageUsed: null,
    quotaStorage: null,
    restarts: 0,
    oomKills: 0,
    // Harvested before readiness was read: not measured, said so in the report.
    podsNeverReady: null,
    quotaUsedRatio: 0.05,
  };
}

export function fixedSnapshot(): ReportSnapshot {
  return {
    project: 'aurora',
    sample: false,
    from: FROM,
    to: TO,
    margin: 0.15,
    tiers: REFERENCE_QUOTA_TIERS,
    harvested: [
      { cluster: 'moc/smaug', hours: smaugHours.map((d) => d.toISOString()) },
      { cluster: 'moc/infra', hours: infraHours.map((d) => d.toISOString()) },
    ],
    namespaces: [
      {
        namespace: 'aurora-prod',
        cluster: 'moc/smaug',
        tier: 'small',
        hours: smaugHours.map(prodHour),
        daily: [],
      },
      {
        namespace: 'aurora-dev',
        cluster: 'moc/infra',
        tier: 'medium',
        hours: infraHours.map(devHour),
        daily: [],
      },
    ],
    peers: [
      { tier: 'small', cpuP95: [0.2, 0.4, 0.9], memoryMax: [1 * GI, 3 * GI, 5 * GI] },
      { tier: 'medium', cpuP95: [1, 1.5], memoryMax: [6 * GI, 7 * GI] },
    ],
    incidents: [
      {
        id: 3,
        title: 'Before the period',
        severity: 'critical',
        clusters: ['moc/smaug'],
        startedAt: '2026-10-20T00:00:00Z',
        resolvedAt: '2026-10-21T00:00:00Z',
        alerts: [],
      },
      {
        id: 9,
        title: 'Ingress answers slowly',
        severity: 'minor',
        clusters: ['moc/smaug'],
        startedAt: '2026-11-07T20:00:00Z',
        resolvedAt: null,
        alerts: ['IngressLatencyHigh'],
      },
      {
        id: 7,
        title: 'Smaug storage is slow',
        severity: 'major',
        clusters: ['moc/smaug'],
        startedAt: '2026-11-03T10:00:00Z',
        resolvedAt: '2026-11-03T15:30:00Z',
        alerts: ['KubePersistentVolumeFillingUp', 'CephSlowOps'],
      },
    ],
    notices: [
      {
        id: 4,
        title: 'OpenShift 4.18 upgrade',
        postedAt: '2026-11-02T12:00:00Z',
        respondBy: '2026-11-05T12:00:00Z',
        acknowledgedAt: null,
        closedAt: null,
      },
      {
        id: 2,
        title: 'Network maintenance',
        postedAt: '2026-11-01T09:00:00Z',
        respondBy: '2026-11-04T09:00:00Z',
        acknowledgedAt: '2026-11-02T09:00:00Z',
        closedAt: null,
      },
    ],
  };
}
