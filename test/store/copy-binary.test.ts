import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyBinaryReader } from '../../src/store/copy-binary.ts';
import { copyOutOf, type Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
/** A real binary COPY of the database under test: int4, int8 and float4 fields, some null. */
let copied: Uint8Array;
const SELECT = `select n::int4, (n * 1000000000000)::int8,
  case when n % 2 = 0 then null else n / 4.0 end::float4 from generate_series(1, 5) n`;

beforeAll(async () => {
  database = await openTestDatabase();
  const parts: Uint8Array[] = [];
  await copyOutOf(database.db)(SELECT, (chunk) => parts.push(chunk.slice()));
  copied = Buffer.concat(parts);
});

afterAll(async () => {
  await database?.close();
});

function rowsOf(chunks: Uint8Array[]): (number | null)[][] {
  const rows: (number | null)[][] = [];
  const reader = new CopyBinaryReader(3, (view, at) => {
    rows.push([
      view.getInt32(at[0]!),
      Number(view.getBigInt64(at[1]!)),
      at[2]! < 0 ? null : view.getFloat32(at[2]!),
    ]);
  });
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return rows;
}

describe('the binary COPY reader', () => {
  const expected = [1, 2, 3, 4, 5].map((n) => [n, n * 1e12, n % 2 === 0 ? null : n / 4]);

  it('reads every row and null of a real COPY, however the data is split into chunks', () => {
    expect(rowsOf([copied])).toEqual(expected);
    for (let cut = 1; cut < copied.length; cut++)
      expect(rowsOf([copied.subarray(0, cut), copied.subarray(cut)]), `cut at ${cut}`).toEqual(
        expected,
      );
    expect(rowsOf([...copied].map((byte) => Uint8Array.of(byte)))).toEqual(expected);
  });

  it('refuses data cut off before its trailer, and data that is not binary COPY', () => {
    expect(() => rowsOf([copied.subarray(0, copied.length - 2)])).toThrow(/ended early/);
    expect(() => rowsOf([Buffer.from('1\t2\t3\n\\.\n'.padEnd(40, ' '))])).toThrow(/signature/);
    const reader = new CopyBinaryReader(4, () => undefined);
    expect(() => reader.push(copied)).toThrow(/3 fields, not 4/);
  });
});
