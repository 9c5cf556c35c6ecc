import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parquetMetadataAsync } from 'hyparquet';
import { request } from 'undici';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import { seedReferenceData } from '../../src/seed/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { PARQUET_COLUMNS } from '../../src/telemetry/dataset-export.ts';
import {
  DEFAULT_TELEMETRY_SETTINGS,
  datasetParquet,
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

/**
 * Telemetry benchmark (issue 12): opf's whole harvest of N namespaces × D days of the metric
 * set from a real Prometheus (backfilled with promtool from synthetic OpenMetrics), beside the
 * same PromQL range queries (same chunks, same concurrency) fetched bare with undici and
 * parsed (JSON) in the same run, before and after opf's. Target: opf ≤ 1.3× bare. Then the
 * Parquet export of every harvested row (PostgreSQL → file bytes), and the writer alone
 * over in-memory columns. Target: ≥ 1,000,000 rows a second.
 *
 *   npm run bench:telemetry -- [--namespaces 1000] [--days 30] [--database pglite|postgres]
 *     [--chunk-hours 168]  (hours a range query covers; default: the harvest's own, 168)
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
  },
});
const NAMESPACES = Math.max(1, Number(args.namespaces));
const DAYS = Math.max(1, Number(args.days));
const HOURS = DAYS * 24;
const TARGET_RATIO = 1.3;
const TARGET_ROWS_PER_SECOND = 1_000_000;
const HOUR_MS = 3_600_000;

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

step(`writing OpenMetrics: ${NAMESPACES} namespaces × ${DAYS} days, 2 samples an hour`);
await writeOpenMetrics(join(dir, 'main.om'), namespaces, start / 1000, HOURS, 2);
await writeQuotaFamily(join(dir, 'quota.om'), namespaces, start / 1000, HOURS, 2);
step('backfilling with promtool (cached after the first run of a size)');
await backfill([join(dir, 'main.om'), join(dir, 'quota.om')], join(dir, 'tsdb'));
rmSync(join(dir, 'main.om'));
rmSync(join(dir, 'quota.om'));
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

step('Parquet export of every harvested row');
const exportBegan = process.hrtime.bigint();
const parts: Uint8Array[] = [];
for await (const part of datasetParquet(
  opened.db,
  { from: new Date(start), to: new Date(end) },
  {},
))
  parts.push(part);
const exportSeconds = seconds(exportBegan);
const file = Buffer.concat(parts);
const metadata = await parquetMetadataAsync(
  file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer,
);
const exported = Number(metadata.num_rows);
if (exported !== outcome.rowsWritten)
  throw new Error(`exported ${exported} rows of ${outcome.rowsWritten} harvested`);

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

const ratio = harvestSeconds / bareSeconds;
const exportRate = exported / exportSeconds;
const writerRate = writerRows / writerSeconds;
console.log(`
telemetry bench: ${NAMESPACES} namespaces × ${DAYS} days (${outcome.rowsWritten} namespace-hours), ${chunks.length} chunks × ${TELEMETRY_METRICS.length} queries, concurrency ${settings.concurrency}, database ${opened.kind}
machine: ${cpus().length} cores, load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}
bare queries (undici, JSON parsed)  ${bare1.seconds.toFixed(2)} s and ${bare2.seconds.toFixed(2)} s (${bare1.series} series)
opf harvest (queries + writes)      ${harvestSeconds.toFixed(2)} s   ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'}
Parquet export (PostgreSQL → file)  ${exported} rows in ${exportSeconds.toFixed(2)} s = ${Math.round(exportRate).toLocaleString('en')} rows/s, ${(file.length / 2 ** 20).toFixed(1)} MiB (target ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en')}) ${exportRate >= TARGET_ROWS_PER_SECOND ? 'MET' : 'NOT MET'}
Parquet writer alone (columns → bytes) ${Math.round(writerRate).toLocaleString('en')} rows/s
`);
await cleanups.run();
process.exit(0);
