import { sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

/**
 * The published hourly rows of a window, read page by page in the layout Parquet wants
 * (docs/adr/0027-parquet-writer.md): PostgreSQL packs each column of a page into one bytea of
 * fixed-width big-endian binary values (its *_send functions), so a page of 65,536 rows comes
 * back as one row of a few byte strings, not as 65,536 row objects of 23 parsed fields.
 */
export interface ExportPage {
  rows: number;
  /** timestamptz_send: int8, microseconds since 2000-01-01 UTC, big-endian. */
  hours: Uint8Array;
  /** int4 series ids, big-endian. */
  series: Uint8Array;
  /** int2 telemetry_terms ids (0: the cloud's own namespace), big-endian. */
  consent: Uint8Array;
  /** Per metric in TELEMETRY_METRICS order: float4, big-endian; NaN where null. */
  metrics: Uint8Array[];
}

export interface ExportSeries {
  id: number;
  cluster: string;
  namespace: string;
  project: string | null;
}

/**
 * Every series that is not the demo's sample data (their names, for the dictionaries), in
 * the datasets' order (cluster, namespace, by the database's collation).
 */
export async function telemetryExportSeries({ tx }: TxContext): Promise<ExportSeries[]> {
  const result = await sql<{ id: number; cluster: string; namespace: string; project: string }>`
    select id, cluster, namespace, project_name as project from telemetry_series
    where not sample order by cluster, namespace`.execute(tx);
  return result.rows.map((r) => ({ ...r, id: Number(r.id), project: r.project ?? null }));
}

/** The terms versions hours are recorded under, by id. */
export async function telemetryExportTerms({ tx }: TxContext): Promise<Map<number, string>> {
  const result = await sql<{ id: number; version: string }>`
    select id, version from telemetry_terms`.execute(tx);
  return new Map(result.rows.map((r) => [Number(r.id), r.version]));
}

/** How many rows [from, to) publishes, over how many distinct hours. */
export async function telemetryExportCounts(
  { tx }: TxContext,
  window: { from: Date; to: Date },
): Promise<{ rows: number; hours: number }> {
  const result = await sql<{ rows: number; hours: number }>`
    select count(*)::int as rows, count(distinct h.hour)::int as hours
    from telemetry_hourly h join telemetry_series s on s.id = h.series_id
    left join telemetry_terms t on t.id = h.consent
    where h.hour >= ${window.from.toISOString()}::timestamptz
      and h.hour < ${window.to.toISOString()}::timestamptz
      and (h.consent = 0 or t.telemetry_consent) and not s.sample`.execute(tx);
  return result.rows[0]!;
}

const PACKED = sql.raw(
  TELEMETRY_METRICS.map(
    (m) => `string_agg(float4send(coalesce(h.${m.column}, 'NaN'::real)), '') as ${m.column}`,
  ).join(', '),
);

/**
 * One page: the published rows of the hours [from, to), in no particular order (the same
 * order in every column: one scan feeds every aggregate). The caller orders them: a sort
 * here, on text, cost more than the rest of the query.
 */
export async function telemetryExportPage(
  { tx }: TxContext,
  window: { from: Date; to: Date },
): Promise<ExportPage> {
  const result = await sql<Record<string, unknown>>`
    select count(*)::int as rows,
      string_agg(timestamptz_send(h.hour), '') as hours,
      string_agg(int4send(h.series_id), '') as series,
      string_agg(int2send(h.consent), '') as consent,
      ${PACKED}
    from telemetry_hourly h join telemetry_series s on s.id = h.series_id
    left join telemetry_terms t on t.id = h.consent
    where h.hour >= ${window.from.toISOString()}::timestamptz
      and h.hour < ${window.to.toISOString()}::timestamptz
      and (h.consent = 0 or t.telemetry_consent) and not s.sample`.execute(tx);
  const row = result.rows[0]!;
  const bytes = (value: unknown) => (value ?? new Uint8Array(0)) as Uint8Array;
  return {
    rows: Number(row.rows),
    hours: bytes(row.hours),
    series: bytes(row.series),
    consent: bytes(row.consent),
    metrics: TELEMETRY_METRICS.map((m) => bytes(row[m.column])),
  };
}
