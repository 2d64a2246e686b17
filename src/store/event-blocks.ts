// Events stored in blocks of consecutive steps (schema 7): one `event_blocks` row holds the texts of many
// events back to back, one column per kind of text, and where each ends. SQLite's insert cost is mostly per row
// (1M rows of 5 columns: ~2.4 s of the import's busiest thread); a block is one row.
//
// `pids` is JSON text, `[pid, …]`, one per step from first_step (json_each enumerates the steps in the `events`
// view, schema.ts). `ends` is ASCII digits: the block's width W (one digit, 1–9), then a zero entry and, for each
// step, three decimal numbers of W digits: the byte offsets in `events`, `raws` and `touched` just past that step's
// text, whose start is the previous entry's end. W is the fewest digits that hold the block's largest offset (4 on
// the churn trace, whose blocks' columns stay below 10,000 bytes: 12 bytes per step, where schema 6's fixed 9 digits
// took 27, 8 % of the 1M churn DB). Fixed-width digits within a block: the view reads an offset with one substr and
// a CAST (no JSON to parse per event: ~3x cheaper than an index as JSON), and a reader with a loop. Offsets, not
// separators: a raw line may hold any byte (NUL, CR, invalid UTF-8). A step whose touched text is empty changed no
// maps.

import { DIGIT_QUADS, writeHighLow, writeInt } from '../parse/int-text.js';

type Range = { readonly start: number; readonly end: number };

/** Most digits per offset in `ends` (a column of a block stays far below 10^9 bytes: SQLite's own limit on a value). */
export const MAX_END_DIGITS = 9;
const END_LIMIT = 10 ** MAX_END_DIGITS;

/** Steps in a block at most. */
export const BLOCK_STEPS = 256;
/**
 * A block is cut once its texts reach this many bytes, so that a row nearly always fits in one 16 KiB page
 * (16,349 bytes of payload at most): SQLite reads a column held on its page in place, but copies one that spills
 * into overflow pages in full each time it is read, and the `events` view reads its block's columns once per event
 * (blocks of ~64 KiB made `SELECT * FROM events_flat` ~40× slower). ~75 churn events per block.
 */
export const BLOCK_BYTES = 15 * 1024;

/**
 * Bytes appended to a growing buffer (reused from block to block). A run of views that follow each other in one
 * ArrayBuffer (the parse worker's texts of consecutive events) is copied at once when
 * it ends: one set() per run instead of one per event (set() and a per-byte loop cost ~100–250 ns per event).
 */
class Bytes {
  buf = new Uint8Array(1 << 16);
  at = 0;
  /** The run of views not copied yet: source bytes [from, to) of `src`, to go at `dest`. */
  private src: ArrayBufferLike | undefined;
  private from = 0;
  private to = 0;
  private dest = 0;

  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.settle();
    const bigger = new Uint8Array(Math.max(2 * this.buf.length, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  /** Appends the bytes of `v`, which must stay unchanged until view() (the writer's next block or commit). */
  put(v: Uint8Array): void {
    this.putSpan(v.buffer, v.byteOffset, v.byteOffset + v.length);
  }

  /**
   * Appends bytes [from, to) of `src` (unchanged until view(), as put's). A span of another buffer, even empty, copies
   * the pending run: once a text names a new buffer, the one before is no longer read here (the writer thread hands
   * it back then).
   */
  putSpan(src: ArrayBufferLike, from: number, to: number): void {
    const n = to - from;
    if (n === 0) {
      if (src !== this.src) this.settle();
      return;
    }
    this.room(n);
    if (src === this.src && from === this.to && this.at === this.dest + (this.to - this.from)) this.to = to;
    else {
      this.settle();
      this.src = src;
      this.from = from;
      this.to = to;
      this.dest = this.at;
    }
    this.at += n;
  }

  /** Appends touchedText(ranges) of ranges not empty (its bytes written here: no text or view per event). */
  putRanges(ranges: readonly Range[]): void {
    this.room(2 + 52 * ranges.length); // two numbers of at most 25 characters and two separators per range
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x5b; // [
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i] as Range;
      if (i > 0) buf[at++] = 0x2c;
      // Addresses of 9+ digits as two small integers (writeHighLow: no HeapNumber per number).
      const start = r.start;
      if (start >= 1e8 && Number.isSafeInteger(start)) {
        const hi = Math.floor(start / 1e8);
        at = writeHighLow(buf, at, hi, start - hi * 1e8);
      } else at = writeInt(buf, at, start);
      buf[at++] = 0x2c;
      const end = r.end;
      if (end >= 1e8 && Number.isSafeInteger(end)) {
        const hi = Math.floor(end / 1e8);
        at = writeHighLow(buf, at, hi, end - hi * 1e8);
      } else at = writeInt(buf, at, end);
    }
    buf[at++] = 0x5d; // ]
    this.at = at;
  }

  /** Copies the pending run. */
  private settle(): void {
    const src = this.src;
    if (src === undefined) return;
    this.buf.set(new Uint8Array(src, this.from, this.to - this.from), this.dest);
    this.src = undefined;
  }

  putText(s: string, encoder: InstanceType<typeof TextEncoder>): void {
    const n = s.length;
    this.room(3 * n);
    const buf = this.buf;
    let at = this.at;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at++] = c;
    }
    if (i < n) at += encoder.encodeInto(s.slice(i), new Uint8Array(buf.buffer, at, buf.length - at)).written;
    this.at = at;
  }

  /** Empties the buffer (one grown by a huge text, e.g. a 10 MB line, is given back). */
  clear(): void {
    this.src = undefined;
    this.at = 0;
    if (this.buf.length > 1 << 20) this.buf = new Uint8Array(1 << 16);
  }

  /** The bytes so far (valid until the next append). */
  view(): Uint8Array {
    this.settle();
    return new Uint8Array(this.buf.buffer, 0, this.at);
  }
}

/** "0000" … "9999" as the bytes of their four ASCII digits. */
const QUADS = DIGIT_QUADS;

// Writes v (0 ≤ v < 10^w) as w ASCII digits (zeros first) ending just before `end`, four digits per step.
function writeEnd(out: Uint8Array, end: number, v: number, w: number): void {
  let k = end;
  const stop = end - w;
  let x = v;
  while (k - 4 >= stop) {
    const q = (x / 1e4) | 0;
    const r = (x - 1e4 * q) << 2;
    out[--k] = QUADS[r + 3] as number;
    out[--k] = QUADS[r + 2] as number;
    out[--k] = QUADS[r + 1] as number;
    out[--k] = QUADS[r] as number;
    x = q;
  }
  while (k > stop) {
    const q = (x / 10) | 0;
    out[--k] = 0x30 + x - 10 * q;
    x = q;
  }
}

/** Digits of v (0 ≤ v < 10^9), at least 1. */
function digitsOf(v: number): number {
  let w = 1;
  for (let p = 10; v >= p; p *= 10) w++;
  return w;
}

/** The block being filled: its steps' texts in the writer's buffers, bound as one row when it is cut. */
export class BlockBuilder {
  first = 0;
  last = 0;
  count = 0;
  private readonly pids = new Bytes();
  private readonly ends = new Bytes();
  /** Each step's three offsets (event, raw, touched), written as `ends` when the block is taken (its width known). */
  private offsets = new Int32Array(3 * BLOCK_STEPS);
  private readonly events = new Bytes();
  private readonly touched = new Bytes();
  private readonly raws = new Bytes();
  private readonly encoder = new TextEncoder();

  /** Bytes of the row so far (`ends` counted at 15 bytes per step: width 5, enough while each column is below 100,000 bytes). */
  get size(): number {
    return this.events.at + this.raws.at + this.touched.at + 15 * this.count + this.pids.at;
  }

  /** Appends step `step` (the block's next one: the caller cuts the block before a gap). */
  add(step: number, pid: number, event: string | Uint8Array, raw: string | Uint8Array, touched: string | Uint8Array | null): void {
    this.begin(step);
    if (typeof event === 'string') this.events.putText(event, this.encoder);
    else this.events.put(event);
    if (typeof raw === 'string') this.raws.putText(raw, this.encoder);
    else this.raws.put(raw);
    if (touched !== null) {
      if (typeof touched === 'string') this.touched.putText(touched, this.encoder);
      else this.touched.put(touched);
    }
    this.end(pid);
  }

  /**
   * add() of texts given as a string or as bytes [from, to) of an ArrayBuffer (the parse worker's batch: no view per
   * text), and of the touched ranges themselves: `touched` undefined when the step changed no maps, else
   * touchedText(touched) ('[]' for none of its own).
   */
  addSpans(step: number, pid: number, event: string | ArrayBufferLike, eventFrom: number, eventTo: number, raw: string | ArrayBufferLike, rawFrom: number, rawTo: number, touched: readonly Range[] | undefined): void {
    this.begin(step);
    if (typeof event === 'string') this.events.putText(event, this.encoder);
    else this.events.putSpan(event, eventFrom, eventTo);
    if (typeof raw === 'string') this.raws.putText(raw, this.encoder);
    else this.raws.putSpan(raw, rawFrom, rawTo);
    if (touched !== undefined) this.touched.putRanges(touched);
    this.end(pid);
  }

  private begin(step: number): void {
    if (this.count === 0) this.first = step;
    this.last = step;
  }

  // The step's offsets and its pid.
  private end(pid: number): void {
    let offsets = this.offsets;
    const o = 3 * this.count;
    if (o === offsets.length) {
      offsets = new Int32Array(2 * o);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const e = this.events.at;
    const r = this.raws.at;
    const t = this.touched.at;
    if (!(e < END_LIMIT && r < END_LIMIT && t < END_LIMIT)) throw new Error(`event block: a column of ${Math.max(e, r, t)} bytes`);
    offsets[o] = e;
    offsets[o + 1] = r;
    offsets[o + 2] = t;
    const pids = this.pids;
    pids.room(18);
    pids.buf[pids.at++] = this.count === 0 ? 0x5b : 0x2c; // [ or ,
    pids.at = writeInt(pids.buf, pids.at, pid);
    this.count++;
  }

  /** The row's byte columns (views of the buffers: bind them before the next add), then empties the block. */
  take(): { first: number; last: number; pids: Uint8Array; ends: Uint8Array; events: Uint8Array; touched: Uint8Array; raws: Uint8Array } {
    this.writeEnds();
    this.pids.room(1);
    this.pids.buf[this.pids.at++] = 0x5d; // ]
    const row = { first: this.first, last: this.last, pids: this.pids.view(), ends: this.ends.view(), events: this.events.view(), touched: this.touched.view(), raws: this.raws.view() };
    this.count = 0;
    this.pids.clear();
    this.ends.clear();
    this.events.clear();
    this.touched.clear();
    this.raws.clear();
    if (this.offsets.length > 3 * BLOCK_STEPS) this.offsets = new Int32Array(3 * BLOCK_STEPS);
    return row;
  }

  // `ends`: the width, the zero entry, each step's three offsets.
  private writeEnds(): void {
    const n = 3 * this.count;
    const w = digitsOf(Math.max(this.events.at, this.raws.at, this.touched.at));
    const ends = this.ends;
    ends.room(1 + (n + 3) * w);
    const buf = ends.buf;
    buf[0] = 0x30 + w;
    buf.fill(0x30, 1, 1 + 3 * w); // the zero entry: where the first step's texts start
    const offsets = this.offsets;
    let at = 1 + 3 * w;
    for (let i = 0; i < n; i++) {
      at += w;
      writeEnd(buf, at, offsets[i] as number, w);
    }
    ends.at = at;
  }
}

/** One stored block as read back: its steps' pids and texts, decoded on demand. */
export class StoredBlock {
  private readonly pids: number[];
  /** Digits per offset in `ends`. */
  private readonly width: number;

  constructor(
    readonly first: number,
    pids: string,
    private readonly ends: Buffer,
    private readonly events: Buffer,
    private readonly touched: Buffer | undefined,
    private readonly raws: Buffer | undefined,
  ) {
    this.pids = JSON.parse(pids) as number[];
    this.width = (ends[0] as number) - 0x30;
    if (!(this.width >= 1 && this.width <= MAX_END_DIGITS)) throw new Error(`event block ${first}: bad width in ends`);
  }

  get last(): number {
    return this.first + this.pids.length - 1;
  }

  pid(i: number): number {
    return this.pids[i] as number;
  }

  // Offset `col` (0 event, 1 raw, 2 touched) of entry `e` of `ends` (entry 0 is the zero entry, step i's end is entry i + 1).
  private end(e: number, col: number): number {
    const ends = this.ends;
    const w = this.width;
    let v = 0;
    for (let k = 1 + (3 * e + col) * w, stop = k + w; k < stop; k++) v = 10 * v + (ends[k] as number) - 0x30;
    return v;
  }

  event(i: number): string {
    return this.events.toString('utf8', this.end(i, 0), this.end(i + 1, 0));
  }

  raw(i: number): string {
    if (this.raws === undefined) throw new Error('event block: raws not read');
    return this.raws.toString('utf8', this.end(i, 1), this.end(i + 1, 1));
  }

  /** The touched text, or null when the step changed no maps. */
  touchedText(i: number): string | null {
    if (this.touched === undefined) throw new Error('event block: touched not read');
    const from = this.end(i, 2);
    const to = this.end(i + 1, 2);
    return to > from ? this.touched.toString('utf8', from, to) : null;
  }
}
