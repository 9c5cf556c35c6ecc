/**
 * The few pieces of Thrift's compact protocol a Parquet footer and page headers need
 * (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md):
 * zigzag varints, length-prefixed binaries, lists and nested structs. Written by hand because
 * the schema is fixed and small: no generated code, no dependency.
 */
export enum CompactType {
  True = 1,
  False = 2,
  I32 = 5,
  I64 = 6,
  Binary = 8,
  List = 9,
  Struct = 12,
}

/** A Thrift struct field: its id, and a value the writer knows how to encode. */
export type ThriftValue =
  | { t: 'i32'; v: number }
  | { t: 'i64'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'string'; v: string }
  | { t: 'struct'; v: ThriftStruct }
  | { t: 'list-i32'; v: readonly number[] }
  | { t: 'list-string'; v: readonly string[] }
  | { t: 'list-struct'; v: readonly ThriftStruct[] };

/** Fields by id; undefined fields (optional ones left out) are skipped. */
export type ThriftStruct = Record<number, ThriftValue | undefined>;

export const i32 = (v: number): ThriftValue => ({ t: 'i32', v });
export const i64 = (v: number): ThriftValue => ({ t: 'i64', v });
export const bool = (v: boolean): ThriftValue => ({ t: 'bool', v });
export const str = (v: string): ThriftValue => ({ t: 'string', v });
export const struct = (v: ThriftStruct): ThriftValue => ({ t: 'struct', v });
export const listI32 = (v: readonly number[]): ThriftValue => ({ t: 'list-i32', v });
export const listString = (v: readonly string[]): ThriftValue => ({ t: 'list-string', v });
export const listStruct = (v: readonly ThriftStruct[]): ThriftValue => ({ t: 'list-struct', v });

/** Grows as it is written; `bytes()` is the encoded struct. */
export class CompactWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  writeStruct(fields: ThriftStruct): this {
    let last = 0;
    const ids = Object.keys(fields)
      .map(Number)
      .sort((a, b) => a - b);
    for (const id of ids) {
      const field = fields[id];
      if (field === undefined) continue;
      const type = typeOf(field);
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.varint(zigzag(id));
      }
      last = id;
      this.value(field);
    }
    this.byte(0); // stop
    return this;
  }

  private value(field: ThriftValue): void {
    switch (field.t) {
      case 'bool':
        return; // the field header carries it
      case 'i32':
      case 'i64':
        this.varint(zigzag(field.v));
        return;
      case 'string':
        this.binary(field.v);
        return;
      case 'struct':
        this.writeStruct(field.v);
        return;
      case 'list-i32':
        this.listHeader(field.v.length, CompactType.I32);
        for (const v of field.v) this.varint(zigzag(v));
        return;
      case 'list-string':
        this.listHeader(field.v.length, CompactType.Binary);
        for (const v of field.v) this.binary(v);
        return;
      case 'list-struct':
        this.listHeader(field.v.length, CompactType.Struct);
        for (const v of field.v) this.writeStruct(v);
        return;
    }
  }

  private listHeader(size: number, type: CompactType): void {
    if (size < 15) this.byte((size << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(size);
    }
  }

  private binary(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.varint(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Unsigned varint of a non-negative integer up to 2^53 (7 bits a byte, low first). */
  private varint(value: number): void {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

function typeOf(field: ThriftValue): CompactType {
  switch (field.t) {
    case 'bool':
      return field.v ? CompactType.True : CompactType.False;
    case 'i32':
      return CompactType.I32;
    case 'i64':
      return CompactType.I64;
    case 'string':
      return CompactType.Binary;
    case 'struct':
      return CompactType.Struct;
    default:
      return CompactType.List;
  }
}

/** Zigzag of a safe integer: 0, -1, 1, -2 … → 0, 1, 2, 3 … (arithmetic, so past 32 bits too). */
function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}
