import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import {
  applyTelemetryRetention,
  type Database,
  ensureHourlyPartitions,
  type HourlyRow,
  markSampleSeries,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyRows,
} from '../../src/store/index.ts';
import {
  datasetParquet,
  datasetRows,
  publishDatasetDays,
  writeCsv,
} from '../../src/telemetry/index.ts';
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
      datasetParquet(database.db, window, { test: 'yes' }, { hoursPerRowGroup: 2 }),
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

describe('published day parts (docs/adr/0032-published-day-parts.md)', () => {
  const DAY = 86_400_000;
  const first = Date.parse('2026-11-02T00:00:00Z');
  const days = ['2026-11-02', '2026-11-03'];
  // Two whole days and an hour on each side: the edges are read, the days stitched.
  const window = { from: new Date(first - HOUR), to: new Date(first + 2 * DAY + HOUR) };
  let ids: Map<string, number>;
  let consented: number;
  let withheld: number;

  beforeAll(async () => {
    const { db } = database;
    await db.transaction().execute(async (tx) => {
      ids = await upsertTelemetrySeries({ tx }, 'moc/parts', [
        { namespace: 'alpha', project: 'project-alpha' },
        { namespace: 'beta', project: undefined },
        { namespace: 'gamma-lab', project: 'project-gamma' },
        { namespace: 'no-consent', project: 'project-no-consent' },
      ]);
      consented = await telemetryTermsId({ tx }, '2026-11', true);
      withheld = await telemetryTermsId({ tx }, '2026-10', false);
      await ensureHourlyPartitions({ tx }, window.from, window.to);
      const rows: HourlyRow[] = [];
      let n = 0;
      for (const [namespace, seriesId] of ids) {
        for (let t = window.from.getTime(); t < window.to.getTime(); t += HOUR)
          rows.push({
            seriesId,
            hour: new Date(t),
            consent: namespace === 'beta' ? 0 : namespace === 'no-consent' ? withheld : consented,
            values: TELEMETRY_METRICS.map((_, m) => metricValue(n, t / HOUR, m)),
          });
        n++;
      }
      await writeHourlyRows({ tx }, rows);
    });
  });

  const exportFile = async () => collect(datasetParquet(database.db, window, { test: 'parts' }));
  const readRows = async (file: Uint8Array) =>
    (await parquetReadObjects({ file: file.buffer as ArrayBuffer })) as Record<string, unknown>[];
  const partsOf = async () =>
    (
      await sql<{ day: string; rows: number }>`
        select to_char(day, 'YYYY-MM-DD') as day, rows from telemetry_day_parts order by day`.execute(
        database.db,
      )
    ).rows;

  it('a stitched export is byte for byte the export read from the rows, and uses the stored bytes', async () => {
    const live = await exportFile();
    const written = await publishDatasetDays(database.db, days);
    // Three series published a day (no-consent withheld): 72 rows a day.
    expect(written).toMatchObject({ days: 2, rows: 144 });
    expect(await partsOf()).toEqual([
      { day: '2026-11-02', rows: 72 },
      { day: '2026-11-03', rows: 72 },
    ]);
    // Already current: nothing written again.
    expect((await publishDatasetDays(database.db, days)).days).toBe(0);
    const stitched = await exportFile();
    expect(Buffer.from(stitched).equals(Buffer.from(live))).toBe(true);
    const metadata = parquetMetadata(stitched.buffer as ArrayBuffer);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 72, 72, 3]);

    // The stored bytes are what the export sends: a byte changed in storage shows in the file.
    const stored = await sql<{ bytes: Uint8Array }>`
      select bytes from telemetry_day_parts where day = '2026-11-02'`.execute(database.db);
    const bytes = Buffer.from(stored.rows[0]!.bytes);
    const at = bytes.length - 1;
    const tampered = Buffer.from(bytes);
    tampered[at] = tampered[at]! ^ 0xff;
    await sql`update telemetry_day_parts set bytes = ${tampered} where day = '2026-11-02'`.execute(
      database.db,
    );
    const changed = await exportFile();
    const offset = Number(metadata.row_groups[1]!.columns[0]!.file_offset) + at;
    expect(changed[offset]).toBe(live[offset]! ^ 0xff);
    await sql`update telemetry_day_parts set bytes = ${bytes} where day = '2026-11-02'`.execute(
      database.db,
    );
  });

  it('a day changed after it was published is exported with the change', async () => {
    await publishDatasetDays(database.db, days);
    const hour = new Date(first + DAY + 5 * HOUR);
    await database.db.transaction().execute((tx) =>
      writeHourlyRows({ tx }, [
        {
          seriesId: ids.get('alpha')!,
          hour,
          consent: consented,
          values: TELEMETRY_METRICS.map((_, m) => (m === 0 ? 12345.5 : null)),
        },
      ]),
    );
    const file = await exportFile();
    const row = (await readRows(file)).find(
      (r) => (r.hour as Date).getTime() === hour.getTime() && r.namespace === 'alpha',
    )!;
    expect(row[TELEMETRY_METRICS[0]!.name]).toBe(12345.5);
    expect(row[TELEMETRY_METRICS[1]!.name]).toBeNull();
    const live = await collect(
      datasetParquet(database.db, window, { test: 'parts' }, { storedParts: false }),
    );
    expect(Buffer.from(file).equals(Buffer.from(live))).toBe(true);
    // Written again by the next publishing, and then stitched.
    expect((await publishDatasetDays(database.db, days)).days).toBe(1);
  });

  it('a project without telemetry consent never appears, nor a namespace once it names a person', async () => {
    await publishDatasetDays(database.db, days);
    const before = await readRows(await exportFile());
    expect(before.some((r) => r.namespace === 'no-consent')).toBe(false);
    expect(before.some((r) => r.project === 'project-no-consent')).toBe(false);
    expect(before.filter((r) => r.namespace === 'gamma-lab')).toHaveLength(50);
    // A login that makes gamma-lab personal: the stored days published it by name, so they
    // are stale and the export pseudonymises it.
    await sql`insert into users (login, login_key) values ('gamma', 'gamma')`.execute(database.db);
    const after = await readRows(await exportFile());
    expect(after.some((r) => r.namespace === 'gamma-lab')).toBe(false);
    expect(
      after.filter(
        (r) => /^pseudonym-[0-9a-f]{12}$/.test(String(r.namespace)) && r.cluster === 'moc/parts',
      ),
    ).toHaveLength(50);
    expect(after.some((r) => r.project === 'project-no-consent')).toBe(false);
  });
  it('retention drops the parts of the days whose rows it dropped', async () => {
    await publishDatasetDays(database.db, days);
    await database.db
      .transaction()
      .execute((tx) =>
        applyTelemetryRetention(
          { tx },
          { hourlyBefore: new Date(first + DAY), dailyBefore: new Date(first - 30 * DAY) },
        ),
      );
    expect((await partsOf()).map((p) => p.day)).toEqual(['2026-11-03']);
    const file = await exportFile();
    const rows = await readRows(file);
    expect(rows.every((r) => (r.hour as Date).getTime() >= first + DAY)).toBe(true);
    expect(rows).toHaveLength(3 * 25);
    const live = await collect(
      datasetParquet(database.db, window, { test: 'parts' }, { storedParts: false }),
    );
    expect(Buffer.from(file).equals(Buffer.from(live))).toBe(true);
  });
});
