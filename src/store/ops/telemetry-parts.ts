import { sql } from 'kysely';
import { CopyBinaryReader } from '../copy-binary.ts';
import { copyOutOf } from '../copy-out.ts';
import type { Db, TxContext } from '../schema.ts';

/**
 * Published days of the open datasets, stored once as Parquet row groups
 * (docs/adr/0032-published-day-parts.md). A day is named YYYY-MM-DD (UTC).
 */
export interface DayPartHead {
  day: string;
  version: number;
  format: number;
  rows: number;
  /** Every series with rows in the day when the part was made (int4 little-endian). */
  series: Uint8Array;
  namesDigest: Uint8Array;
}

export interface DayPart extends DayPartHead {
  /** Per column: chunk size, data page offset, dictionary page offset (-1: none). */
  layout: Int32Array;
  bytes: Uint8Array;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(day: string): string {
  if (!DAY.test(day)) throw new Error('a published day out of range');
  return day;
}

/** The current version of each day (0: never written), as the hourly triggers keep it. */
export async function telemetryDayVersions(
  { tx }: TxContext,
  days: readonly string[],
): Promise<Map<string, number>> {
  const result = await sql<{ day: string; version: string | number }>`
    select to_char(day, 'YYYY-MM-DD') as day, version from telemetry_day_versions
    where day = any(${days.map(checkDay)}::date[])`.execute(tx);
  const versions = new Map(days.map((day) => [day, 0]));
  for (const row of result.rows) versions.set(row.day, Number(row.version));
  return versions;
}

/**
 * The stored parts of these days that were made from the day's current rows (version equal
 * to the day's); their bytes are read by readTelemetryDayPart. Whether the names they were
 * published under still hold is the caller's to judge (namesDigest). By binary COPY, like the
 * bytes: PGlite decodes a bytea result at a few MB a second.
 */
export async function currentTelemetryDayParts(
  db: Db,
  days: readonly string[],
): Promise<DayPartHead[]> {
  if (days.length === 0) return [];
  const heads: DayPartHead[] = [];
  const decoder = new TextDecoder();
  const reader = new CopyBinaryReader(6, (view, at) => {
    const bytes = (f: number) =>
      new Uint8Array(view.buffer, view.byteOffset + at[f]!, view.getInt32(at[f]! - 4)).slice();
    heads.push({
      day: decoder.decode(bytes(0)),
      version: Number(view.getBigInt64(at[1]!)),
      format: view.getInt16(at[2]!),
      rows: view.getInt32(at[3]!),
      series: bytes(4),
      namesDigest: bytes(5),
    });
  });
  const list = days.map((day) => `'${checkDay(day)}'`).join(', ');
  await copyOutOf(db)(
    `select to_char(p.day, 'YYYY-MM-DD'), p.version, p.format, p.rows, p.series, p.names_digest
     from telemetry_day_parts p left join telemetry_day_versions v on v.day = p.day
     where p.day = any(array[${list}]::date[]) and p.version = coalesce(v.version, 0)`,
    (chunk) => reader.push(chunk),
  );
  reader.end();
  return heads;
}

/**
 * A stored part's layout and bytes, by binary COPY (bytea as text would double the bytes and
 * decode them again), if it is still the one of this version; undefined when it was replaced.
 */
export async function readTelemetryDayPart(
  db: Db,
  head: { day: string; version: number },
): Promise<{ layout: Int32Array; bytes: Uint8Array } | undefined> {
  const version = Math.trunc(head.version);
  let found: { layout: Int32Array; bytes: Uint8Array } | undefined;
  const reader = new CopyBinaryReader(2, (view, at) => {
    const field = (f: number) => {
      const length = view.getInt32(at[f]! - 4);
      return new Uint8Array(view.buffer, view.byteOffset + at[f]!, length).slice();
    };
    const layout = field(0);
    found = {
      layout: new Int32Array(layout.buffer, layout.byteOffset, layout.length / 4),
      bytes: field(1),
    };
  });
  await copyOutOf(db)(
    `select layout, bytes from telemetry_day_parts
     where day = '${checkDay(head.day)}'::date and version = ${version}`,
    (chunk) => reader.push(chunk),
  );
  reader.end();
  return found;
}

/**
 * Store a day's part. A part made from an older version than the one stored is dropped: two
 * replicas publishing the same day keep the newer.
 */
export async function storeTelemetryDayPart({ tx }: TxContext, part: DayPart): Promise<void> {
  const layout = new Uint8Array(part.layout.buffer, part.layout.byteOffset, part.layout.byteLength);
  await sql`
    insert into telemetry_day_parts (day, version, format, rows, series, names_digest, layout, bytes)
    values (${checkDay(part.day)}::date, ${part.version}, ${part.format}, ${part.rows},
      decode(${hex(part.series)}, 'hex'), decode(${hex(part.namesDigest)}, 'hex'),
      decode(${hex(layout)}, 'hex'), decode(${hex(part.bytes)}, 'hex'))
    on conflict (day) do update set version = excluded.version, format = excluded.format,
      rows = excluded.rows, series = excluded.series, names_digest = excluded.names_digest,
      layout = excluded.layout, bytes = excluded.bytes, made_at = now()
    where telemetry_day_parts.version <= excluded.version`.execute(tx);
}

/**
 * Drop the parts of the days wholly before `before` (retention dropped their hourly rows, by
 * whole partitions: no trigger sees that). Their versions stay: a day written again later
 * must not start over at a version an old part was made from.
 */
export async function dropTelemetryDayParts({ tx }: TxContext, before: Date): Promise<void> {
  const day = before.toISOString().slice(0, 10);
  await sql`delete from telemetry_day_parts where day < ${day}::date`.execute(tx);
}

/**
 * Bytes as hex text, decoded by the database: PGlite took 2.6 s to bind a 1.8 MB Uint8Array
 * as a parameter and 0.4 s for its hex text (measured); a server does not mind either way.
 */
const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
