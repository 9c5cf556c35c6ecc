import { sql } from 'kysely';
import { TELEMETRY_METRICS, TELEMETRY_TERM_ID } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

export interface TermsCover {
  version: string;
  acceptedAt: Date;
  /** The accepted items include the telemetry term. */
  telemetry: boolean;
}

/** For each namespace opf knows on a cluster: its project and the terms the project accepted. */
export async function telemetryProjectLinks(
  { tx }: TxContext,
  cluster: string,
): Promise<Map<string, { project: string; terms: TermsCover[] }>> {
  const result = await sql<{
    namespace: string;
    project: string;
    version: string | null;
    accepted: string[] | string | null;
    accepted_at: Date | null;
  }>`
    select c.name as namespace, c.project_name as project, ta.version, ta.accepted, ta.accepted_at
    from namespace_claims c
    left join requests r on r.project_name = c.project_name
    left join terms_acceptances ta on ta.request_id = r.id
    where c.cluster_id = ${cluster} or c.cluster_id is null
    order by ta.accepted_at nulls first`.execute(tx);
  const links = new Map<string, { project: string; terms: TermsCover[] }>();
  for (const row of result.rows) {
    const link = links.get(row.namespace) ?? { project: row.project, terms: [] };
    links.set(row.namespace, link);
    if (row.version && row.accepted_at) {
      const accepted = typeof row.accepted === 'string' ? JSON.parse(row.accepted) : row.accepted;
      link.terms.push({
        version: row.version,
        acceptedAt: new Date(row.accepted_at),
        telemetry: Array.isArray(accepted) && accepted.includes(TELEMETRY_TERM_ID),
      });
    }
  }
  return links;
}

/** The hour after the last harvested one of a cluster, where an incremental harvest resumes. */
export async function lastHarvestedHour(
  { tx }: TxContext,
  cluster: string,
): Promise<Date | undefined> {
  const result = await sql<{ hour: Date | null }>`
    select max(hour) as hour from telemetry_hours where cluster = ${cluster} and state = 'done'`.execute(
    tx,
  );
  const hour = result.rows[0]?.hour;
  return hour ? new Date(hour) : undefined;
}

/** The oldest gap hours of a cluster, to harvest again. */
export async function telemetryGapHours(
  { tx }: TxContext,
  cluster: string,
  limit: number,
): Promise<Date[]> {
  const result = await sql<{ hour: Date }>`
    select hour from telemetry_hours where cluster = ${cluster} and state = 'gap'
    order by hour limit ${limit}`.execute(tx);
  return result.rows.map((row) => new Date(row.hour));
}

export interface TelemetryGap {
  cluster: string;
  from: string;
  /** The end of the gap's last hour (exclusive). */
  to: string;
  hours: number;
  reason: string | null;
}

/** Runs of consecutive gap hours, newest first (gaps and islands). */
export async function listTelemetryGaps(
  { tx }: TxContext,
  filter: { cluster?: string; from?: Date; to?: Date; limit?: number } = {},
): Promise<TelemetryGap[]> {
  const result = await sql<{
    cluster: string;
    first: Date;
    last: Date;
    hours: number;
    reason: string | null;
  }>`
    select cluster, min(hour) as first, max(hour) as last, count(*)::int as hours, max(reason) as reason
    from (
      select cluster, hour, reason,
        hour - (row_number() over (partition by cluster order by hour)) * interval '1 hour' as island
      from telemetry_hours
      where state = 'gap'
        ${filter.cluster ? sql`and cluster = ${filter.cluster}` : sql``}
        ${filter.from ? sql`and hour >= ${filter.from.toISOString()}::timestamptz` : sql``}
        ${filter.to ? sql`and hour < ${filter.to.toISOString()}::timestamptz` : sql``}
    ) g
    group by cluster, island
    order by min(hour) desc
    limit ${filter.limit ?? 500}`.execute(tx);
  return result.rows.map((row) => ({
    cluster: row.cluster,
    from: new Date(row.first).toISOString(),
    to: new Date(new Date(row.last).getTime() + 3_600_000).toISOString(),
    hours: row.hours,
    reason: row.reason,
  }));
}

/** Gap hours per cluster now, for /metrics. */
export async function telemetryGapHourCounts({ tx }: TxContext): Promise<Map<string, number>> {
  const result = await sql<{ cluster: string; n: number }>`
    select cluster, count(*)::int as n from telemetry_hours where state = 'gap' group by cluster`.execute(
    tx,
  );
  return new Map(result.rows.map((row) => [row.cluster, row.n]));
}

/** Hours of [from, to) a cluster has harvested. */
export async function harvestedHourCount(
  { tx }: TxContext,
  cluster: string,
  from: Date,
  to: Date,
): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from telemetry_hours
    where cluster = ${cluster} and state = 'done'
      and hour >= ${from.toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz`.execute(
    tx,
  );
  return result.rows[0]!.n;
}

export interface TelemetrySeries {
  id: number;
  cluster: string;
  namespace: string;
  project: string | null;
  sample: boolean;
}

export async function findTelemetrySeries(
  { tx }: TxContext,
  filter:
    | { namespace: string; cluster?: string }
    | { project: string }
    | { ofProjects: number }
    | { ids: readonly number[] },
): Promise<TelemetrySeries[]> {
  const where =
    'ids' in filter
      ? sql`id = any(${[...filter.ids]}::int[])`
      : 'ofProjects' in filter
        ? sql`project_name is not null order by project_name, namespace limit ${filter.ofProjects}`
        : 'project' in filter
          ? sql`project_name = ${filter.project}`
          : filter.cluster
            ? sql`namespace = ${filter.namespace} and cluster = ${filter.cluster}`
            : sql`namespace = ${filter.namespace}`;
  const result = await sql<{
    id: number;
    cluster: string;
    namespace: string;
    project_name: string | null;
    sample: boolean;
  }>`
    select * from (select id, cluster, namespace, project_name, sample from telemetry_series where ${where}) s
    order by cluster, namespace`.execute(tx);
  return result.rows.map((row) => ({
    id: Number(row.id),
    cluster: row.cluster,
    namespace: row.namespace,
    project: row.project_name,
    sample: row.sample,
  }));
}

/** Hours whose terms withhold telemetry are left out unless asked (ops see them); `h` is the hourly row. */
export const publishedHours = (includeWithheld: boolean) =>
  includeWithheld
    ? sql``
    : sql`and (h.consent = 0 or exists (select 1 from telemetry_terms t where t.id = h.consent and t.telemetry_consent))`;

export interface WindowStats {
  seriesId: number;
  hours: number;
  first: Date | null;
  last: Date | null;
  cpuP50: number | null;
  cpuP95: number | null;
  cpuMax: number | null;
  memoryP50: number | null;
  memoryP95: number | null;
  memoryMax: number | null;
  quotaUsedRatioMax: number | null;
  exhaustedHours: number;
}

/** p50, p95 (nearest rank: percentile_disc) and max of the hourly values in [from, to). */
export async function telemetryWindowStats(
  { tx }: TxContext,
  seriesIds: readonly number[],
  window: { from: Date | undefined; to: Date },
  includeWithheld: boolean,
): Promise<Map<number, WindowStats>> {
  if (seriesIds.length === 0) return new Map();
  const result = await sql<Record<string, unknown>>`
    select h.series_id, count(*)::int as hours, min(h.hour) as first, max(h.hour) as last,
      percentile_disc(0.5) within group (order by h.cpu_used)::float8 as cpu_p50,
      percentile_disc(0.95) within group (order by h.cpu_used)::float8 as cpu_p95,
      max(h.cpu_used)::float8 as cpu_max,
      percentile_disc(0.5) within group (order by h.memory_used)::float8 as memory_p50,
      percentile_disc(0.95) within group (order by h.memory_used)::float8 as memory_p95,
      max(h.memory_used)::float8 as memory_max,
      max(h.quota_used_ratio)::float8 as ratio_max,
      count(*) filter (where h.quota_used_ratio >= 1)::int as exhausted_hours
    from telemetry_hourly h
    where h.series_id = any(${[...seriesIds]}::int[])
      ${window.from ? sql`and h.hour >= ${window.from.toISOString()}::timestamptz` : sql``}
      and h.hour < ${window.to.toISOString()}::timestamptz
      ${publishedHours(includeWithheld)}
    group by h.series_id`.execute(tx);
  const stats = new Map<number, WindowStats>();
  for (const row of result.rows)
    stats.set(Number(row.series_id), {
      seriesId: Number(row.series_id),
      hours: Number(row.hours),
      first: row.first ? new Date(row.first as Date) : null,
      last: row.last ? new Date(row.last as Date) : null,
      cpuP50: num(row.cpu_p50),
      cpuP95: num(row.cpu_p95),
      cpuMax: num(row.cpu_max),
      memoryP50: num(row.memory_p50),
      memoryP95: num(row.memory_p95),
      memoryMax: num(row.memory_max),
      quotaUsedRatioMax: num(row.ratio_max),
      exhaustedHours: Number(row.exhausted_hours),
    });
  return stats;
}

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : fromReal(Number(value));

/**
 * A stored value (real: float4, read as float8 so that byte counts stay exact integers) as
 * the figure it was: fractions to float4's 7 significant digits, so 0.3 cores reads 0.3.
 */
export function fromReal(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(7));
}

export type HourValues = Record<string, number | null> & { hour: string; consent: number };

/** The latest harvested hour of each series before `before`. */
export async function telemetryLatestHours(
  { tx }: TxContext,
  seriesIds: readonly number[],
  before: Date,
  includeWithheld: boolean,
): Promise<Map<number, HourValues>> {
  if (seriesIds.length === 0) return new Map();
  const columns = sql.raw(
    TELEMETRY_METRICS.map((m) => `h.${m.column}::float8 as ${m.column}`).join(', '),
  );
  const result = await sql<Record<string, unknown>>`
    select distinct on (h.series_id) h.series_id, h.hour, h.consent, ${columns}
    from telemetry_hourly h
    where h.series_id = any(${[...seriesIds]}::int[]) and h.hour < ${before.toISOString()}::timestamptz
      and h.hour >= ${new Date(before.getTime() - 40 * 86_400_000).toISOString()}::timestamptz
      ${publishedHours(includeWithheld)}
    order by h.series_id, h.hour desc`.execute(tx);
  return new Map(
    result.rows.map((row) => {
      const values: HourValues = {
        hour: new Date(row.hour as Date).toISOString(),
        consent: Number(row.consent),
      } as HourValues;
      for (const m of TELEMETRY_METRICS) values[m.name] = num(row[m.column]);
      return [Number(row.series_id), values];
    }),
  );
}

export interface UsagePoint {
  hour: string;
  cpu: number | null;
  memory: number | null;
  quotaCpu: number | null;
  quotaMemory: number | null;
}

/** Hourly CPU and memory of one series over [from, to), for charts. */
export async function telemetryUsagePoints(
  { tx }: TxContext,
  seriesId: number,
  window: { from: Date; to: Date },
  includeWithheld: boolean,
): Promise<UsagePoint[]> {
  const result = await sql<{
    hour: Date;
    cpu_used: number | null;
    memory_used: number | null;
    quota_cpu: number | null;
    quota_memory: number | null;
  }>`
    select h.hour, h.cpu_used::float8 as cpu_used, h.memory_used::float8 as memory_used,
      h.quota_cpu::float8 as quota_cpu, h.quota_memory::float8 as quota_memory
    from telemetry_hourly h
    where h.series_id = ${seriesId} and h.hour >= ${window.from.toISOString()}::timestamptz
      and h.hour < ${window.to.toISOString()}::timestamptz ${publishedHours(includeWithheld)}
    order by h.hour`.execute(tx);
  return result.rows.map((row) => ({
    hour: new Date(row.hour).toISOString(),
    cpu: num(row.cpu_used),
    memory: num(row.memory_used),
    quotaCpu: num(row.quota_cpu),
    quotaMemory: num(row.quota_memory),
  }));
}
