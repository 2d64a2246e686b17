// -ff sets: per-pid line streams merged into one stream ordered by timestamp.
// Stable: equal times keep stream order, then line order. Lines without a time
// (-k frames) stay behind the line before them. Without timestamps the streams
// are concatenated in pid order and a warning says the order is not the real one.
// -t/-tt times of day are compared as printed (a trace across midnight misorders).

import { makeDiagnostic, type Diagnostic } from './diagnostic.js';
import { parseLeader } from './leader.js';

/** One -ff file: its pid (from the `.PID` suffix) and its lines. */
export interface PerPidStream {
  readonly pid: number;
  readonly lines: readonly string[];
}

/** A line of the merged stream: `source` is the stream's index, `lineNo` 1-based in it. */
export interface MergedLine {
  readonly text: string;
  readonly lineNo: number;
  readonly source: number;
  readonly pid: number;
}

/** Merged lines and what went wrong. */
export interface MergedStreams {
  readonly lines: readonly MergedLine[];
  readonly diagnostics: readonly Diagnostic[];
  readonly timed: boolean;
}

const timeOf = (text: string): number | undefined => {
  const l = parseLeader(text);
  return l.timeStyle === 'r' ? undefined : l.time;
};

// Merges -ff streams (source = index in `streams`); feed the result to a TraceParser made with `sourcePids`.
export function mergePerPidStreams(streams: readonly PerPidStream[]): MergedStreams {
  const order = streams.map((s, i) => ({ s, i })).sort((a, b) => a.s.pid - b.s.pid || a.i - b.i);
  let timed = true;
  for (const { s } of order) {
    const first = s.lines.find((l) => l !== '' && !l.startsWith(' > '));
    if (first !== undefined && timeOf(first) === undefined) timed = false;
  }
  const out: MergedLine[] = [];
  if (!timed) {
    for (const { s, i } of order) s.lines.forEach((text, k) => out.push({ text, lineNo: k + 1, source: i, pid: s.pid }));
    const d = streams.length > 1 ? [makeDiagnostic(0, 0, 'warning', '-ff files without timestamps: concatenated in pid order, cross-process order unknown', '')] : [];
    return { lines: out, diagnostics: d, timed: false };
  }
  const keyed: { readonly line: MergedLine; readonly t: number; readonly rank: number }[] = [];
  order.forEach(({ s, i }, rank) => {
    let last = -Infinity;
    s.lines.forEach((text, k) => {
      const t = timeOf(text);
      if (t !== undefined) last = t;
      keyed.push({ line: { text, lineNo: k + 1, source: i, pid: s.pid }, t: last, rank });
    });
  });
  // Array.prototype.sort is stable: ties keep (stream, line) order.
  keyed.sort((a, b) => a.t - b.t || a.rank - b.rank);
  return { lines: keyed.map((k) => k.line), diagnostics: [], timed: true };
}
