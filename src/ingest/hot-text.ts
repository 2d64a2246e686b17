// The stored text (parse/event-text.ts array form) of the hot calls, written by the parse worker
// as ASCII bytes straight from their records (hot-events.ts) into one buffer per batch, which is
// transferred to the main thread; the writer binds each event's bytes and SQLite stores them as
// TEXT (CAST in the INSERT). Building the same texts as strings — template, flatten, join, clone
// into the other thread — was ~30 % of the worker's time on the 1M churn import; bytes need no
// string at all. hotTextOf(writer output) equals eventText(e) for every encoded event
// (test/ingest/hot-text.test.ts).

import { ERRNOS, HOT_SLOTS, KINDS, SYSCALLS } from './hot-events.js';
import type { TextBatch } from './text-bytes.js';
import { writeInt } from '../parse/int-text.js';

const encode = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** `["name",` per syscall code. */
const OPENERS: readonly Uint8Array[] = SYSCALLS.map((s) => encode(`["${s}",`));
/** `"ENAME"` per errno code. */
const ERRNO_TEXTS: readonly Uint8Array[] = ERRNOS.map((s) => encode(`"${s}"`));
const COMMA = 0x2c;
const CLOSE = 0x5d;
/** Arguments per kind code (slots 11…). */
const ARG_COUNT: readonly number[] = KINDS.map((k) => ({ '': 0, mmap: 5, munmap: 2, mprotect: 3, mremap: 5, brk: 1 })[k]);

/** Appends records' texts to a growing buffer. */
export class HotTextWriter {
  private bytes: Uint8Array;
  private ends: Int32Array;
  private at = 0;
  private count = 0;

  constructor(private readonly events: number) {
    this.bytes = new Uint8Array(events * 96);
    this.ends = new Int32Array(events);
  }

  /** Ends the next event: with the text of record `i` of `rec` when `text`, else empty. */
  add(rec: Float64Array, i: number, text: boolean): void {
    if (this.bytes.length - this.at < 512) this.grow(this.bytes.length * 2);
    if (text) this.record(rec, i * HOT_SLOTS);
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.at;
  }

  /** The texts so far (an event without one ends where it starts); the writer starts again empty. */
  take(): TextBatch {
    const out = { bytes: this.bytes.subarray(0, this.at), ends: this.ends.subarray(0, this.count) };
    this.bytes = new Uint8Array(this.events * 96);
    this.ends = new Int32Array(this.events);
    this.at = 0;
    this.count = 0;
    return out;
  }

  private grow(size: number): void {
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }

  // [syscall, time, line, entryLine, source, result, skipped, ...arguments] from the record at slot o.
  private record(rec: Float64Array, o: number): void {
    this.put(OPENERS[rec[o + 1] as number] as Uint8Array);
    this.optional(rec[o + 4] as number);
    this.bytes[this.at++] = COMMA;
    this.number(rec[o + 5] as number);
    this.bytes[this.at++] = COMMA;
    this.optional(rec[o + 6] as number);
    this.bytes[this.at++] = COMMA;
    this.optional(rec[o + 7] as number);
    this.bytes[this.at++] = COMMA;
    const result = rec[o + 8] as number;
    if (result === 0) this.number(rec[o + 9] as number);
    else if (result === 1) this.optional(NaN);
    else this.put(ERRNO_TEXTS[result - 2] as Uint8Array);
    this.bytes[this.at++] = COMMA;
    this.number(rec[o + 10] as number);
    const args = ARG_COUNT[rec[o] as number] as number;
    for (let k = 0; k < args; k++) {
      this.bytes[this.at++] = COMMA;
      this.optional(rec[o + 11 + k] as number); // only mremap's newAddr may be absent (NaN)
    }
    this.bytes[this.at++] = CLOSE;
  }

  // A few bytes: a loop (TypedArray.set costs more than the copy for a dozen bytes).
  private put(b: Uint8Array): void {
    const out = this.bytes;
    let at = this.at;
    for (let k = 0; k < b.length; k++) out[at++] = b[k] as number;
    this.at = at;
  }

  // NaN (an absent field) as null.
  private optional(v: number): void {
    if (v === v) {
      this.number(v);
      return;
    }
    const out = this.bytes;
    out[this.at] = 0x6e; // n
    out[this.at + 1] = 0x75; // u
    out[this.at + 2] = 0x6c; // l
    out[this.at + 3] = 0x6c; // l
    this.at += 4;
  }

  // A number as String(v) writes it (parse/int-text.ts).
  private number(v: number): void {
    this.at = writeInt(this.bytes, this.at, v);
  }
}
