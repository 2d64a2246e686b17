// The events row's `touched` column: the byte ranges an event changed as one flat JSON array of
// numbers, [start, end, start, end, …] (NULL when it changed nothing). Flat: half the characters of
// [{"start":…,"end":…}] and one string piece per number for the import's busiest thread to build.

import { intText } from '../parse/int-text.js';

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

/** The ranges of a column's text (null: none). */
export function touchedFromText(text: string | null): Range[] {
  if (text === null) return [];
  const flat = JSON.parse(text) as unknown;
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((v) => typeof v === 'number')) throw new Error(`touched: not a flat list of start, end pairs: ${text.slice(0, 80)}`);
  const out: Range[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ start: flat[i] as number, end: flat[i + 1] as number });
  return out;
}
