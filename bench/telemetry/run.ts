import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import { seedReferenceData } from '../../src/seed/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { PARQUET_COLUMNS } from '../../src/telemetry/dataset-export.ts';
import {
  DEFAULT_TELEMETRY_SETTINGS,
  harvestRange,
  type TelemetrySettings,
} from '../../src/telemetry/index.ts';
import { int64leOf, ParquetWriter } from '../../src/telemetry/parquet/writer.ts';
import {
  backfill,
  type SyntheticNamespace,
  startPrometheus,
  writeOpenMetrics,
  writeQuotaFamily,
} from '../../test/telemetry/synthetic.ts';
import { preparePglite, preparePostgres } from '../support/database.ts';
import { Cleanups, endRunWithin } from '../support/run-steps.ts';
import {
  copyTelemetry,
  type ExportFigures,
  fillSyntheticHours,
  measureExport,
  type Timed,
} from './export-both.ts';

/**
 * Telemetry benchmark (issue 12): opf's whole harvest of N namespaces × D days of the metric
 * set from a real Prometheus (backfilled with promtool from synthetic OpenMetrics), beside the
 * same PromQL range queries (same chunks, same concurrency) fetched bare with undici and
 * parsed (JSON) in the same run, before and after opf's. Target: opf ≤ 1.3× bare. Then the
 * Parquet export of every harvested row (database → file bytes) from the harvest's database
 * and from the other one (PGlite and the PostgreSQL server, the rows copied across untimed),
 * each beside its anchors: the same COPY drained bare, and the writer alone over in-memory
 * columns. Target: ≥ 1,000,000 rows a second.
 *
 *   npm run bench:telemetry -- [--namespaces 1000] [--days 30] [--database pglite|postgres]
 *     [--chunk-hours 168]  (hours a range query covers; default: the harvest's own, 168)
 *     [--export-only]  (no Prometheus, no harvest: the same synthetic hourly rows made in
 *                       both databases by generate_series, then the two exports)
 *
 * OPF_BENCH_TELEMETRY_NAMESPACES and OPF_BENCH_TELEMETRY_DAYS set a smaller size for a quick
 * run (the flags win). The backfilled blocks are cached under node_modules/.cache, so a
 * second run of the same size skips promtool.
 */
const { values: args } = parseArgs({
  options: {
    namespaces: { type: 'string', default: process.env.OPF_BENCH_TELEMETRY_NAMESPACES ?? '1000' },
    days: { type: 'string', default: process.env.OPF_BENCH_TELEMETRY_DAYS ?? '30' },
    database: { type: 'string', default: 'pglite' },
    'chunk-hours': { type: 'string' },
    'export-only': { type: 'boolean', default: false },
  },
});
const NAMESPACES = Math.max(1, Number(args.namespaces));
const DAYS = Math.max(1, Number(args.days));
const HOURS = DAYS * 24;
const TARGET_RATIO = 1.3;
const TARGET_ROWS_PER_SECOND = 1_000_000;
const HOUR_MS = 3_600_000;
/** promtool's block length. */
const BLOCK_HOURS = 2;

const cleanups = new Cleanups();
endRunWithin(cleanups, 3 * 3600_000);

/** Deterministic, varied namespaces (the shapes of the integration test's). */
const namespaces: SyntheticNamespace[] = Array.from({ length: NAMESPACES }, (_, n) => ({
  name: `bench-${String(n).padStart(5, '0')}`,
  cpu: (i) => 0.05 + ((n * 7 + i) % 20) / 10,
  memory: (i) => 2 ** 28 + ((n * 13 + i) % 32) * 2 ** 24,
  quota: { cpu: 1 + (n % 8), memory: 2 ** 30 * (4 + (n % 8)) },
  cpuLimitsUsed: (i) => 0.5 + (i % 3) / 4,
}));

const step = (label: string) => console.log(`[${new Date().toISOString()}] ${label}`);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

// A fixed start keeps the OpenMetrics files, and so the cached blocks, the same between runs.
const start = Date.parse('2026-10-01T00:00:00Z');
const end = start + HOURS * HOUR_MS;
const dir = mkdtempSync(join(tmpdir(), 'opf-bench-telemetry-'));
cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

if (args['export-only']) {
  // The same synthetic rows made in each database, then the two exports in one run.
  const window = { from: start, to: end };
  const exports: ExportFigures[] = [];
  for (const prepare of [preparePglite, preparePostgres]) {
    const database = await prepare();
    cleanups.push(database.drop);
    const opened = await openDatabase(database.config);
    cleanups.push(() => opened.close());
    await opened.db.transaction().execute((tx) => seedReferenceData(tx));
    step(`making ${NAMESPACES} × ${HOURS} synthetic hourly rows in ${opened.kind} (not timed)`);
    const rows = await fillSyntheticHours(
      opened.db,
      namespaces.map((n) => n.name),
      window,
    );
    step(`Parquet export (${opened.kind})`);
    const figures = await measureExport(opened, window);
    if (figures.rows !== rows) throw new Error(`exported ${figures.rows} rows of ${rows}`);
    exports.push(figures);
  }
  const writerRate = writerAlone();
  console.log(`
telemetry export bench: ${NAMESPACES} namespaces × ${DAYS} days (${NAMESPACES * HOURS} rows, synthetic)
machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}
${exportReport(exports, writerRate)}
`);
  await cleanups.run();
  process.exit(0);
}

step(`writing OpenMetrics: ${NAMESPACES} namespaces × ${DAYS} days, 2 samples an hour`);
// One pair of files per 2-hour block: promtool reads a file once for each block it spans.
const files: string[] = [];
for (let first = 0; first < HOURS; first += BLOCK_HOURS) {
  const hours = Math.min(BLOCK_HOURS, HOURS - first);
  const main = join(dir, `main-${first}.om`);
  const quota = join(dir, `quota-${first}.om`);
  await writeOpenMetrics(main, namespaces, start / 1000, hours, 2, first);
  await writeQuotaFamily(quota, namespaces, start / 1000, hours, 2, first);
  files.push(main, quota);
}
step(`backfilling ${files.length} files with promtool (cached after the first run of a size)`);
await backfill(files, join(dir, 'tsdb'));
for (const file of files) rmSync(file);
// No compaction during the run: it would take the CPU from whichever side it overlapped.
const prometheus = await startPrometheus(join(dir, 'tsdb'), undefined, [
  '--storage.tsdb.max-block-duration=2h',
]);
cleanups.push(() => prometheus.stop());

const settings: TelemetrySettings = {
  ...DEFAULT_TELEMETRY_SETTINGS,
  sources: [{ cluster: 'bench/prom', url: prometheus.url }],
  ...(args['chunk-hours'] && { chunkHours: Math.max(1, Number(args['chunk-hours'])) }),
};
const chunks: { from: number; to: number }[] = [];
for (let t = start; t < end; t += settings.chunkHours * HOUR_MS)
  chunks.push({ from: t, to: Math.min(t + settings.chunkHours * HOUR_MS, end) });

/** The harvest's queries, fetched and parsed, nothing else: the anchor. */
async function bare(): Promise<{ seconds: number; series: number }> {
  const tasks = chunks.flatMap((chunk) => TELEMETRY_METRICS.map((m) => ({ chunk, m })));
  let next = 0;
  let series = 0;
  const began = process.hrtime.bigint();
  const worker = async () => {
    while (next < tasks.length) {
      const { chunk, m } = tasks[next++]!;
      const response = await request(`${prometheus.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query: settings.queries[m.name],
          start: String((chunk.from + HOUR_MS) / 1000),
          end: String(chunk.to / 1000),
          step: '3600',
        }).toString(),
      });
      const answer = (await response.body.json()) as { data: { result: unknown[] } };
      series += answer.data.result.length;
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return { seconds: seconds(began), series };
}

const database = args.database === 'postgres' ? await preparePostgres() : preparePglite();
cleanups.push(database.drop);
const opened = await openDatabase(database.config);
cleanups.push(() => opened.close());
await opened.db.transaction().execute((tx) => seedReferenceData(tx));

step('bare queries (1 of 2)');
const bare1 = await bare();
step('opf harvest');
const harvestBegan = process.hrtime.bigint();
const outcome = await harvestRange(opened.db, settings, 'bench/prom', {
  from: new Date(start),
  to: new Date(end),
});
const harvestSeconds = seconds(harvestBegan);
if (outcome.hoursGap > 0) throw new Error(`the harvest left gaps: ${outcome.errors.join('; ')}`);
step('bare queries (2 of 2)');
const bare2 = await bare();
const bareSeconds = (bare1.seconds + bare2.seconds) / 2;

step(`Parquet export of every harvested row (${opened.kind})`);
const window = { from: start, to: end };
const exports: ExportFigures[] = [await measureExport(opened, window)];
if (exports[0]!.rows !== outcome.rowsWritten)
  throw new Error(`exported ${exports[0]!.rows} rows of ${outcome.rowsWritten} harvested`);
// The other database gets the same rows (copied, untimed), so one run shows both exports.
const other = opened.kind === 'postgres' ? preparePglite() : await preparePostgres();
cleanups.push(other.drop);
const otherOpened = await openDatabase(other.config);
cleanups.push(() => otherOpened.close());
await otherOpened.db.transaction().execute((tx) => seedReferenceData(tx));
step(`copying the harvested rows into ${otherOpened.kind} (not timed)`);
await copyTelemetry(opened.db, otherOpened.db, window);
step(`Parquet export of the same rows (${otherOpened.kind})`);
exports.push(await measureExport(otherOpened, window));
if (exports[1]!.rows !== outcome.rowsWritten)
  throw new Error(`exported ${exports[1]!.rows} rows of ${outcome.rowsWritten} copied`);

const writerRate = writerAlone();

const ratio = harvestSeconds / bareSeconds;
console.log(`
telemetry bench: ${NAMESPACES} namespaces × ${DAYS} days (${outcome.rowsWritten} namespace-hours), ${chunks.length} chunks × ${TELEMETRY_METRICS.length} queries, concurrency ${settings.concurrency}, database ${opened.kind}
machine: ${cpus().length} cores, load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}
bare queries (undici, JSON parsed)  ${bare1.seconds.toFixed(2)} s and ${bare2.seconds.toFixed(2)} s (${bare1.series} series)
opf harvest (queries + writes)      ${harvestSeconds.toFixed(2)} s   ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'}
${exportReport(exports, writerRate)}
`);
await cleanups.run();
process.exit(0);

/** The Parquet writer alone: 16 row groups of 65,536 rows from in-memory columns, rows/s. */
function writerAlone(): number {
  step('the writer alone, 16 row groups of 65,536 rows from in-memory columns');
  // The columns are made before the clock starts: only the encoding is timed.
  const groupRows = 65_536;
  const groups = 16;
  const writerRows = groupRows * groups;
  const names = namespaces.map((n) => n.name);
  const hourColumns = Array.from({ length: groups }, (_, g) =>
    int64leOf(
      Array.from(
        { length: groupRows },
        (_, i) => start + Math.floor((g * groupRows + i) / NAMESPACES) * HOUR_MS,
      ),
    ),
  );
  const nsColumn = Int32Array.from({ length: groupRows }, (_, i) => i % NAMESPACES);
  const zeros = new Int32Array(groupRows);
  const nulls = new Int32Array(groupRows).fill(-1);
  const metricColumns = TELEMETRY_METRICS.map((_, m) =>
    Float32Array.from({ length: groupRows }, (_, i) =>
      (i * (m + 1)) % 97 === 0 ? Number.NaN : (i % 89) / 8,
    ),
  );
  const writerBegan = process.hrtime.bigint();
  {
    const writer = new ParquetWriter(PARQUET_COLUMNS, {});
    let bytes = writer.start().length;
    for (let g = 0; g < groups; g++)
      for (const part of writer.rowGroup(groupRows, [
        { kind: 'timestamp', int64le: hourColumns[g]! },
        { kind: 'string', dictionary: ['bench/prom'], indices: zeros },
        { kind: 'string', dictionary: names, indices: nsColumn },
        { kind: 'string', dictionary: [], indices: nulls },
        { kind: 'string', dictionary: [], indices: nulls },
        ...metricColumns.map((values) => ({ kind: 'float' as const, values })),
      ]))
        bytes += part.length;
    bytes += writer.finish().length;
    if (bytes < writerRows * TELEMETRY_METRICS.length * 3)
      throw new Error('the writer wrote too little');
  }
  const writerSeconds = seconds(writerBegan);
  return writerRows / writerSeconds;
}

/**
 * Each export beside its anchors, and the work moved out of it: the export stitching stored
 * day parts (judged against the target), the day parts' writing (done by the harvest job once
 * a day is closed), and the export reading every day from the rows; each with its CPU.
 */
function exportReport(exports: readonly ExportFigures[], writerRate: number): string {
  const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en');
  const cpuOf = (t: Timed) =>
    `CPU node ${t.nodeCpu.toFixed(2)} s${t.serverCpu === undefined ? ' (PGlite runs in it)' : ` + server ${t.serverCpu.toFixed(2)} s`}`;
  const perRow = (rows: number, t: Timed) =>
    `${(((t.nodeCpu + (t.serverCpu ?? 0)) / rows) * 1e6).toFixed(3)} µs CPU a row`;
  const lines = exports.map((e) => {
    const met = e.rows / e.stitched.seconds >= TARGET_ROWS_PER_SECOND ? 'MET' : 'NOT MET';
    return `Parquet export, ${e.kind}: ${e.rows} rows, ${(e.bytes / 2 ** 20).toFixed(1)} MiB, stitched file ${e.sameBytes ? 'byte for byte equal to' : 'DIFFERENT FROM'} the one read from the rows
  export, stored day parts stitched (median of 3 runs: ${e.stitchedRuns.map((r) => r.toFixed(3)).join(', ')} s): ${e.stitched.seconds.toFixed(3)} s = ${rate(e.rows, e.stitched.seconds)} rows/s (target ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en')}) ${met}; ${cpuOf(e.stitched)}, ${perRow(e.rows, e.stitched)}
    anchor, the stored parts' bytes by COPY drained bare: ${e.barePartsSeconds.toFixed(3)} s = ${rate(e.rows, e.barePartsSeconds)} rows/s
  moved to the harvest job, writing the ${e.publish.days} days' parts (${e.publish.rows} rows, ${(e.publish.bytes / 2 ** 20).toFixed(1)} MiB): ${e.publish.seconds.toFixed(2)} s = ${rate(e.publish.rows, e.publish.seconds)} rows/s; ${cpuOf(e.publish)}, ${perRow(e.publish.rows, e.publish)}
  export read from the rows (no stored parts, ADR 0029): ${e.read.seconds.toFixed(2)} s = ${rate(e.rows, e.read.seconds)} rows/s; ${cpuOf(e.read)}, ${perRow(e.rows, e.read)}
    anchor, the rows' COPY drained bare: ${e.bareCopySeconds.toFixed(2)} s = ${rate(e.rows, e.bareCopySeconds)} rows/s`;
  });
  return `${lines.join('\n')}
anchor, the Parquet writer alone (columns → bytes): ${Math.round(writerRate).toLocaleString('en')} rows/s`;
}
