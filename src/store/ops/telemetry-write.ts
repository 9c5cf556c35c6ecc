import { sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';
import { dropTelemetryDayParts } from './telemetry-parts.ts';

/** The hourly columns in TELEMETRY_METRICS order: rows carry their values in this order. */
const COLUMNS = TELEMETRY_METRICS.map((m) => m.column);

export interface NamespaceLink {
  namespace: string;
  /** The opf project the namespace belongs to; undefined for the cloud's own namespaces. */
  project: string | undefined;
}

/** Mark series as the demo's sample data (src/seed): labelled in every view, never published. */
export async function markSampleSeries({ tx }: TxContext, ids: readonly number[]): Promise<void> {
  await sql`update telemetry_series set sample = true where id = any(${[...ids]}::int[])`.execute(
    tx,
  );
}

/** The series id of each namespace of a cluster, made on first sight; project links kept current. */
export async function upsertTelemetrySeries(
  { tx }: TxContext,
  cluster: string,
  links: readonly NamespaceLink[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let start = 0; start < links.length; start += 5000) {
    const part = links.slice(start, start + 5000);
    const result = await sql<{ id: number; namespace: string }>`
      insert into telemetry_series (cluster, namespace, project_name)
      select ${cluster}, n, nullif(p, '')
      from unnest(${part.map((l) => l.namespace)}::text[], ${part.map((l) => l.project ?? '')}::text[]) as t(n, p)
      on conflict (cluster, namespace) do update set project_name = excluded.project_name
        where telemetry_series.project_name is distinct from excluded.project_name
      returning id, namespace`.execute(tx);
    for (const row of result.rows) ids.set(row.namespace, Number(row.id));
    // Rows whose link did not change are not returned by `do update … where`: read them.
    const missing = part.filter((l) => !ids.has(l.namespace)).map((l) => l.namespace);
    if (missing.length > 0) {
      const found = await sql<{ id: number; namespace: string }>`
        select id, namespace from telemetry_series
        where cluster = ${cluster} and namespace = any(${missing}::text[])`.execute(tx);
      for (const row of found.rows) ids.set(row.namespace, Number(row.id));
    }
  }
  return ids;
}

/** The small id of a terms version in the hourly rows (made on first use). */
export async function telemetryTermsId(
  { tx }: TxContext,
  version: string,
  telemetryConsent: boolean,
): Promise<number> {
  const result = await sql<{ id: number }>`
    insert into telemetry_terms (version, telemetry_consent) values (${version}, ${telemetryConsent})
    on conflict (version, telemetry_consent) do update set version = excluded.version
    returning id`.execute(tx);
  return Number(result.rows[0]!.id);
}

/**
 * Monthly partitions of telemetry_hourly covering [from, to). A replica creating the same
 * partition at the same moment makes `if not exists` fail with 42P07: that is success here.
 */
export async function ensureHourlyPartitions(
  { tx }: TxContext,
  from: Date,
  to: Date,
): Promise<void> {
  for (const month of monthsBetween(from, to)) {
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const name = `telemetry_hourly_${month.toISOString().slice(0, 7).replace('-', '_')}`;
    const exists = await sql<{ n: number }>`
      select count(*)::int as n from pg_class c
      where c.relname = ${name} and c.relnamespace = (
        select oid from pg_namespace where nspname = current_schema())`.execute(tx);
    if (exists.rows[0]!.n > 0) continue;
    try {
      await sql
        .raw(
          `create table if not exists ${name} partition of telemetry_hourly for values from ('${month.toISOString()}') to ('${next.toISOString()}')`,
        )
        .execute(tx);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P07') throw error;
    }
  }
}

export function monthsBetween(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (month < to) {
    months.push(month);
    month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  }
  return months;
}

/** One namespace-hour to write: values in TELEMETRY_METRICS order. */
export interface HourlyRow {
  seriesId: number;
  hour: Date;
  consent: number;
  values: (number | null)[];
}

/**
 * Write (or rewrite: a gap filled, a backfill again) harvested hours, several thousand rows a
 * statement through unnest, so a month of 10,000 namespaces is a few hundred statements.
 */
export async function writeHourlyRows(
  { tx }: TxContext,
  rows: readonly HourlyRow[],
): Promise<void> {
  const step = 4000;
  for (let start = 0; start < rows.length; start += step) {
    const part = rows.slice(start, start + step);
    const arrays = COLUMNS.map((_, index) => part.map((row) => row.values[index] ?? null));
    const columnList = sql.raw(COLUMNS.join(', '));
    const updates = sql.raw(COLUMNS.map((c) => `${c} = excluded.${c}`).join(', '));
    await sql`
      insert into telemetry_hourly (series_id, hour, consent, ${columnList})
      select * from unnest(
        ${part.map((r) => r.seriesId)}::int[],
        ${part.map((r) => r.hour.toISOString())}::timestamptz[],
        ${part.map((r) => r.consent)}::smallint[],
        ${sql.join(arrays.map((values) => sql`${values}::real[]`))}
      )
      on conflict (series_id, hour) do update set consent = excluded.consent, ${updates}`.execute(
      tx,
    );
  }
}

/**
 * Record hours of a cluster as harvested, or as a gap (with why). A failed attempt at hours
 * already harvested (a backfill again) leaves them harvested: their rows still stand.
 */
export async function markTelemetryHours(
  { tx }: TxContext,
  cluster: string,
  hours: readonly Date[],
  outcome: { state: 'done' | 'gap'; source?: string; reason?: string },
): Promise<void> {
  if (hours.length === 0) return;
  await sql`
    insert into telemetry_hours (cluster, hour, state, source, reason)
    select ${cluster}, h, ${outcome.state}, ${outcome.source ?? null}, ${outcome.reason ?? null}
    from unnest(${hours.map((h) => h.toISOString())}::timestamptz[]) as t(h)
    on conflict (cluster, hour) do update set state = excluded.state, source = excluded.source,
      reason = excluded.reason, updated_at = now()
      ${outcome.state === 'gap' ? sql`where telemetry_hours.state = 'gap'` : sql``}`.execute(tx);
}

/**
 * Recompute the daily rollups of the days [fromDay, toDay) from the hourly rows of a cluster.
 * A day keeps the consent of its last hour; the datasets are cut from the hourly rows, hour by hour.
 */
export async function rollupTelemetryDays(
  { tx }: TxContext,
  cluster: string,
  fromDay: Date,
  toDay: Date,
): Promise<void> {
  await sql`
    insert into telemetry_daily (series_id, day, hours, consent, cpu_avg, cpu_p95, cpu_max,
      memory_avg, memory_max, cpu_requests, cpu_limits, memory_requests, memory_limits,
      quota_cpu, quota_memory, quota_storage, quota_pods, storage_requested, storage_used,
      pods_max, restarts, oom_kills, network_rx, network_tx, quota_used_ratio_max,
      pods_never_ready, pods_never_ready_max)
    select h.series_id, (h.hour at time zone 'UTC')::date, count(*), (array_agg(h.consent order by h.hour desc))[1],
      avg(cpu_used), percentile_disc(0.95) within group (order by cpu_used), max(cpu_used),
      avg(memory_used), max(memory_used),
      avg(cpu_requests), avg(cpu_limits), avg(memory_requests), avg(memory_limits),
      max(quota_cpu), max(quota_memory), max(quota_storage), max(quota_pods),
      max(storage_requested), max(storage_used), max(pods),
      sum(restarts), sum(oom_kills), sum(network_rx), sum(network_tx), max(quota_used_ratio),
      sum(pods_never_ready), max(pods_never_ready)
    from telemetry_hourly h join telemetry_series s on s.id = h.series_id
    where s.cluster = ${cluster} and h.hour >= ${fromDay.toISOString()}::timestamptz
      and h.hour < ${toDay.toISOString()}::timestamptz
    group by h.series_id, (h.hour at time zone 'UTC')::date
    on conflict (series_id, day) do update set hours = excluded.hours, consent = excluded.consent,
      cpu_avg = excluded.cpu_avg, cpu_p95 = excluded.cpu_p95, cpu_max = excluded.cpu_max,
      memory_avg = excluded.memory_avg, memory_max = excluded.memory_max,
      cpu_requests = excluded.cpu_requests, cpu_limits = excluded.cpu_limits,
      memory_requests = excluded.memory_requests, memory_limits = excluded.memory_limits,
      quota_cpu = excluded.quota_cpu, quota_memory = excluded.quota_memory,
      quota_storage = excluded.quota_storage, quota_pods = excluded.quota_pods,
      storage_requested = excluded.storage_requested, storage_used = excluded.storage_used,
      pods_max = excluded.pods_max, restarts = excluded.restarts, oom_kills = excluded.oom_kills,
      network_rx = excluded.network_rx, network_tx = excluded.network_tx,
      quota_used_ratio_max = excluded.quota_used_ratio_max,
      pods_never_ready = excluded.pods_never_ready,
      pods_never_ready_max = excluded.pods_never_ready_max`.execute(tx);
}

/**
 * Drop what is past retention: whole monthly partitions of hourly rows (cheap, no bloat),
 * the hours before the cut in the partition that straddles it, and old daily rows.
 */
export async function applyTelemetryRetention(
  { tx }: TxContext,
  { hourlyBefore, dailyBefore }: { hourlyBefore: Date; dailyBefore: Date },
): Promise<{ droppedPartitions: string[] }> {
  const partitions = await sql<{ name: string; upper: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as upper
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'telemetry_hourly'::regclass`.execute(tx);
  const dropped: string[] = [];
  for (const partition of partitions.rows) {
    const bounds = /TO \('([^']+)'\)/.exec(partition.upper);
    if (!bounds || new Date(bounds[1]!) > hourlyBefore) continue;
    await sql.raw(`drop table ${partition.name}`).execute(tx);
    dropped.push(partition.name);
  }
  await sql`delete from telemetry_hourly where hour < ${hourlyBefore.toISOString()}::timestamptz`.execute(
    tx,
  );
  await sql`delete from telemetry_hours where hour < ${hourlyBefore.toISOString()}::timestamptz`.execute(
    tx,
  );
  await sql`delete from telemetry_daily where day < ${dailyBefore.toISOString()}::date`.execute(tx);
  await dropTelemetryDayParts({ tx }, hourlyBefore);
  return { droppedPartitions: dropped };
}
