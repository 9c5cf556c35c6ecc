import { type Kysely, sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../core/index.ts';
import { canCopyFrom, copyFrom } from '../copy-in.ts';
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
 * Namespace-hours to write as columns, no object a row: row i is `seriesIds[i]`, `hours[i]`
 * (ms since the epoch), `consents[i]`, and its value of metric m (TELEMETRY_METRICS order) at
 * `values[i * TELEMETRY_METRICS.length + m]`, NaN where it has none (a harvest never keeps a
 * NaN as a measurement: prometheus.ts drops them).
 */
export interface HourlyBatch {
  length: number;
  seriesIds: Int32Array;
  hours: Float64Array;
  consents: Int16Array;
  values: Float64Array;
}

/** An empty batch with room for `capacity` rows (fill it, then set `length`). */
export function hourlyBatch(capacity: number): HourlyBatch {
  return {
    length: 0,
    seriesIds: new Int32Array(capacity),
    hours: new Float64Array(capacity),
    consents: new Int16Array(capacity),
    values: new Float64Array(capacity * COLUMNS.length).fill(Number.NaN),
  };
}

/**
 * Write (or rewrite: a gap filled, a backfill again) harvested hours, several thousand rows a
 * statement through unnest, so a month of 10,000 namespaces is a few hundred statements.
 */
export async function writeHourlyRows(ctx: TxContext, rows: readonly HourlyRow[]): Promise<void> {
  const batch = hourlyBatch(rows.length);
  rows.forEach((row, i) => {
    batch.seriesIds[i] = row.seriesId;
    batch.hours[i] = row.hour.getTime();
    batch.consents[i] = row.consent;
    for (let m = 0; m < COLUMNS.length; m++)
      batch.values[i * COLUMNS.length + m] = row.values[m] ?? Number.NaN;
  });
  batch.length = rows.length;
  await writeHourlyBatch(ctx, batch);
}

const COPY_COLUMNS = `series_id, hour, consent, ${COLUMNS.join(', ')}`;
const UPDATES = COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');

/**
 * Write hourly rows, replacing those of the same series and hour. Where the connection takes
 * COPY (the embedded PGlite: copy-in.ts) the rows go in one binary COPY: straight into
 * telemetry_hourly when none of the batch's series has a row in its hours (a first harvest),
 * else through a temporary table and the same upsert. Elsewhere (a PostgreSQL server), 4,000
 * rows a statement through unnest.
 */
export async function writeHourlyBatch({ tx }: TxContext, batch: HourlyBatch): Promise<void> {
  if (batch.length === 0) return;
  if (await canCopyFrom(tx as Kysely<unknown>)) {
    const data = hourlyCopyData(batch);
    const ids = [...new Set(batch.seriesIds.subarray(0, batch.length))];
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < batch.length; i++) {
      first = Math.min(first, batch.hours[i]!);
      last = Math.max(last, batch.hours[i]!);
    }
    const existing = await sql<{ found: boolean }>`
      select exists (select 1 from telemetry_hourly where series_id = any(${ids}::int[])
        and hour >= ${new Date(first).toISOString()}::timestamptz
        and hour <= ${new Date(last).toISOString()}::timestamptz) as found`.execute(tx);
    if (!existing.rows[0]!.found) {
      await copyFrom(
        tx as Kysely<unknown>,
        `copy telemetry_hourly (${COPY_COLUMNS}) from '/dev/blob' (format binary)`,
        data,
      );
      return;
    }
    await sql`create temporary table telemetry_hourly_in
      (like telemetry_hourly excluding all) on commit drop`.execute(tx);
    await copyFrom(
      tx as Kysely<unknown>,
      `copy telemetry_hourly_in (${COPY_COLUMNS}) from '/dev/blob' (format binary)`,
      data,
    );
    await sql
      .raw(
        `insert into telemetry_hourly (${COPY_COLUMNS}) select ${COPY_COLUMNS} from telemetry_hourly_in
        on conflict (series_id, hour) do update set consent = excluded.consent, ${UPDATES}`,
      )
      .execute(tx);
    await sql`drop table telemetry_hourly_in`.execute(tx);
    return;
  }
  const step = 4000;
  const columnList = sql.raw(COPY_COLUMNS);
  const updates = sql.raw(UPDATES);
  for (let start = 0; start < batch.length; start += step) {
    const end = Math.min(start + step, batch.length);
    const arrays = COLUMNS.map((_, m) => {
      const values: (number | null)[] = [];
      for (let i = start; i < end; i++) {
        const value = batch.values[i * COLUMNS.length + m]!;
        values.push(Number.isNaN(value) ? null : value);
      }
      return values;
    });
    const hours: string[] = [];
    for (let i = start; i < end; i++) hours.push(new Date(batch.hours[i]!).toISOString());
    await sql`
      insert into telemetry_hourly (${columnList})
      select * from unnest(
        ${[...batch.seriesIds.subarray(start, end)]}::int[],
        ${hours}::timestamptz[],
        ${[...batch.consents.subarray(start, end)]}::smallint[],
        ${sql.join(arrays.map((values) => sql`${values}::real[]`))}
      )
      on conflict (series_id, hour) do update set consent = excluded.consent, ${updates}`.execute(
      tx,
    );
  }
}

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch: a binary timestamptz is µs since then. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/**
 * The batch as PostgreSQL's binary COPY (the header, per row its 3 + 19 fields, the trailer),
 * columns in COPY_COLUMNS order. A value a `real` cannot hold is refused as the text path's
 * float4 input refuses it: nothing is written.
 */
export function hourlyCopyData(batch: HourlyBatch): Uint8Array {
  const metrics = COLUMNS.length;
  const fields = 3 + metrics;
  const rowBytes = 2 + (4 + 4) + (4 + 8) + (4 + 2) + metrics * (4 + 4);
  const bytes = new Uint8Array(SIGNATURE.length + 8 + batch.length * rowBytes + 2);
  const view = new DataView(bytes.buffer);
  bytes.set(SIGNATURE);
  let at = SIGNATURE.length + 8; // flags and header extension length: both 0
  for (let i = 0; i < batch.length; i++) {
    view.setInt16(at, fields);
    view.setInt32(at + 2, 4);
    view.setInt32(at + 6, batch.seriesIds[i]!);
    const micros = (batch.hours[i]! - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / 2 ** 32);
    view.setInt32(at + 10, 8);
    view.setInt32(at + 14, high);
    view.setUint32(at + 18, micros - high * 2 ** 32);
    view.setInt32(at + 22, 2);
    view.setInt16(at + 26, batch.consents[i]!);
    at += 28;
    const base = i * metrics;
    for (let m = 0; m < metrics; m++) {
      const value = batch.values[base + m]!;
      if (Number.isNaN(value)) {
        view.setInt32(at, -1);
        at += 4;
        continue;
      }
      const real = Math.fround(value);
      if (!Number.isFinite(real) || (real === 0 && value !== 0))
        throw new Error(`the value ${value} of ${COLUMNS[m]} is out of range for type real`);
      view.setInt32(at, 4);
      view.setFloat32(at + 4, value);
      at += 8;
    }
  }
  view.setInt16(at, -1);
  return bytes.subarray(0, at + 2);
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
