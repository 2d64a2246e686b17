// Texts of one batch as UTF-8 bytes in one buffer, with where each ends: what the parse worker sends
// for the raw lines (and, hot-text.ts, the hot calls' stored texts). The buffer is transferred, not
// copied, and the main thread binds each event's bytes for SQLite to store as TEXT; as strings they
// were joined, cloned into the other thread and cut again (~0.7 µs per event between the two threads).

/** Bytes of a batch's texts and where each ends (a text ends where the previous one did when empty). */
export interface TextBatch {
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
}

/** The `i`th text of a batch whose previous text ended at `from` (bytes: no copy). */
export function textAt(batch: TextBatch, i: number, from: number): Uint8Array {
  return batch.bytes.subarray(from, batch.ends[i]);
}

const NEWLINE = 0x0a;

/**
 * bytes[0, n) copied into a buffer of their own size (what a batch holds while the import's queues and the
 * writer thread keep it), allocated without zeroing it first (slice() zeroes, then copies).
 */
export function copyOut(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n);
  out.set(bytes.subarray(0, n));
  return out;
}

/** Appends texts as UTF-8 to a growing buffer (never Node's shared pool: the buffer is transferred). */
export class TextBytes {
  private bytes: Buffer;
  /** `bytes` as a plain Uint8Array (copies into one are cheaper than into a Buffer), and as a DataView. */
  private view: Uint8Array;
  private data: DataView;
  /** The array putBytes copied from last, as a DataView. */
  private from: Uint8Array | undefined;
  private fromData: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private ends: Int32Array;
  private at = 0;
  private count = 0;

  constructor(private readonly texts: number, private readonly bytesPerText: number) {
    this.bytes = Buffer.allocUnsafeSlow(texts * bytesPerText);
    this.view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.ends = new Int32Array(texts);
  }

  /** One text. */
  add(text: string): void {
    this.put(text);
    this.end();
  }

  /** One text made of two lines: `first`, a newline, `second`. */
  addPair(first: string, second: string): void {
    this.put(first);
    this.newline();
    this.put(second);
    this.end();
  }

  /** Appends `text` to the text being written (ended by end()). */
  put(text: string): void {
    this.room(3 * text.length);
    this.at += this.bytes.write(text, this.at, 'utf8');
  }

  /** Appends bytes[from, to), UTF-8 already (no check); fastest with a plain Uint8Array. */
  putBytes(bytes: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    const out = this.view;
    let at = this.at;
    if (to - from > 256) {
      out.set(bytes.subarray(from, to), at);
      this.at = at + to - from;
      return;
    }
    // A line's worth: four bytes at a time through DataViews (a subarray and set per line cost ~1.5x
    // as much, and left a young object per line), one at a time for the last few.
    if (bytes !== this.from) {
      this.from = bytes;
      this.fromData = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const src = this.fromData;
    const dst = this.data;
    let k = from;
    for (; k + 4 <= to; k += 4, at += 4) dst.setInt32(at, src.getInt32(k, true), true);
    for (; k < to; k++) out[at++] = bytes[k] as number;
    this.at = at;
  }

  /** Appends a newline. */
  newline(): void {
    this.room(1);
    this.bytes[this.at++] = NEWLINE;
  }

  /** Ends the text being written. */
  end(): void {
    if (this.count === this.ends.length) {
      const ends = new Int32Array(2 * this.ends.length);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.at;
  }

  /**
   * The texts so far, copied into buffers of their own size (what a batch holds while the import's queues and the
   * writer thread keep it: a buffer for the most texts would be ~2.7x the churn texts); the writer starts again empty.
   */
  take(): TextBatch {
    const out = { bytes: copyOut(this.view, this.at), ends: this.ends.slice(0, this.count) };
    // A buffer grown by a huge text is given back.
    if (this.bytes.length > 4 * this.texts * this.bytesPerText) {
      this.bytes = Buffer.allocUnsafeSlow(this.texts * this.bytesPerText);
      this.view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
      this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    }
    if (this.ends.length > 4 * this.texts) this.ends = new Int32Array(this.texts);
    this.at = 0;
    this.count = 0;
    return out;
  }

  // Makes room for `n` more bytes (UTF-8 takes at most 3 bytes per UTF-16 unit).
  private room(n: number): void {
    if (this.bytes.length - this.at >= n) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.at + n));
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
    this.view = new Uint8Array(bigger.buffer, bigger.byteOffset, bigger.length);
    this.data = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
  }
}
