/** A growable byte buffer: the encoders append to it without a copy per value. */
export class ByteSink {
  buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  uint32le(value: number): void {
    this.reserve(4);
    const b = this.buffer;
    b[this.length++] = value & 0xff;
    b[this.length++] = (value >>> 8) & 0xff;
    b[this.length++] = (value >>> 16) & 0xff;
    b[this.length++] = (value >>> 24) & 0xff;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  varint(value: number): void {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * Parquet's RLE / bit-packing hybrid (the encoding of definition levels and dictionary
 * indices) of values[0, count) at `bitWidth` bits (1 to 24). A value repeated 16 times or
 * more becomes a run (a column without nulls: one run for the page); the rest is bit-packed
 * in groups of eight, the last group padded with zeros (readers stop at the page's count).
 */
export function writeHybrid(
  out: ByteSink,
  values: Int32Array | Uint8Array,
  count: number,
  bitWidth: number,
): void {
  const valueBytes = (bitWidth + 7) >> 3;
  out.reserve(Math.ceil((count * bitWidth) / 8) + 16 + count / 4);
  let packedFrom = 0;
  let i = 0;
  while (i < count) {
    const value = values[i]!;
    let end = i + 1;
    while (end < count && values[end] === value) end++;
    if (end - i < 16) {
      i = end;
      continue;
    }
    // Round the bit-packed part up to whole groups of eight with the run's first values.
    const aligned = i + ((8 - ((i - packedFrom) % 8)) % 8);
    if (aligned > packedFrom) writePacked(out, values, packedFrom, aligned, bitWidth);
    out.varint((end - aligned) * 2);
    for (let b = 0; b < valueBytes; b++) out.byte((value >>> (8 * b)) & 0xff);
    i = end;
    packedFrom = end;
  }
  if (packedFrom < count) writePacked(out, values, packedFrom, count, bitWidth);
}

function writePacked(
  out: ByteSink,
  values: Int32Array | Uint8Array,
  from: number,
  to: number,
  bitWidth: number,
): void {
  const groups = Math.ceil((to - from) / 8);
  out.varint(groups * 2 + 1);
  out.reserve(groups * bitWidth);
  const buffer = out.buffer;
  let at = out.length;
  const end = from + groups * 8;
  if (bitWidth === 1) {
    // Definition levels: eight values a byte, no accumulator.
    for (let j = from; j < end; j += 8) {
      let byte = 0;
      for (let k = 0; k < 8; k++) if (j + k < to && values[j + k]) byte |= 1 << k;
      buffer[at++] = byte;
    }
  } else {
    let acc = 0;
    let bits = 0;
    for (let j = from; j < end; j++) {
      acc |= (j < to ? values[j]! : 0) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        buffer[at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  out.length = at;
}

/** Bits needed for values 0 … max (at least 1). */
export function bitWidthOf(max: number): number {
  let width = 1;
  while (max >= 2 ** width) width++;
  return width;
}
