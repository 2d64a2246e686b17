// The stored text (parse/event-text.ts array form) of the hot calls, written by the parse worker
// as ASCII bytes straight from their records (hot-events.ts) into one buffer per batch, which is
// transferred to the main thread; the writer binds each event's bytes and SQLite stores them as
// TEXT (CAST in the INSERT). Building the same texts as strings — template, flatten, join, clone
// into the other thread — was ~30 % of the worker's time on the 1M churn import; bytes need no
// string at all. hotTextOf(writer output) equals eventText(e) for every encoded event
// (test/ingest/hot-text.test.ts).

import { ERRNOS, HOT_SLOTS, KINDS, SYSCALLS } from './hot-events.js';
import { copyOut, type TextBatch } from './text-bytes.js';
import { DIGIT_QUADS, writeInt } from '../parse/int-text.js';

/** A short ASCII text as little-endian int32 words (the last one padded with spaces). */
interface Words {
  readonly words: Int32Array;
  readonly length: number;
}
function words(s: string): Words {
  const padded = s.padEnd(Math.ceil(s.length / 4) * 4, ' ');
  const w = new Int32Array(padded.length / 4);
  for (let k = 0; k < padded.length; k++) w[k >> 2] = (w[k >> 2] as number) | (padded.charCodeAt(k) << (8 * (k & 3)));
  return { words: w, length: s.length };
}
/** `["name",` per syscall code. */
const OPENERS: readonly Words[] = SYSCALLS.map((s) => words(`["${s}",`));
/** `"ENAME"` per errno code. */
const ERRNO_TEXTS: readonly Words[] = ERRNOS.map((s) => words(`"${s}"`));
const COMMA = 0x2c;
const CLOSE = 0x5d;
/** Arguments per kind code (slots 11…). */
const ARG_COUNT: readonly number[] = KINDS.map((k) => ({ '': 0, mmap: 5, munmap: 2, mprotect: 3, mremap: 5, brk: 1 })[k]);

/** "0000" … "9999" as little-endian int32s of their four ASCII digits (one store writes four digits). */
const QUADS = ((): Int32Array => {
  const quads = new Int32Array(10_000);
  for (let w = 0; w < 10_000; w++) {
    const d = 4 * w;
    quads[w] = (DIGIT_QUADS[d] as number) | ((DIGIT_QUADS[d + 1] as number) << 8) | ((DIGIT_QUADS[d + 2] as number) << 16) | ((DIGIT_QUADS[d + 3] as number) << 24);
  }
  return quads;
})();

// 0 ≤ w < 1e4 without leading zeros at `at`; returns where it ends.
function lead(out: Uint8Array, at: number, w: number): number {
  const q = QUADS[w] as number;
  if (w >= 1000) out[at++] = q & 0xff;
  if (w >= 100) out[at++] = (q >> 8) & 0xff;
  if (w >= 10) out[at++] = (q >> 16) & 0xff;
  out[at] = q >>> 24;
  return at + 1;
}

// String(v) as ASCII at `at` for v = rec[i] (room for 25 bytes needed); returns where it ends. Safe
// integers four digits per store (the time, addresses and lengths that fill the texts have 5 to 16
// digits). (The number is read here, not passed: a double passed to a function not inlined is boxed
// in a new heap number, ~10 per event, most of the worker's young garbage.)
function writeNumber(out: Uint8Array, data: DataView, at: number, rec: Float64Array, i: number): number {
  let v = rec[i] as number;
  if (!Number.isSafeInteger(v)) return writeInt(out, at, v); // fractions, past 2^53, ±Infinity
  if (v < 0) {
    out[at++] = 0x2d;
    v = -v;
  }
  if (v < 1e4) return lead(out, at, v + 0); // (+ 0: -0 is 0)
  if (v < 1e8) {
    const hi = (v / 1e4) | 0;
    at = lead(out, at, hi);
    data.setInt32(at, QUADS[v - hi * 1e4] as number, true);
    return at + 4;
  }
  // Up to 16 digits: the part past the last eight below 1e8 (v < 2^53), written as above.
  const hi = Math.floor(v / 1e8);
  const lo = v - hi * 1e8;
  if (hi < 1e4) at = lead(out, at, hi);
  else {
    const h = (hi / 1e4) | 0;
    at = lead(out, at, h);
    data.setInt32(at, QUADS[hi - h * 1e4] as number, true);
    at += 4;
  }
  const m = (lo / 1e4) | 0;
  data.setInt32(at, QUADS[m] as number, true);
  data.setInt32(at + 4, QUADS[lo - m * 1e4] as number, true);
  return at + 8;
}

/** Appends records' texts to a growing buffer. */
export class HotTextWriter {
  private bytes: Uint8Array;
  private data: DataView;
  private ends: Int32Array;
  private at = 0;
  private count = 0;

  constructor(private readonly events: number) {
    this.bytes = new Uint8Array(events * 96);
    this.data = new DataView(this.bytes.buffer);
    this.ends = new Int32Array(events);
  }

  /** Ends the next event: with the text of record `i` of `rec` when `text`, else empty. */
  add(rec: Float64Array, i: number, text: boolean): void {
    if (this.bytes.length - this.at < 512) this.grow(this.bytes.length * 2);
    if (text) this.at = this.record(rec, i * HOT_SLOTS, this.bytes, this.data, this.at);
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.at;
  }

  /**
   * The texts so far (an event without one ends where it starts), copied into buffers of their own size (as
   * TextBytes.take); the writer starts again empty.
   */
  take(): TextBatch {
    const out = { bytes: copyOut(this.bytes, this.at), ends: this.ends.slice(0, this.count) };
    if (this.bytes.length > 4 * this.events * 96) {
      this.bytes = new Uint8Array(this.events * 96);
      this.data = new DataView(this.bytes.buffer);
    }
    if (this.ends.length > 4 * this.events) this.ends = new Int32Array(this.events);
    this.at = 0;
    this.count = 0;
    return out;
  }

  private grow(size: number): void {
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.data = new DataView(bigger.buffer);
  }

  // [syscall, time, line, entryLine, source, result, skipped, ...arguments] from the record at slot o,
  // written from `at` (kept in a local: one pass, no field traffic per byte); returns where it ends.
  private record(rec: Float64Array, o: number, out: Uint8Array, data: DataView, at: number): number {
    // (Codes read as int32: an array indexed by a float64 takes a slower load.)
    at = put(data, at, OPENERS[(rec[o + 1] as number) | 0] as Words);
    at = optional(out, data, at, rec, o + 4);
    out[at++] = COMMA;
    at = writeNumber(out, data, at, rec, o + 5);
    out[at++] = COMMA;
    at = optional(out, data, at, rec, o + 6);
    out[at++] = COMMA;
    at = optional(out, data, at, rec, o + 7);
    out[at++] = COMMA;
    const result = (rec[o + 8] as number) | 0;
    if (result === 0) at = writeNumber(out, data, at, rec, o + 9);
    else if (result === 1) at = writeNull(data, at);
    else at = put(data, at, ERRNO_TEXTS[result - 2] as Words);
    out[at++] = COMMA;
    at = writeNumber(out, data, at, rec, o + 10);
    const args = ARG_COUNT[(rec[o] as number) | 0] as number;
    for (let k = 0; k < args; k++) {
      out[at++] = COMMA;
      at = optional(out, data, at, rec, o + 11 + k); // only mremap's newAddr may be absent (NaN)
    }
    out[at++] = CLOSE;
    return at;
  }
}

// A fixed text, four bytes per store: the padding past its end is written over by what follows (the
// writer keeps 512 bytes of room per event).
function put(data: DataView, at: number, w: Words): number {
  const ws = w.words;
  for (let k = 0; k < ws.length; k++) data.setInt32(at + 4 * k, ws[k] as number, true);
  return at + w.length;
}

/** `null` as a little-endian int32. */
const NULL = 0x6e | (0x75 << 8) | (0x6c << 16) | (0x6c << 24);

// The number rec[i], or NaN (an absent field) as null.
function optional(out: Uint8Array, data: DataView, at: number, rec: Float64Array, i: number): number {
  const v = rec[i] as number;
  return v === v ? writeNumber(out, data, at, rec, i) : writeNull(data, at);
}

function writeNull(data: DataView, at: number): number {
  data.setInt32(at, NULL, true);
  return at + 4;
}
