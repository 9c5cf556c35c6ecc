import { sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../core/index.ts';
import { CopyBinaryReader, type CopyRowSink } from '../copy-binary.ts';
import { copyOutOf } from '../copy-out.ts';
import type { Db, TxContext } from '../schema.ts';

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

/**
 * The terms versions whose hours may be published (what the project accepted included
 * telemetry), by id. Hours recorded under any other id are withheld.
 */
export async function telemetryPublishableTerms({ tx }: TxContext): Promise<Map<number, string>> {
  const result = await sql<{ id: number; version: string }>`
    select id, version from telemetry_terms where telemetry_consent`.execute(tx);
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

/** The fields of an export row, in order: series_id, hour, consent, then every metric. */
export const EXPORT_ROW_FIELDS = 3 + TELEMETRY_METRICS.length;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The hourly rows of [from, to), every one, in no particular order, as binary COPY
 * (docs/adr/0029-export-by-copy.md): series_id int4, hour timestamptz (int8 microseconds
 * since 2000-01-01 UTC), consent int2, then each metric float4 (a null stays null), all
 * big-endian. Which rows are published (not sample data, consent) and their order are the
 * caller's to apply: lookups in arrays it holds anyway, cheaper than joins and a sort here.
 */
export async function telemetryExportRows(
  db: Db,
  window: { from: Date; to: Date },
  onRow: CopyRowSink,
): Promise<void> {
  const reader = new CopyBinaryReader(EXPORT_ROW_FIELDS, onRow);
  await copyOutOf(db)(telemetryExportSelect(window), (chunk) => reader.push(chunk));
  reader.end();
}

/** The query telemetryExportRows copies (the benchmark drains it bare as its anchor). */
export function telemetryExportSelect(window: { from: Date; to: Date }): string {
  // COPY takes no bind parameters: the instants are inlined, checked to be nothing but one.
  const [from, to] = [window.from.toISOString(), window.to.toISOString()];
  if (!ISO_INSTANT.test(from) || !ISO_INSTANT.test(to))
    throw new Error('an export window out of range');
  return `select series_id, hour, consent, ${TELEMETRY_METRICS.map((m) => m.column).join(', ')}
     from telemetry_hourly where hour >= '${from}'::timestamptz and hour < '${to}'::timestamptz`;
}
