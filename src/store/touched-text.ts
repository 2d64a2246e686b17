// The events row's `touched` column: the byte ranges an event changed as one flat JSON array of
// numbers, [start, end, start, end, …] (NULL when it changed nothing). Flat: half the characters of
// [{"start":…,"end":…}] and one string piece per number for the import's busiest thread to build.

import { intText, writeInt } from '../parse/int-text.js';

type Range = { readonly start: number; readonly end: number };

/** The column's text for `ranges`, or null when there are none. */
export function touchedText(ranges: readonly Range[]): string | null {
  if (ranges.length === 0) return null;
  let out = '[';
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as Range;
    out += `${i === 0 ? '' : ','}${intText(r.start)},${intText(r.end)}`;
  }
  return `${out}]`;
}

/** Bytes per chunk of a TouchedWriter. */
const CHUNK = 1 << 16;

/**
 * touchedText as ASCII bytes, for the import's busiest thread (no string to build and for SQLite to
 * encode again). Each text is a view of a chunk that is never written again once full, so every view
 * handed out stays valid until the writer has bound it.
 */
export class TouchedWriter {
  private chunk = new Uint8Array(CHUNK);
  private at = 0;

  /** The bytes of touchedText(ranges), or null when there are none. */
  text(ranges: readonly Range[]): Uint8Array | null {
    if (ranges.length === 0) return null;
    const need = 2 + 52 * ranges.length; // two numbers of at most 25 characters and two separators per range
    if (this.chunk.length - this.at < need) {
      this.chunk = new Uint8Array(Math.max(CHUNK, need));
      this.at = 0;
    }
    const out = this.chunk;
    const start = this.at;
    let at = start;
    out[at++] = 0x5b; // [
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i] as Range;
      if (i > 0) out[at++] = 0x2c;
      at = writeInt(out, at, r.start);
      out[at++] = 0x2c;
      at = writeInt(out, at, r.end);
    }
    out[at++] = 0x5d; // ]
    this.at = at;
    // (The constructor: subarray() took twice as long, its species lookup.)
    return new Uint8Array(out.buffer, start, at - start);
  }
}

/** The ranges of a column's text (null: none). */
export function touchedFromText(text: string | null): Range[] {
  if (text === null) return [];
  const flat = JSON.parse(text) as unknown;
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((v) => typeof v === 'number')) throw new Error(`touched: not a flat list of start, end pairs: ${text.slice(0, 80)}`);
  const out: Range[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ start: flat[i] as number, end: flat[i + 1] as number });
  return out;
}
