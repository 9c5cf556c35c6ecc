import { OpfError } from '../core/index.ts';
import {
  type Db,
  findProject,
  findTelemetrySeries,
  harvestedHourCount,
  lastHarvestedHour,
  listQuotaTiers,
  type TelemetrySeries,
  telemetryLatestHours,
  telemetryUsagePoints,
  telemetryWindowStats,
  type UsagePoint,
  type WindowStats,
} from '../store/index.ts';
import { DAY_MS, HOUR_MS } from './hours.ts';
import { type Recommendation, recommendTier } from './recommend.ts';

export interface Spread {
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface ResourceUsage extends Spread {
  now: number | null;
  /** The ResourceQuota's hard limit now; null when the namespace has none. */
  limit: number | null;
  /** limit − the size that matters (CPU p95, memory peak); negative when over. */
  headroom: number | null;
  headroomPercent: number | null;
}

export interface WindowSummary {
  hours: number;
  /** Hours of the window the cluster was not harvested (gaps): never averaged over. */
  missingHours: number;
  cpu: Spread;
  memory: Spread;
}

export interface NamespaceUsage {
  namespace: string;
  cluster: string;
  project: string | null;
  /** Sample data of the demo, not harvested: shown as such, never published. */
  sample: boolean;
  window: { from: string; to: string; hours: number; missingHours: number };
  cpu: ResourceUsage;
  memory: ResourceUsage;
  windows: { days7: WindowSummary; days30: WindowSummary };
  recommendedTier: string | null;
  recommendation: Recommendation;
  flags: {
    /** A quota limit was reached in the window (some resource used = hard). */
    exhausted: boolean;
    exhaustedHours: number;
    /** Under 10% of the CPU and memory quota for the last 14 days, every hour harvested. */
    idle: boolean;
  };
  /** Hourly CPU and memory over the window, when asked (charts). */
  series?: UsagePoint[];
}

export interface UsageOptions {
  days?: number;
  margin: number;
  /** Hours whose terms withhold telemetry count too (ops and admins). */
  includeWithheld: boolean;
  series?: boolean;
}

export async function namespaceUsage(
  db: Db,
  target: { namespace: string; cluster?: string },
  options: UsageOptions,
): Promise<NamespaceUsage[]> {
  const series = await findTelemetrySeries({ tx: db }, target);
  if (series.length === 0)
    throw new OpfError(
      'OPF_ERR_TELEMETRY_NO_DATA',
      `no usage harvested for namespace ${target.namespace}`,
    );
  return usageOf(db, series, options);
}

export async function projectUsage(
  db: Db,
  project: string,
  options: UsageOptions,
): Promise<{ project: string; namespaces: NamespaceUsage[] }> {
  const series = await findTelemetrySeries({ tx: db }, { project });
  // A known project without harvested namespaces has none to show; a name opf does not know
  // is a mistake the caller should hear about, not an empty list.
  if (series.length === 0 && !(await findProject({ tx: db }, project)))
    throw new OpfError('OPF_ERR_NOT_FOUND', `project "${project}" does not exist`);
  return { project, namespaces: await usageOf(db, series, options) };
}

/** The namespaces of opf's projects (at most `limit`), for the overview: flags and tiers. */
export async function projectsUsageSummary(
  db: Db,
  limit: number,
  options: UsageOptions,
): Promise<NamespaceUsage[]> {
  return usageOf(db, await findTelemetrySeries({ tx: db }, { ofProjects: limit }), options);
}

async function usageOf(
  db: Db,
  series: TelemetrySeries[],
  options: UsageOptions,
): Promise<NamespaceUsage[]> {
  const tiers = await listQuotaTiers({ tx: db });
  const out: NamespaceUsage[] = [];
  // Windows end at each cluster's last harvested hour, so a cluster whose harvest lags is
  // reported up to where it stands, with its coverage, rather than over empty hours.
  const byCluster = new Map<string, TelemetrySeries[]>();
  for (const s of series) byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s]);
  for (const [cluster, members] of byCluster) {
    const last = await lastHarvestedHour({ tx: db }, cluster);
    const ids = members.map((s) => s.id);
    const end = last
      ? new Date(last.getTime() + HOUR_MS)
      : new Date(Date.now() - (Date.now() % HOUR_MS));
    const from = options.days ? new Date(end.getTime() - options.days * DAY_MS) : undefined;
    const [whole, days7, days30, days14, latest] = await Promise.all([
      telemetryWindowStats({ tx: db }, ids, { from, to: end }, options.includeWithheld),
      windowOf(db, cluster, ids, end, 7, options),
      windowOf(db, cluster, ids, end, 30, options),
      telemetryWindowStats(
        { tx: db },
        ids,
        { from: new Date(end.getTime() - 14 * DAY_MS), to: end },
        options.includeWithheld,
      ),
      telemetryLatestHours({ tx: db }, ids, end, options.includeWithheld),
    ]);
    for (const s of members) {
      const stats = whole.get(s.id);
      const now = latest.get(s.id);
      const start = from ?? stats?.first ?? end;
      const windowHours = Math.round((end.getTime() - start.getTime()) / HOUR_MS);
      const harvested = await harvestedHourCount({ tx: db }, cluster, start, end);
      const recommendation = recommendTier(
        tiers,
        { cpuP95: stats?.cpuP95 ?? null, memoryMax: stats?.memoryMax ?? null },
        options.margin,
      );
      const cpuLimit = now?.quota_cpu ?? null;
      const memoryLimit = now?.quota_memory ?? null;
      const idleStats = days14.get(s.id);
      out.push({
        namespace: s.namespace,
        cluster,
        project: s.project,
        sample: s.sample,
        window: {
          from: start.toISOString(),
          to: end.toISOString(),
          hours: stats?.hours ?? 0,
          missingHours: Math.max(0, windowHours - harvested),
        },
        cpu: resource(now?.cpu_used ?? null, stats, 'cpu', cpuLimit),
        memory: resource(now?.memory_used ?? null, stats, 'memory', memoryLimit),
        windows: { days7: days7(s.id), days30: days30(s.id) },
        recommendedTier: recommendation.tier,
        recommendation,
        flags: {
          exhausted: (stats?.exhaustedHours ?? 0) > 0,
          exhaustedHours: stats?.exhaustedHours ?? 0,
          idle:
            idleStats !== undefined &&
            idleStats.hours >= 14 * 24 &&
            cpuLimit !== null &&
            memoryLimit !== null &&
            (idleStats.cpuMax ?? 0) < 0.1 * cpuLimit &&
            (idleStats.memoryMax ?? 0) < 0.1 * memoryLimit,
        },
        ...(options.series && {
          series: await telemetryUsagePoints(
            { tx: db },
            s.id,
            { from: start, to: end },
            options.includeWithheld,
          ),
        }),
      });
    }
  }
  return out;
}

async function windowOf(
  db: Db,
  cluster: string,
  ids: number[],
  end: Date,
  days: number,
  options: UsageOptions,
): Promise<(id: number) => WindowSummary> {
  const from = new Date(end.getTime() - days * DAY_MS);
  const [stats, harvested] = await Promise.all([
    telemetryWindowStats({ tx: db }, ids, { from, to: end }, options.includeWithheld),
    harvestedHourCount({ tx: db }, cluster, from, end),
  ]);
  return (id) => {
    const s = stats.get(id);
    return {
      hours: s?.hours ?? 0,
      missingHours: days * 24 - harvested,
      cpu: { p50: s?.cpuP50 ?? null, p95: s?.cpuP95 ?? null, max: s?.cpuMax ?? null },
      memory: { p50: s?.memoryP50 ?? null, p95: s?.memoryP95 ?? null, max: s?.memoryMax ?? null },
    };
  };
}

function resource(
  now: number | null,
  stats: WindowStats | undefined,
  kind: 'cpu' | 'memory',
  limit: number | null,
): ResourceUsage {
  const spread: Spread =
    kind === 'cpu'
      ? { p50: stats?.cpuP50 ?? null, p95: stats?.cpuP95 ?? null, max: stats?.cpuMax ?? null }
      : {
          p50: stats?.memoryP50 ?? null,
          p95: stats?.memoryP95 ?? null,
          max: stats?.memoryMax ?? null,
        };
  // CPU is sized by its p95 (over it a container is slowed), memory by its peak (killed).
  const sized = kind === 'cpu' ? spread.p95 : spread.max;
  const headroom = limit !== null && sized !== null ? limit - sized : null;
  return {
    now,
    ...spread,
    limit,
    headroom,
    headroomPercent: headroom !== null && limit ? Math.round((headroom / limit) * 1000) / 10 : null,
  };
}
