import { sql } from 'kysely';
import type { TxContext } from '../schema.ts';
import { fromReal, publishedHours } from './telemetry-read.ts';

/** The reports' reads (docs/reports.md): each over a period [from, to). */
export interface ReportWindow {
  from: Date;
  to: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const real = (v: unknown): number | null =>
  v === null || v === undefined ? null : fromReal(Number(v));
const bounds = (w: ReportWindow, column: ReturnType<typeof sql.ref>) =>
  sql`${column} >= ${w.from.toISOString()}::timestamptz and ${column} < ${w.to.toISOString()}::timestamptz`;

/** What an hour and a day's rollup both carry: the quota, storage and the pods' troubles. */
interface QuotaStorageAndEvents {
  quotaCpu: number | null;
  quotaMemory: number | null;
  storageUsed: number | null;
  quotaStorage: number | null;
  restarts: number | null;
  oomKills: number | null;
}

/** One harvested hour of one namespace (CPU in cores, memory and storage in bytes). */
export interface ReportHour extends QuotaStorageAndEvents {
  hour: string;
  cpu: number | null;
  memory: number | null;
  /** Pods whose Ready condition was never true in the hour; null where not harvested. */
  podsNeverReady: number | null;
  /** The fullest quota resource in the hour (1 = a hard limit reached). */
  quotaUsedRatio: number | null;
}

/** Every harvested hour of these series in the window, oldest first. */
export async function reportHours(
  { tx }: TxContext,
  seriesIds: readonly number[],
  window: ReportWindow,
  includeWithheld: boolean,
): Promise<Map<number, ReportHour[]>> {
  const out = new Map<number, ReportHour[]>(seriesIds.map((id) => [id, []]));
  if (seriesIds.length === 0) return out;
  const result = await sql<Record<string, unknown>>`
    select h.series_id, h.hour, h.cpu_used::float8 as cpu, h.memory_used::float8 as memory,
      h.quota_cpu::float8 as quota_cpu, h.quota_memory::float8 as quota_memory,
      h.storage_used::float8 as storage_used, h.quota_storage::float8 as quota_storage,
      h.restarts::float8 as restarts, h.oom_kills::float8 as oom_kills,
      h.pods_never_ready::float8 as pods_never_ready, h.quota_used_ratio::float8 as quota_used_ratio
    from telemetry_hourly h
    where h.series_id = any(${[...seriesIds]}::int[]) and ${bounds(window, sql.ref('h.hour'))}
      ${publishedHours(includeWithheld)}
    order by h.series_id, h.hour`.execute(tx);
  for (const row of result.rows)
    out.get(Number(row.series_id))?.push({
      hour: iso(row.hour as Date)!,
      cpu: real(row.cpu),
      memory: real(row.memory),
      quotaCpu: real(row.quota_cpu),
      quotaMemory: real(row.quota_memory),
      storageUsed: real(row.storage_used),
      quotaStorage: real(row.quota_storage),
      restarts: real(row.restarts),
      oomKills: real(row.oom_kills),
      podsNeverReady: real(row.pods_never_ready),
      quotaUsedRatio: real(row.quota_used_ratio),
    });
  return out;
}

/**
 * One day of one namespace from the daily rollups (telemetry_daily), read for the days whose
 * hourly rows are gone (older than OPF_TELEMETRY_HOURLY_RETENTION_DAYS): the day's peaks,
 * sums and last limits, not its hours.
 */
export interface ReportDay extends QuotaStorageAndEvents {
  day: string;
  /** Hours the rollup was made from. */
  hours: number;
  cpuMax: number | null;
  memoryMax: number | null;
  /** Pod-hours never ready in the day, and the most in one hour. */
  podsNeverReady: number | null;
  podsNeverReadyMax: number | null;
}

/**
 * The daily rollups of these series (every series: 'all', for the cloud's report) in the
 * window, for the days without any hourly row.
 */
export async function reportDays(
  { tx }: TxContext,
  seriesIds: readonly number[] | 'all',
  window: ReportWindow,
  includeWithheld: boolean,
): Promise<Map<number, ReportDay[]>> {
  const out = new Map<number, ReportDay[]>(
    seriesIds === 'all' ? [] : seriesIds.map((id) => [id, []]),
  );
  if (seriesIds !== 'all' && seriesIds.length === 0) return out;
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const result = await sql<Record<string, unknown>>`
    select d.series_id, to_char(d.day, 'YYYY-MM-DD') as day, d.hours,
      d.cpu_max::float8 as cpu_max, d.memory_max::float8 as memory_max,
      d.quota_cpu::float8 as quota_cpu, d.quota_memory::float8 as quota_memory,
      d.storage_used::float8 as storage_used, d.quota_storage::float8 as quota_storage,
      d.restarts::float8 as restarts, d.oom_kills::float8 as oom_kills,
      d.pods_never_ready::float8 as pods_never_ready, d.pods_never_ready_max::float8 as pods_never_ready_max
    from telemetry_daily d
    where ${seriesIds === 'all' ? sql`true` : sql`d.series_id = any(${[...seriesIds]}::int[])`}
      and d.day >= (${from}::timestamptz at time zone 'UTC')::date
      and d.day < (${to}::timestamptz at time zone 'UTC')::date
      ${includeWithheld ? sql`` : sql`and (d.consent = 0 or exists (select 1 from telemetry_terms t where t.id = d.consent and t.telemetry_consent))`}
      and not exists (select 1 from telemetry_hourly h where h.series_id = d.series_id
        and h.hour >= d.day::timestamp at time zone 'UTC'
        and h.hour < (d.day + 1)::timestamp at time zone 'UTC')
    order by d.series_id, d.day`.execute(tx);
  for (const row of result.rows) {
    const id = Number(row.series_id);
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push({
      day: row.day as string,
      hours: Number(row.hours),
      cpuMax: real(row.cpu_max),
      memoryMax: real(row.memory_max),
      quotaCpu: real(row.quota_cpu),
      quotaMemory: real(row.quota_memory),
      storageUsed: real(row.storage_used),
      quotaStorage: real(row.quota_storage),
      restarts: real(row.restarts),
      oomKills: real(row.oom_kills),
      podsNeverReady: real(row.pods_never_ready),
      podsNeverReadyMax: real(row.pods_never_ready_max),
    });
  }
  return out;
}

/** The harvested hours of each cluster in the window (every cluster known when none named). */
export async function harvestedHours(
  { tx }: TxContext,
  clusters: readonly string[] | 'all',
  window: ReportWindow,
): Promise<{ cluster: string; hours: string[] }[]> {
  const result = await sql<{ cluster: string; hour: Date }>`
    select cluster, hour from telemetry_hours
    where state = 'done' and ${bounds(window, sql.ref('hour'))}
      ${clusters === 'all' ? sql`` : sql`and cluster = any(${[...clusters]}::text[])`}
    order by cluster, hour`.execute(tx);
  const byCluster = new Map<string, string[]>(
    clusters === 'all' ? [] : clusters.map((c) => [c, []]),
  );
  for (const row of result.rows)
    byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), iso(row.hour)!]);
  if (clusters === 'all') {
    const known = await sql<{
      cluster: string;
    }>`select distinct cluster from telemetry_series`.execute(tx);
    for (const { cluster } of known.rows) if (!byCluster.has(cluster)) byCluster.set(cluster, []);
  }
  return [...byCluster].map(([cluster, hours]) => ({ cluster, hours }));
}

export interface SeriesWindowFigures {
  seriesId: number;
  cluster: string;
  namespace: string;
  project: string | null;
  /** The demo's sample data (src/seed): shown labelled as such, never ranked among peers. */
  sample: boolean;
  /** The tier of the namespace claim that names this namespace, if any. */
  tier: string | null;
  hours: number;
  cpuP95: number | null;
  cpuMax: number | null;
  memoryMax: number | null;
  cpuLimit: number | null;
  memoryLimit: number | null;
}

/**
 * Every series' CPU p95 (nearest rank) and peak memory in the window, with its quota at the
 * last hour that had one and the tier its claim gives: the cloud's report and the peers of
 * a project's namespaces read these. The demo's sample series are included and flagged:
 * the caller labels them (the cloud's report) or leaves them out (peers), never silently.
 */
export async function seriesWindowFigures(
  { tx }: TxContext,
  window: ReportWindow,
  includeWithheld: boolean,
): Promise<SeriesWindowFigures[]> {
  const result = await sql<Record<string, unknown>>`
    select s.id, s.cluster, s.namespace, s.project_name, s.sample,
      (select c.tier from namespace_claims c
        where c.name = s.namespace and (c.cluster_id = s.cluster or c.cluster_id is null)
        order by c.cluster_id nulls last limit 1) as tier,
      count(*)::int as hours,
      percentile_disc(0.95) within group (order by h.cpu_used)::float8 as cpu_p95,
      max(h.cpu_used)::float8 as cpu_max,
      max(h.memory_used)::float8 as memory_max,
      ((array_agg(h.quota_cpu order by h.hour desc) filter (where h.quota_cpu is not null))[1])::float8 as cpu_limit,
      ((array_agg(h.quota_memory order by h.hour desc) filter (where h.quota_memory is not null))[1])::float8 as memory_limit
    from telemetry_series s
    join telemetry_hourly h on h.series_id = s.id
    where ${bounds(window, sql.ref('h.hour'))} ${publishedHours(includeWithheld)}
    group by s.id, s.cluster, s.namespace, s.project_name, s.sample
    order by s.cluster, s.namespace`.execute(tx);
  return result.rows.map((row) => ({
    seriesId: Number(row.id),
    cluster: row.cluster as string,
    namespace: row.namespace as string,
    project: (row.project_name as string | null) ?? null,
    sample: row.sample === true,
    tier: (row.tier as string | null) ?? null,
    hours: Number(row.hours),
    cpuP95: real(row.cpu_p95),
    cpuMax: real(row.cpu_max),
    memoryMax: real(row.memory_max),
    cpuLimit: real(row.cpu_limit),
    memoryLimit: real(row.memory_limit),
  }));
}

export interface ReportIncident {
  id: number;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  clusters: string[];
  startedAt: string;
  resolvedAt: string | null;
  alerts: string[];
}

/** Incidents open at some time in the window, of one project or of the whole cloud. */
export async function reportIncidents(
  { tx }: TxContext,
  project: string | null,
  window: ReportWindow,
): Promise<ReportIncident[]> {
  const result = await sql<{
    id: number;
    title: string;
    severity: ReportIncident['severity'];
    clusters: string[];
    started_at: Date;
    resolved_at: Date | null;
    alerts: string[] | null;
  }>`
    select i.id, i.title, i.severity, i.clusters, i.started_at, i.resolved_at,
      (select array_agg(distinct a.alertname) from incident_alerts a where a.incident_id = i.id) as alerts
    from incidents i
    where i.started_at < ${window.to.toISOString()}::timestamptz
      and (i.resolved_at is null or i.resolved_at >= ${window.from.toISOString()}::timestamptz)
      ${project === null ? sql`` : sql`and exists (select 1 from incident_projects p where p.incident_id = i.id and p.project_name = ${project})`}
    order by i.started_at, i.id`.execute(tx);
  return result.rows.map((row) => ({
    id: Number(row.id),
    title: row.title,
    severity: row.severity,
    clusters: row.clusters,
    startedAt: iso(row.started_at)!,
    resolvedAt: iso(row.resolved_at),
    alerts: row.alerts ?? [],
  }));
}

export interface ReportNotice {
  id: number;
  title: string;
  postedAt: string;
  respondBy: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

/** The notices posted to a project in the window, with its answer. */
export async function reportNotices(
  { tx }: TxContext,
  project: string,
  window: ReportWindow,
): Promise<ReportNotice[]> {
  const result = await sql<{
    id: number;
    title: string;
    posted_at: Date;
    respond_by: Date;
    acknowledged_at: Date | null;
    closed_at: Date | null;
  }>`
    select n.id, n.title, n.posted_at, n.respond_by, r.acknowledged_at, n.closed_at
    from notices n join notice_recipients r on r.notice_id = n.id
    where r.project_name = ${project} and ${bounds(window, sql.ref('n.posted_at'))}
    order by n.posted_at, n.id`.execute(tx);
  return result.rows.map((row) => ({
    id: Number(row.id),
    title: row.title,
    postedAt: iso(row.posted_at)!,
    respondBy: iso(row.respond_by)!,
    acknowledgedAt: iso(row.acknowledged_at),
    closedAt: iso(row.closed_at),
  }));
}

/** Requests that became active in the window (their first activation), with when they were submitted. */
export async function activationsBetween(
  { tx }: TxContext,
  window: ReportWindow,
): Promise<{ requestId: number; project: string; submittedAt: string; activatedAt: string }[]> {
  const result = await sql<{ id: number; project_name: string; submitted_at: Date; at: Date }>`
    select r.id, r.project_name, r.submitted_at, a.at
    from requests r
    join (select subject_id, min(at) as at from audit_events
          where subject_type = 'request' and action = 'request.activate' group by subject_id) a
      on a.subject_id = r.id::text
    where r.submitted_at is not null and ${bounds(window, sql.ref('a.at'))}
    order by a.at, r.id`.execute(tx);
  return result.rows.map((row) => ({
    requestId: Number(row.id),
    project: row.project_name,
    submittedAt: iso(row.submitted_at)!,
    activatedAt: iso(row.at)!,
  }));
}

/** Whether the project's team gets the monthly report message (yes unless turned off). */
export async function reportSettingsOf(
  { tx }: TxContext,
  project: string,
): Promise<{ monthlyMessage: boolean; updatedBy: string | null; updatedAt: string | null }> {
  const result = await sql<{ monthly_message: boolean; updated_by: string; updated_at: Date }>`
    select monthly_message, updated_by, updated_at from report_settings where project_name = ${project}`.execute(
    tx,
  );
  const row = result.rows[0];
  return row
    ? {
        monthlyMessage: row.monthly_message,
        updatedBy: row.updated_by,
        updatedAt: iso(row.updated_at),
      }
    : { monthlyMessage: true, updatedBy: null, updatedAt: null };
}

export async function saveReportSettings(
  { tx }: TxContext,
  project: string,
  settings: { monthlyMessage: boolean; updatedBy: string },
): Promise<void> {
  await sql`
    insert into report_settings (project_name, monthly_message, updated_by, updated_at)
    values (${project}, ${settings.monthlyMessage}, ${settings.updatedBy}, now())
    on conflict (project_name) do update set monthly_message = excluded.monthly_message,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(tx);
}

/** Active projects whose team has not turned the monthly report message off. */
export async function projectsForMonthlyReport({ tx }: TxContext): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select p.name from projects p left join report_settings s on s.project_name = p.name
    where p.status = 'active' and coalesce(s.monthly_message, true)
    order by p.name`.execute(tx);
  return result.rows.map((row) => row.name);
}
