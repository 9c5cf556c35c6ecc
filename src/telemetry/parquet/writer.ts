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
    if (values.length !== this.columns.length)
      throw new Error(`expected ${this.columns.length} columns, got ${values.length}`);
    const chunks: Uint8Array[] = [];
    const columnChunks: ThriftStruct[] = [];
    const groupStart = this.offset;
    this.columns.forEach((spec, index) => {
      const data = values[index]!;
      if (data.kind !== spec.kind)
        throw new Error(`column ${spec.name} is ${spec.kind}, given ${data.kind}`);
      const chunkStart = this.offset;
      let dictionaryOffset: number | undefined;
      let dataOffset = chunkStart;
      let type: number;
      let encodings: number[];
      if (data.kind === 'timestamp') {
        if (data.int64le.length !== rows * 8)
          throw new Error(`column ${spec.name}: ${data.int64le.length / 8} values, ${rows} rows`);
        type = TYPE.INT64;
        encodings = [ENCODING.PLAIN];
        this.page(chunks, rows, ENCODING.PLAIN, [data.int64le]);
      } else if (data.kind === 'float') {
        if (data.values.length !== rows)
          throw new Error(`column ${spec.name}: ${data.values.length} values, ${rows} rows`);
        type = TYPE.FLOAT;
        encodings = [ENCODING.PLAIN, ENCODING.RLE];
        this.page(chunks, rows, ENCODING.PLAIN, floatPage(data.values));
      } else {
        if (data.indices.length !== rows)
          throw new Error(`column ${spec.name}: ${data.indices.length} values, ${rows} rows`);
        const optional = (spec as { optional: boolean }).optional;
        const { dictionary, body } = this.stringPage(data, optional, spec.name);
        type = TYPE.BYTE_ARRAY;
        encodings = [ENCODING.PLAIN, ENCODING.RLE, ENCODING.RLE_DICTIONARY];
        dictionaryOffset = this.offset;
        this.dictionaryPage(chunks, dictionary);
        dataOffset = this.offset;
        this.page(chunks, rows, ENCODING.RLE_DICTIONARY, body);
      }
      const size = this.offset - chunkStart;
      columnChunks.push({
        2: i64(chunkStart),
        3: struct({
          1: i32(type),
          2: listI32(encodings),
          3: listString([spec.name]),
          4: i32(0), // UNCOMPRESSED
          5: i64(rows),
          6: i64(size),
          7: i64(size),
          9: i64(dataOffset),
          ...(dictionaryOffset !== undefined && { 11: i64(dictionaryOffset) }),
        }),
      });
    });
    const groupSize = this.offset - groupStart;
    this.rowGroups.push({
      1: listStruct(columnChunks),
      2: i64(groupSize),
      3: i64(rows),
      5: i64(groupStart),
      6: i64(groupSize),
      7: { t: 'i32', v: this.rowGroups.length },
    });
    this.rows += rows;
    return chunks;
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

  private dictionaryPage(chunks: Uint8Array[], dictionary: readonly string[]): void {
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
    chunks.push(header, body.view());
    this.offset += header.length + body.length;
  }

  /** A v1 data page: header, then the body parts (levels, values) as given. */
  private page(chunks: Uint8Array[], rows: number, encoding: number, body: Uint8Array[]): void {
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
    chunks.push(header, ...body);
    this.offset += header.length + size;
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
