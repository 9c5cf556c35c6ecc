import { ByteSink, bitWidthOf, writeHybrid } from './bytes.ts';
import {
  bool,
  CompactWriter,
  i32,
  i64,
  listI32,
  listString,
  listStruct,
  str,
  struct,
  type ThriftStruct,
} from './thrift.ts';

/**
 * A Parquet writer for flat schemas of three kinds of column, the ones the open telemetry
 * datasets hold (docs/adr/0027-parquet-writer.md):
 * - `timestamp`: INT64 milliseconds since the epoch, UTC, required, PLAIN;
 * - `string`: UTF-8, dictionary-encoded (the dictionary page PLAIN, the indices RLE/bit-packed),
 *   required or optional;
 * - `float`: 32-bit IEEE 754, optional (NaN in the input marks a null), PLAIN.
 * Uncompressed, one page per column chunk, one row group per call of rowGroup(): the caller
 * streams the file as start(), rowGroup()…, finish(), and never holds more than a row group.
 */
export type ColumnSpec =
  | { name: string; kind: 'timestamp' }
  | { name: string; kind: 'string'; optional: boolean }
  | { name: string; kind: 'float' };

/** One row group's values of a column, in the shapes that need no per-value conversion. */
export type ColumnValues =
  /** Little-endian int64 milliseconds, 8 bytes a row. */
  | { kind: 'timestamp'; int64le: Uint8Array }
  /** indices[i] into dictionary, -1 for a null. The dictionary may hold unused entries. */
  | { kind: 'string'; dictionary: readonly string[]; indices: Int32Array }
  | { kind: 'float'; values: Float32Array };

const TYPE = { INT64: 2, FLOAT: 4, BYTE_ARRAY: 6 } as const;
const ENCODING = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;
const PAGE = { DATA: 0, DICTIONARY: 2 } as const;
const REQUIRED = 0;
const OPTIONAL = 1;
const MAGIC = new TextEncoder().encode('PAR1');
const TYPE_OF = { timestamp: TYPE.INT64, float: TYPE.FLOAT, string: TYPE.BYTE_ARRAY } as const;
const ENCODINGS_OF = {
  timestamp: [ENCODING.PLAIN],
  float: [ENCODING.PLAIN, ENCODING.RLE],
  string: [ENCODING.PLAIN, ENCODING.RLE, ENCODING.RLE_DICTIONARY],
} as const;

/**
 * A row group encoded but not yet placed: its bytes, and per column the chunk's size and the
 * offsets of its data page and dictionary page (-1: none) from the row group's first byte.
 */
export interface EncodedRowGroup {
  rows: number;
  chunks: Uint8Array[];
  layout: Int32Array;
}

/** Parquet stores little-endian; the typed-array shortcuts below assume the host is too. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class ParquetWriter {
  private offset = 0;
  private rows = 0;
  private readonly rowGroups: ThriftStruct[] = [];
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly columns: readonly ColumnSpec[],
    private readonly metadata: Record<string, string> = {},
    private readonly createdBy = 'opf',
  ) {
    if (!LITTLE_ENDIAN) throw new Error('the Parquet writer needs a little-endian host');
  }

  /** The file's first bytes. */
  start(): Uint8Array {
    this.offset = MAGIC.length;
    return MAGIC;
  }

  /** One row group of `rows` rows, values in column order; its bytes to write next. */
  rowGroup(rows: number, values: readonly ColumnValues[]): Uint8Array[] {
    if (rows === 0) return [];
    return this.append(this.encode(rows, values));
  }

  /**
   * A row group's bytes and the layout of its column chunks, independent of where it lands in
   * a file: what a stored day part keeps (docs/adr/0032-published-day-parts.md).
   */
  encode(rows: number, values: readonly ColumnValues[]): EncodedRowGroup {
    if (values.length !== this.columns.length)
      throw new Error(`expected ${this.columns.length} columns, got ${values.length}`);
    const chunks: Uint8Array[] = [];
    const layout = new Int32Array(this.columns.length * 3);
    let offset = 0;
    const sink = (parts: Uint8Array[]) => {
      for (const part of parts) {
        chunks.push(part);
        offset += part.length;
      }
    };
    this.columns.forEach((spec, index) => {
      const data = values[index]!;
      if (data.kind !== spec.kind)
        throw new Error(`column ${spec.name} is ${spec.kind}, given ${data.kind}`);
      const chunkStart = offset;
      let dictionaryOffset = -1;
      let dataOffset = chunkStart;
      if (data.kind === 'timestamp') {
        if (data.int64le.length !== rows * 8)
          throw new Error(`column ${spec.name}: ${data.int64le.length / 8} values, ${rows} rows`);
        sink(page(rows, ENCODING.PLAIN, [data.int64le]));
      } else if (data.kind === 'float') {
        if (data.values.length !== rows)
          throw new Error(`column ${spec.name}: ${data.values.length} values, ${rows} rows`);
        sink(page(rows, ENCODING.PLAIN, floatPage(data.values)));
      } else {
        if (data.indices.length !== rows)
          throw new Error(`column ${spec.name}: ${data.indices.length} values, ${rows} rows`);
        const optional = (spec as { optional: boolean }).optional;
        const { dictionary, body } = this.stringPage(data, optional, spec.name);
        dictionaryOffset = offset;
        sink(this.dictionaryPage(dictionary));
        dataOffset = offset;
        sink(page(rows, ENCODING.RLE_DICTIONARY, body));
      }
      layout[3 * index] = offset - chunkStart;
      layout[3 * index + 1] = dataOffset;
      layout[3 * index + 2] = dictionaryOffset;
    });
    return { rows, chunks, layout };
  }

  /** An encoded row group (made now or stored) placed next in the file: its bytes to write. */
  append(group: EncodedRowGroup): Uint8Array[] {
    if (group.layout.length !== this.columns.length * 3)
      throw new Error('a row group laid out for other columns');
    const columnChunks: ThriftStruct[] = [];
    const groupStart = this.offset;
    let chunkStart = groupStart;
    this.columns.forEach((spec, index) => {
      const size = group.layout[3 * index]!;
      const dataOffset = groupStart + group.layout[3 * index + 1]!;
      const dictionary = group.layout[3 * index + 2]!;
      columnChunks.push({
        2: i64(chunkStart),
        3: struct({
          1: i32(TYPE_OF[spec.kind]),
          2: listI32(ENCODINGS_OF[spec.kind]),
          3: listString([spec.name]),
          4: i32(0), // UNCOMPRESSED
          5: i64(group.rows),
          6: i64(size),
          7: i64(size),
          9: i64(dataOffset),
          ...(dictionary >= 0 && { 11: i64(groupStart + dictionary) }),
        }),
      });
      chunkStart += size;
    });
    const groupSize = chunkStart - groupStart;
    const bytes = group.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    if (bytes !== groupSize) throw new Error('a row group whose bytes do not match its layout');
    this.rowGroups.push({
      1: listStruct(columnChunks),
      2: i64(groupSize),
      3: i64(group.rows),
      5: i64(groupStart),
      6: i64(groupSize),
      7: { t: 'i32', v: this.rowGroups.length },
    });
    this.rows += group.rows;
    this.offset += groupSize;
    return group.chunks;
  }

  /** The footer: the file metadata, its length, the magic. */
  finish(): Uint8Array {
    const footer = new CompactWriter()
      .writeStruct({
        1: i32(1),
        2: listStruct([
          { 4: str('schema'), 5: i32(this.columns.length) },
          ...this.columns.map(schemaElement),
        ]),
        3: i64(this.rows),
        4: listStruct(this.rowGroups),
        ...(Object.keys(this.metadata).length > 0 && {
          5: listStruct(Object.entries(this.metadata).map(([k, v]) => ({ 1: str(k), 2: str(v) }))),
        }),
        6: str(this.createdBy),
      })
      .bytes();
    const out = new Uint8Array(footer.length + 8);
    out.set(footer, 0);
    new DataView(out.buffer).setUint32(footer.length, footer.length, true);
    out.set(MAGIC, footer.length + 4);
    return out;
  }

  private dictionaryPage(dictionary: readonly string[]): Uint8Array[] {
    const body = new ByteSink(dictionary.length * 24 + 16);
    for (const text of dictionary) {
      const bytes = this.encoder.encode(text);
      body.uint32le(bytes.length);
      body.bytes(bytes);
    }
    const header = new CompactWriter()
      .writeStruct({
        1: i32(PAGE.DICTIONARY),
        2: i32(body.length),
        3: i32(body.length),
        7: struct({ 1: i32(dictionary.length), 2: i32(ENCODING.PLAIN), 3: bool(false) }),
      })
      .bytes();
    return [header, body.view()];
  }

  /**
   * The row group's own dictionary (only the entries it uses, in order of first use) and the
   * data page body: definition levels when optional, then the bit width and the indices.
   */
  private stringPage(
    data: Extract<ColumnValues, { kind: 'string' }>,
    optional: boolean,
    name: string,
  ): { dictionary: string[]; body: Uint8Array[] } {
    const rows = data.indices.length;
    const local = new Int32Array(data.dictionary.length).fill(-1);
    const dictionary: string[] = [];
    const indices = new Int32Array(rows);
    const levels = optional ? new Uint8Array(rows) : undefined;
    let present = 0;
    for (let i = 0; i < rows; i++) {
      const global = data.indices[i]!;
      if (global < 0) {
        if (!levels) throw new Error(`column ${name} is required: row ${i} is null`);
        continue;
      }
      if (levels) levels[i] = 1;
      let index = local[global]!;
      if (index < 0) {
        index = dictionary.length;
        local[global] = index;
        dictionary.push(data.dictionary[global]!);
      }
      indices[present++] = index;
    }
    const body: Uint8Array[] = [];
    if (levels) body.push(levelsOf(levels, rows));
    const values = new ByteSink(Math.ceil((present * 24) / 8) + 32);
    const width = bitWidthOf(Math.max(0, dictionary.length - 1));
    values.byte(width);
    writeHybrid(values, indices, present, width);
    body.push(values.view());
    return { dictionary, body };
  }
}

/** A v1 data page: header, then the body parts (levels, values) as given. */
function page(rows: number, encoding: number, body: Uint8Array[]): Uint8Array[] {
  const size = body.reduce((sum, part) => sum + part.length, 0);
  const header = new CompactWriter()
    .writeStruct({
      1: i32(PAGE.DATA),
      2: i32(size),
      3: i32(size),
      5: struct({
        1: i32(rows),
        2: i32(encoding),
        3: i32(ENCODING.RLE),
        4: i32(ENCODING.RLE),
      }),
    })
    .bytes();
  return [header, ...body];
}

/** Definition levels of a v1 page: their byte length (4 bytes LE), then the hybrid runs. */
function levelsOf(levels: Uint8Array, rows: number): Uint8Array {
  const sink = new ByteSink(rows / 8 + 32);
  sink.uint32le(0);
  writeHybrid(sink, levels, rows, 1);
  new DataView(sink.buffer.buffer, sink.buffer.byteOffset).setUint32(0, sink.length - 4, true);
  return sink.view();
}

/** An optional FLOAT page body: levels, then the non-null values (NaN marks a null). */
function floatPage(values: Float32Array): Uint8Array[] {
  const rows = values.length;
  let nulls = 0;
  for (let i = 0; i < rows; i++) if (Number.isNaN(values[i])) nulls++;
  const levels = new Uint8Array(rows);
  if (nulls === 0) {
    levels.fill(1);
    return [levelsOf(levels, rows), bytesOf(values)];
  }
  const present = new Float32Array(rows - nulls);
  let at = 0;
  for (let i = 0; i < rows; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      levels[i] = 1;
      present[at++] = v;
    }
  }
  return [levelsOf(levels, rows), bytesOf(present)];
}

const bytesOf = (values: Float32Array) =>
  new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

function schemaElement(spec: ColumnSpec): ThriftStruct {
  switch (spec.kind) {
    case 'timestamp':
      return {
        1: i32(TYPE.INT64),
        3: i32(REQUIRED),
        4: str(spec.name),
        6: i32(9), // TIMESTAMP_MILLIS
        10: struct({ 8: struct({ 1: bool(true), 2: struct({ 1: struct({}) }) }) }),
      };
    case 'string':
      return {
        1: i32(TYPE.BYTE_ARRAY),
        3: i32(spec.optional ? OPTIONAL : REQUIRED),
        4: str(spec.name),
        6: i32(0), // UTF8
        10: struct({ 1: struct({}) }),
      };
    case 'float':
      return { 1: i32(TYPE.FLOAT), 3: i32(OPTIONAL), 4: str(spec.name) };
  }
}

/** Milliseconds as little-endian int64 bytes (for callers holding numbers). */
export function int64leOf(ms: ArrayLike<number>): Uint8Array {
  const words = new Uint32Array(ms.length * 2);
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i]!;
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / 4294967296);
  }
  return new Uint8Array(words.buffer);
}
