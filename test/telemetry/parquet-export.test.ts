import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import {
  type Database,
  ensureHourlyPartitions,
  type HourlyRow,
  markSampleSeries,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyRows,
} from '../../src/store/index.ts';
import { datasetParquet, datasetRows, writeCsv } from '../../src/telemetry/index.ts';
import { int64leOf, ParquetWriter } from '../../src/telemetry/parquet/writer.ts';
import { openTestDatabase } from '../support/db.ts';

const HOUR = 3_600_000;
const start = Date.parse('2026-10-30T22:00:00Z'); // across a month's partition edge
const HOURS = 7;
let database: Database;

/** Metric m of namespace n in hour h: varied, some null, some not exact in float32. */
const metricValue = (n: number, h: number, m: number): number | null =>
  (n + h + m) % 5 === 0 ? null : (n * 31 + h * 7 + m) / 10;

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  await sql`insert into users (login, login_key) values ('olive-owner', 'olive-owner')`.execute(db);
  await db.transaction().execute(async (tx) => {
    const ids = await upsertTelemetrySeries({ tx }, 'moc/smaug', [
      ...Array.from({ length: 9 }, (_, n) => ({
        namespace: `ns-${n}`,
        project: n % 3 === 0 ? `project-${n}` : undefined,
      })),
      { namespace: 'olive-owner-sandbox', project: 'project-olive' },
      { namespace: 'sample-ns', project: undefined },
    ]);
    const infra = await upsertTelemetrySeries({ tx }, 'moc/infra', [
      { namespace: 'ns-0', project: undefined },
    ]);
    await markSampleSeries({ tx }, [ids.get('sample-ns')!]);
    const consented = await telemetryTermsId({ tx }, '2026-11', true);
    const withheld = await telemetryTermsId({ tx }, '2026-10', false);
    await ensureHourlyPartitions({ tx }, new Date(start), new Date(start + HOURS * HOUR));
    const rows: HourlyRow[] = [];
    const series = [
      ...ids.entries(),
      ...[...infra.entries()].map(([n, id]) => [`${n}`, id] as const),
    ];
    const projectOf = new Set(['ns-0', 'ns-3', 'ns-6', 'olive-owner-sandbox']);
    series.forEach(([namespace, seriesId], n) => {
      for (let h = 0; h < HOURS; h++)
        rows.push({
          seriesId,
          hour: new Date(start + h * HOUR),
          // ns-6 withheld for its first two hours: its terms then lacked telemetry.
          consent: !projectOf.has(namespace)
            ? 0
            : namespace === 'ns-6' && h < 2
              ? withheld
              : consented,
          values: TELEMETRY_METRICS.map((_, m) => metricValue(n, h, m)),
        });
    });
    await writeHourlyRows({ tx }, rows);
  });
});

afterAll(async () => {
  await database?.close();
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('the Parquet export', () => {
  it('reads back with hyparquet equal to the published hourly rows, row group by row group', async () => {
    const window = { from: new Date(start), to: new Date(start + HOURS * HOUR) };
    // Row groups of 2 hours cut at midnight: 22-24, then 0-2, 2-4, 4-5: 4 row groups.
    const file = await collect(
      datasetParquet(database.db, window, { test: "yes" }, { hoursPerRowGroup: 2 }),
    );
    const metadata = parquetMetadata(file.buffer as ArrayBuffer);
    expect(metadata.row_groups.length).toBe(4);
    expect(metadata.key_value_metadata).toEqual([{ key: 'test', value: 'yes' }]);
    const read = (await parquetReadObjects({ file: file.buffer as ArrayBuffer })) as Record<
      string,
      unknown
    >[];
    const stored = await sql<Record<string, unknown>>`
      select h.hour, s.cluster, s.namespace, s.project_name, t.version,
        ${sql.raw(TELEMETRY_METRICS.map((m) => `h.${m.column}::float8 as ${m.column}`).join(', '))}
      from telemetry_hourly h join telemetry_series s on s.id = h.series_id
      left join telemetry_terms t on t.id = h.consent
      where not s.sample and (h.consent = 0 or t.telemetry_consent)
      order by h.hour, s.cluster, s.namespace`.execute(database.db);
    // 11 published series (the sample one is not) × 7 hours, less ns-6's two withheld hours.
    expect(stored.rows).toHaveLength(11 * HOURS - 2);
    expect(read).toHaveLength(stored.rows.length);
    const csv = writeCsv(await datasetRows(database.db, window))
      .trimEnd()
      .split('\r\n');
    expect(csv).toHaveLength(read.length + 1);
    read.forEach((row, i) => {
      const want = stored.rows[i]!;
      expect(new Date(row.hour as Date).getTime(), `row ${i}`).toBe(
        new Date(want.hour as Date).getTime(),
      );
      expect(row.cluster).toBe(want.cluster);
      const namespace =
        want.namespace === 'olive-owner-sandbox'
          ? expect.stringMatching(/^pseudonym-[0-9a-f]{12}$/)
          : want.namespace;
      expect(row.namespace).toEqual(namespace);
      expect(row.project).toBe(want.project_name ?? null);
      expect(row.terms_version).toBe(want.version ?? null);
      // The stored real, exactly: published as a 32-bit float.
      for (const m of TELEMETRY_METRICS) expect(row[m.name], m.name).toBe(want[m.column]);
      const fields = csv[i + 1]!.split(',');
      expect(fields[1]).toBe(want.cluster);
      expect(fields[2]).toEqual(namespace);
      TELEMETRY_METRICS.forEach((m, k) => {
        const value = want[m.column] as number | null;
        const text = fields[5 + k]!;
        expect(text === '' ? null : Math.fround(Number(text)), m.name).toBe(value);
      });
    });
  });

  it('an empty window is a valid file with no rows', async () => {
    const window = { from: new Date(start - 48 * HOUR), to: new Date(start - 24 * HOUR) };
    const file = await collect(datasetParquet(database.db, window, {}));
    expect(await parquetReadObjects({ file: file.buffer as ArrayBuffer })).toEqual([]);
  });

  it('the writer encodes long runs, bit-packed stretches and nulls that read back as written', async () => {
    const rows = 5000;
    const writer = new ParquetWriter(
      [
        { name: 'at', kind: 'timestamp' },
        { name: 'label', kind: 'string', optional: true },
        { name: 'value', kind: 'float' },
      ],
      {},
    );
    const dictionary = Array.from({ length: 700 }, (_, i) => `label-${i}-é`);
    // Runs of 40 equal labels, then 500 changing, then nulls in runs and alone.
    const label = (i: number) =>
      i < 2000
        ? Math.floor(i / 40)
        : i < 2500
          ? i % 700
          : i % 97 === 0 || (i > 4000 && i < 4100)
            ? -1
            : 3;
    const value = (i: number) => (i % 13 === 0 || (i > 1000 && i < 1200) ? Number.NaN : i / 3);
    const at = Array.from({ length: rows }, (_, i) => start + i * 1000);
    const file = new Uint8Array(
      Buffer.concat([
        writer.start(),
        ...writer.rowGroup(rows, [
          { kind: 'timestamp', int64le: int64leOf(at) },
          {
            kind: 'string',
            dictionary,
            indices: Int32Array.from({ length: rows }, (_, i) => label(i)),
          },
          { kind: 'float', values: Float32Array.from({ length: rows }, (_, i) => value(i)) },
        ]),
        writer.finish(),
      ]),
    );
    const read = (await parquetReadObjects({ file: file.buffer as ArrayBuffer })) as {
      at: Date;
      label: string | null;
      value: number | null;
    }[];
    expect(read).toHaveLength(rows);
    read.forEach((row, i) => {
      expect(row.at.getTime()).toBe(at[i]);
      expect(row.label, `row ${i}`).toBe(label(i) < 0 ? null : dictionary[label(i)]);
      expect(row.value).toBe(Number.isNaN(value(i)) ? null : Math.fround(value(i)));
    });
  });
});
