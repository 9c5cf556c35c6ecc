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
import { datasetParquet, publishDatasetDays } from '../../src/telemetry/index.ts';

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

/** One timed step: wall seconds, and CPU seconds of Node.js and (server) of the backends. */
export interface Timed {
  seconds: number;
  nodeCpu: number;
  /** undefined on PGlite (it runs inside Node.js). */
  serverCpu: number | undefined;
}

export interface ExportFigures {
  kind: string;
  rows: number;
  bytes: number;
  /** The export reading every day from the rows (storedParts: false): the path of ADR 0029. */
  read: Timed;
  /** The export's COPY of the rows drained bare (no parsing, no Parquet): that path's floor. */
  bareCopySeconds: number;
  /** Writing every day's part (what the harvest job does once a day is closed). */
  publish: Timed & { days: number; rows: number; bytes: number };
  /** The export stitching the stored parts (the median of 3 runs): judged against the target. */
  stitched: Timed;
  /** The wall seconds of the 3 runs, in order. */
  stitchedRuns: number[];
  /** The stored parts' bytes drained bare by the same COPY path: the stitched export's floor. */
  barePartsSeconds: number;
  /** Whether the stitched file is byte for byte the one read from the rows. */
  sameBytes: boolean;
}

async function timed<T>(database: Database, work: () => Promise<T>): Promise<[T, Timed]> {
  const serverBefore = await backendCpu(database);
  const cpuBefore = process.cpuUsage();
  const began = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await backendCpu(database);
  return [
    result,
    {
      seconds,
      nodeCpu: (cpu.user + cpu.system) / 1e6,
      serverCpu:
        serverBefore !== undefined && serverAfter !== undefined
          ? serverAfter - serverBefore
          : undefined,
    },
  ];
}

async function exportFile(
  database: Database,
  range: { from: Date; to: Date },
  storedParts: boolean,
): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of datasetParquet(database.db, range, {}, { storedParts }))
    parts.push(part);
  return Buffer.concat(parts);
}

/**
 * In one run: the export read from the rows, the days' parts written, the export stitching
 * them (its file checked byte for byte against the first, its rows counted from the footer),
 * and the two anchors (each path's COPY drained bare). The window is whole UTC days.
 */
export async function measureExport(
  database: Database,
  window: { from: number; to: number },
): Promise<ExportFigures> {
  const range = { from: new Date(window.from), to: new Date(window.to) };
  const [file, read] = await timed(database, () => exportFile(database, range, false));

  const days: string[] = [];
  for (let day = window.from; day < window.to; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  const [published, publish] = await timed(database, () => publishDatasetDays(database.db, days));
  if (published.days !== days.length) throw new Error('not every day was published');

  // Three times: the first pays for compiling the stitching code; the median is reported.
  const runs: [Buffer, Timed][] = [];
  for (let run = 0; run < 3; run++)
    runs.push(await timed(database, () => exportFile(database, range, true)));
  const [stitchedFile, stitched] = [...runs].sort((a, b) => a[1].seconds - b[1].seconds)[1]!;
  const stitchedRuns = runs.map(([, t]) => t.seconds);
  const metadata = await parquetMetadataAsync(
    stitchedFile.buffer.slice(
      stitchedFile.byteOffset,
      stitchedFile.byteOffset + stitchedFile.length,
    ) as ArrayBuffer,
  );

  if (runs.some(([bytes]) => !bytes.equals(file)))
    throw new Error('the stitched export differs from the one read from the rows');
  const bareCopySeconds = await drain(database, telemetryExportSelect(range));
  const barePartsSeconds = await drain(
    database,
    `select bytes from telemetry_day_parts where day >= '${days[0]}'::date and day <= '${days.at(-1)}'::date`,
  );
  return {
    kind: database.kind,
    rows: Number(metadata.num_rows),
    bytes: stitchedFile.length,
    read,
    bareCopySeconds,
    publish: { ...publish, ...published },
    stitched,
    stitchedRuns,
    barePartsSeconds,
    sameBytes: stitchedFile.equals(file),
  };
}

/** A COPY drained bare: wall seconds. */
async function drain(database: Database, select: string): Promise<number> {
  const began = process.hrtime.bigint();
  let copied = 0;
  await copyOutOf(database.db)(select, (chunk) => {
    copied += chunk.length;
  });
  if (copied === 0) throw new Error('a bare COPY read nothing');
  return Number(process.hrtime.bigint() - began) / 1e9;
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
