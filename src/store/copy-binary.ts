/**
 * A reader of PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`): the
 * signature and header, then per row an int16 field count and per field an int32 length (-1:
 * null) and that many bytes, then the trailer (-1). It hands each row to `onRow` as the byte
 * offsets of its fields in a DataView, so a caller reads fixed-width values straight into its
 * own column buffers: no row objects, no text. Chunks may split a row anywhere; the split part
 * is kept (copied: a client may reuse the chunk's memory) and joined to the next chunk.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_BYTES = SIGNATURE.length + 8;

export type CopyRowSink = (view: DataView, offsets: Int32Array) => void;

export class CopyBinaryReader {
  private leftover: Uint8Array | undefined;
  private header = false;
  private trailer = false;
  /** Per field of the current row: its first byte in the chunk's view, or -1 when null. */
  private readonly offsets: Int32Array;
  private view: DataView | undefined;

  constructor(
    private readonly fields: number,
    private readonly onRow: CopyRowSink,
  ) {
    this.offsets = new Int32Array(fields);
  }

  push(chunk: Uint8Array): void {
    if (this.leftover) {
      const joined = new Uint8Array(this.leftover.length + chunk.length);
      joined.set(this.leftover);
      joined.set(chunk, this.leftover.length);
      this.leftover = undefined;
      this.read(new DataView(joined.buffer), 0, joined.length);
      return;
    }
    // A server sends a message a row, mostly slices of one buffer of the client's: one view
    // over that buffer serves them all (a view a row cost more than reading the row).
    if (chunk.buffer !== this.view?.buffer) this.view = new DataView(chunk.buffer);
    this.read(this.view, chunk.byteOffset, chunk.byteOffset + chunk.length);
  }

  private read(view: DataView, start: number, end: number): void {
    let at = start;
    if (!this.header) {
      if (end - at < HEADER_BYTES) {
        this.keep(view, at, end);
        return;
      }
      SIGNATURE.forEach((byte, i) => {
        if (view.getUint8(at + i) !== byte)
          throw new Error('COPY data without the binary signature');
      });
      const extension = view.getInt32(at + SIGNATURE.length + 4);
      if (end - at < HEADER_BYTES + extension) {
        this.keep(view, at, end);
        return;
      }
      at += HEADER_BYTES + extension;
      this.header = true;
    }
    const offsets = this.offsets;
    const fields = this.fields;
    while (at + 2 <= end) {
      if (this.trailer) throw new Error('COPY data after its trailer');
      const count = view.getInt16(at);
      if (count === -1) {
        this.trailer = true;
        at += 2;
        continue;
      }
      if (count !== fields) throw new Error(`a COPY row of ${count} fields, not ${fields}`);
      let p = at + 2;
      let f = 0;
      for (; f < fields && p + 4 <= end; f++) {
        const length = view.getInt32(p);
        p += 4;
        if (length < 0) offsets[f] = -1;
        else {
          offsets[f] = p;
          p += length;
        }
      }
      if (f < fields || p > end) break;
      this.onRow(view, offsets);
      at = p;
    }
    if (at < end) this.keep(view, at, end);
  }

  /** Throws unless the data ended with the trailer: a cut-off COPY is never taken as whole. */
  end(): void {
    if (!this.trailer || this.leftover) throw new Error('the COPY data ended early');
  }

  private keep(view: DataView, from: number, end: number): void {
    this.leftover = new Uint8Array(view.buffer, from, end - from).slice();
  }
}
