// Parse problems as data: a line that cannot be decoded is kept here, never thrown.

/** One problem found in a trace line (severity `info` for harmless oddities). */
export interface Diagnostic {
  /** 1-based line number in its source file. */
  readonly line: number;
  /** Index of the source file (-ff sets); 0 for a single file. */
  readonly source: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly reason: string;
  /** The line text, capped at MAX_DIAGNOSTIC_TEXT characters. */
  readonly text: string;
}

// How much of a (possibly 10 MB) line a diagnostic keeps.
export const MAX_DIAGNOSTIC_TEXT = 400;

// A string equal to `s` that keeps nothing else alive. A line the parse worker reads is a V8 slice of a
// 4 KiB run of the file (input/read-lines.ts), and a slice keeps its whole run: the diagnostics,
// kept for the whole import, would keep a run each. Slicing a concatenation makes V8 flatten it into
// a new string first, so what is kept is a copy of the line.
const own = (s: string): string => (` ${s}`).slice(1);

// Builds a diagnostic, capping the kept text.
export function makeDiagnostic(line: number, source: number, severity: Diagnostic['severity'], reason: string, text: string): Diagnostic {
  const kept = text.length > MAX_DIAGNOSTIC_TEXT ? `${text.slice(0, MAX_DIAGNOSTIC_TEXT)}… (${text.length} chars)` : text;
  return { line, source, severity, reason, text: own(kept) };
}
