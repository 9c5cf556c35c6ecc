import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import { canCopyFrom } from '../../src/store/copy-in.ts';
import {
  type Database,
  ensureHourlyPartitions,
  type HourlyRow,
  hourlyBatch,
  hourlyCopyData,
  upsertTelemetrySeries,
  writeHourlyBatch,
  writeHourlyRows,
} from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';

/**
 * The hourly rows' writes: one binary COPY on PGlite (straight in, or through a temporary
 * table when rows of those hours exist), unnest on a server. Either way the rows read back
 * are the ones written, a rewrite replaces them, and a value a `real` cannot hold writes
 * nothing.
 */
let database: Database;
let ids: Map<string, number>;
const HOUR = 3_600_000;
const start = Date.parse('2026-10-01T00:00:00Z');
const COLUMNS = TELEMETRY_METRICS.map((m) => m.column);

beforeAll(async () => {
  database = await openTestDatabase();
  ids = await database.db.transaction().execute(async (tx) => {
    await ensureHourlyPartitions({ tx }, new Date(start), new Date(start + 48 * HOUR));
    return upsertTelemetrySeries(
      { tx },
      'copy/test',
      ['a', 'b', 'c'].map((namespace) => ({ namespace, project: undefined })),
    );
  });
});

afterAll(async () => {
  await database?.close();
});

function rowsOf(hours: number, shift: number): HourlyRow[] {
  const rows: HourlyRow[] = [];
  for (const [n, seriesId] of [...ids.values()].entries())
    for (let h = 0; h < hours; h++)
      rows.push({
        seriesId,
        hour: new Date(start + h * HOUR),
        consent: (n + h) % 2,
        // Some nulls, a negative, a big and a fractional value: each must come back as written.
        values: COLUMNS.map((_, m) =>
          (m + h + n) % 5 === 0 ? null : m === 1 ? -(h + shift + 1) : (m * 1e9 + h + shift) / 8,
        ),
      });
  return rows;
}

async function stored(): Promise<HourlyRow[]> {
  // As float8: the exact value the real holds, not its shortest text.
  const result = await sql<Record<string, unknown>>`
    select series_id, hour, consent, ${sql.raw(COLUMNS.map((c) => `${c}::float8 as ${c}`).join(', '))}
    from telemetry_hourly where series_id = any(${[...ids.values()]}::int[])
    order by series_id, hour`.execute(database.db);
  return result.rows.map((row) => ({
    seriesId: Number(row.series_id),
    hour: new Date(row.hour as Date),
    consent: Number(row.consent),
    values: COLUMNS.map((c) => (row[c] === null ? null : Number(row[c]))),
  }));
}

/** What a `real` keeps of a value. */
const asReal = (rows: HourlyRow[]) =>
  rows
    .map((row) => ({ ...row, values: row.values.map((v) => (v === null ? null : Math.fround(v))) }))
    .sort((x, y) => x.seriesId - y.seriesId || x.hour.getTime() - y.hour.getTime());

describe('the hourly rows written', () => {
  it('take COPY where the connection does (PGlite), not on a server', async () => {
    expect(await canCopyFrom(database.db as Kysely<unknown>)).toBe(database.kind === 'pglite');
  });

  it('read back as written, and a rewrite of some of their hours replaces those only', async () => {
    const first = rowsOf(24, 0);
    await database.db.transaction().execute((tx) => writeHourlyRows({ tx }, first));
    expect(await stored()).toEqual(asReal(first));
    // Hours 12–35: half already there (the upsert path), half new.
    const again = rowsOf(36, 7).filter((row) => row.hour.getTime() >= start + 12 * HOUR);
    await database.db.transaction().execute((tx) => writeHourlyRows({ tx }, again));
    const kept = first.filter((row) => row.hour.getTime() < start + 12 * HOUR);
    expect(await stored()).toEqual(asReal([...kept, ...again]));
  });

  it('refuse a value a real cannot hold, writing nothing of the batch', async () => {
    const before = await stored();
    for (const bad of [1e39, -1e39, 1e-50]) {
      const batch = hourlyBatch(2);
      batch.length = 2;
      batch.seriesIds.fill(ids.get('a')!);
      batch.hours.set([start + 40 * HOUR, start + 41 * HOUR]);
      batch.values[TELEMETRY_METRICS.length + 3] = bad;
      expect(() => hourlyCopyData(batch)).toThrow(/out of range for type real/);
      await expect(
        database.db.transaction().execute((tx) => writeHourlyBatch({ tx }, batch)),
      ).rejects.toThrow(/out of range/);
    }
    expect(await stored()).toEqual(before);
  });
});
