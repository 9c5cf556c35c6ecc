import { readFileSync } from 'node:fs';
import { parquetMetadataAsync } from 'hyparquet';
import { sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import {
  copyOutOf,
  type Database,
  type Db,
  ensureHourlyPartitions,
  type HourlyRow,
  telemetryExportSelect,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyRows,
} from '../../src/store/index.ts';
import { datasetParquet } from '../../src/telemetry/index.ts';

const DAY_MS = 86_400_000;

/**
 * The harvested telemetry of `source` written into `target` (series and terms ids mapped), so
 * the export runs on both databases over the same rows. Not timed: only the export is.
 */
export async function copyTelemetry(
  source: Db,
  target: Db,
  window: { from: number; to: number },
): Promise<void> {
  const series = await sql<{ id: number; cluster: string; namespace: string; project: string }>`
    select id, cluster, namespace, project_name as project from telemetry_series`.execute(source);
  const terms = await sql<{ id: number; version: string; consent: boolean }>`
    select id, version, telemetry_consent as consent from telemetry_terms`.execute(source);
  const seriesIds = new Map<number, number>();
  const termsIds = new Map<number, number>([[0, 0]]);
  await target.transaction().execute(async (tx) => {
    const clusters = new Set(series.rows.map((s) => s.cluster));
    for (const cluster of clusters) {
      const mine = series.rows.filter((s) => s.cluster === cluster);
      const ids = await upsertTelemetrySeries(
        { tx },
        cluster,
        mine.map((s) => ({ namespace: s.namespace, project: s.project ?? undefined })),
      );
      for (const s of mine) seriesIds.set(Number(s.id), ids.get(s.namespace)!);
    }
    for (const t of terms.rows)
      termsIds.set(Number(t.id), await telemetryTermsId({ tx }, t.version, t.consent));
    await ensureHourlyPartitions({ tx }, new Date(window.from), new Date(window.to));
  });
  const columns = sql.raw(TELEMETRY_METRICS.map((m) => m.column).join(', '));
  for (let day = window.from; day < window.to; day += DAY_MS) {
    const rows = await sql<Record<string, unknown>>`
      select series_id, hour, consent, ${columns} from telemetry_hourly
      where hour >= ${new Date(day).toISOString()}::timestamptz
        and hour < ${new Date(Math.min(day + DAY_MS, window.to)).toISOString()}::timestamptz`.execute(
      source,
    );
    const hourly: HourlyRow[] = rows.rows.map((r) => ({
      seriesId: seriesIds.get(Number(r.series_id))!,
      hour: new Date(r.hour as Date),
      consent: termsIds.get(Number(r.consent))!,
      values: TELEMETRY_METRICS.map((m) => (r[m.column] ?? null) as number | null),
    }));
    await target.transaction().execute((tx) => writeHourlyRows({ tx }, hourly));
  }
  await sql`analyze telemetry_hourly`.execute(target);
}

export interface ExportFigures {
  kind: string;
  rows: number;
  seconds: number;
  bytes: number;
  /** CPU seconds of this process during the export. */
  nodeCpu: number;
  /** CPU seconds of the server's backends during the export (undefined on PGlite). */
  serverCpu: number | undefined;
  /** The export's COPY drained bare (no parsing, no Parquet): the database's own floor. */
  bareCopySeconds: number;
}

/** The Parquet export of the window, timed, its rows counted from the footer, and the bare COPY. */
export async function measureExport(
  database: Database,
  window: { from: number; to: number },
): Promise<ExportFigures> {
  const range = { from: new Date(window.from), to: new Date(window.to) };
  const serverBefore = await backendCpu(database);
  const cpuBefore = process.cpuUsage();
  const began = process.hrtime.bigint();
  const parts: Uint8Array[] = [];
  for await (const part of datasetParquet(database.db, range, {})) parts.push(part);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await backendCpu(database);
  const file = Buffer.concat(parts);
  const metadata = await parquetMetadataAsync(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer,
  );

  const bareBegan = process.hrtime.bigint();
  let copied = 0;
  await copyOutOf(database.db)(telemetryExportSelect(range), (chunk) => {
    copied += chunk.length;
  });
  const bareCopySeconds = Number(process.hrtime.bigint() - bareBegan) / 1e9;
  if (copied === 0) throw new Error('the bare COPY read nothing');
  return {
    kind: database.kind,
    rows: Number(metadata.num_rows),
    seconds,
    bytes: file.length,
    nodeCpu: (cpu.user + cpu.system) / 1e6,
    serverCpu:
      serverBefore !== undefined && serverAfter !== undefined
        ? serverAfter - serverBefore
        : undefined,
    bareCopySeconds,
  };
}

/** CPU seconds so far of the server processes serving this database (a local server's /proc). */
async function backendCpu(database: Database): Promise<number | undefined> {
  if (database.kind !== 'postgres') return undefined;
  const result = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
  let ticks = 0;
  try {
    for (const { pid } of result.rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks / 100;
}

/**
 * `--export-only`: N namespaces × H hours of hourly rows made by the database itself
 * (generate_series; every metric varied, one value in seven null, a third of the namespaces
 * linked to a project), the same in every database it runs on. Returns the rows written.
 */
export async function fillSyntheticHours(
  db: Db,
  namespaces: readonly string[],
  window: { from: number; to: number },
): Promise<number> {
  await db.transaction().execute(async (tx) => {
    await upsertTelemetrySeries(
      { tx },
      'bench/prom',
      namespaces.map((namespace, n) => ({
        namespace,
        project: n % 3 === 0 ? `bench-project-${n}` : undefined,
      })),
    );
    await ensureHourlyPartitions({ tx }, new Date(window.from), new Date(window.to));
  });
  const values = TELEMETRY_METRICS.map(
    (_, m) =>
      `case when (s.id + h + ${m}) % 7 = 0 then null else ((s.id * 31 + h * 7 + ${m}) % 1000) / 10.0 end`,
  ).join(', ');
  const hours = (window.to - window.from) / 3_600_000;
  // A day a statement: PGlite keeps a statement's work in memory.
  for (let day = 0; day < hours; day += 24) {
    await sql
      .raw(
        `insert into telemetry_hourly select s.id,
          '${new Date(window.from).toISOString()}'::timestamptz + h * interval '1 hour', 0, ${values}
        from telemetry_series s, generate_series(${day}, ${Math.min(day + 24, hours) - 1}) h`,
      )
      .execute(db);
  }
  await sql`analyze telemetry_hourly`.execute(db);
  return namespaces.length * hours;
}
