// Character scanners over strace argument text: find the `)` closing an
// argument list and split at top-level commas, honouring "…" with `\`
// escapes, nested []{}(), /* */ comments and the `<…>` of -y/-yy fds.
// No regexes: lines can be megabytes long.

const QUOTE = 34; // "
const BACKSLASH = 92;
const LT = 60;
const GT = 62;
const SLASH = 47;
const STAR = 42;
const MINUS = 45;
const COMMA = 44;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

// Index just past the closing quote of a string starting at `i` (the opening quote); -1 if unterminated.
export function skipString(s: string, i: number): number {
  const n = s.length;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

// Index just past the `>` closing an fd decoration whose `<` is at `i`; -1 if unterminated.
// Nested `<char 1:5>` (-yy) counts; `->` inside socket decorations does not close.
export function skipFdDecoration(s: string, i: number): number {
  const n = s.length;
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === LT) depth++;
    else if (c === GT && s.charCodeAt(j - 1) !== MINUS) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

// Skips one "special" token at `i` (string, comment, fd decoration, `<<`); returns the next index, or `i` if none.
function skipToken(s: string, i: number, c: number): number {
  if (c === QUOTE) {
    const e = skipString(s, i);
    return e < 0 ? s.length : e;
  }
  if (c === SLASH && s.charCodeAt(i + 1) === STAR) {
    const e = s.indexOf('*/', i + 2);
    return e < 0 ? s.length : e + 2;
  }
  if (c === LT) {
    if (s.charCodeAt(i + 1) === LT) return i + 2; // 21<<MAP_HUGE_SHIFT
    if (i > 0 && isDigit(s.charCodeAt(i - 1))) {
      const e = skipFdDecoration(s, i);
      return e < 0 ? s.length : e;
    }
  }
  return i;
}

// Character classes of the scanners (ASCII; anything else is ordinary).
const PLAIN = 0;
const SPECIAL = 1; // may start a token: `"`, `/`, `<`
const OPEN = 2;
const CLOSE = 3;
const SEP = 4; // `,`
const CLASS = new Uint8Array(128);
CLASS[QUOTE] = SPECIAL;
CLASS[SLASH] = SPECIAL;
CLASS[LT] = SPECIAL;
for (const c of [40, 91, 123]) CLASS[c] = OPEN;
for (const c of [41, 93, 125]) CLASS[c] = CLOSE;
CLASS[COMMA] = SEP;

// Index of the `)` closing the list whose `(` precedes `start`; -1 if the text ends first.
// (One table lookup per ordinary character: these loops see every byte of every call.)
export function findClose(s: string, start: number, end = s.length): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? (CLASS[c] as number) : PLAIN;
    if (k === PLAIN || k === SEP) continue;
    if (k === SPECIAL) {
      const next = skipToken(s, i, c);
      if (next !== i) i = next - 1;
    } else if (k === OPEN) depth++;
    else {
      if (depth === 0) return c === 41 ? i : -1;
      depth--;
    }
  }
  return -1;
}

const isTrimSpace = (c: number): boolean => c <= 32 || c === 0xa0 || c >= 0x1680;

// s[from, to) without surrounding whitespace (String.prototype.trim's, with one slice in the usual case).
function trimmed(s: string, from: number, to: number): string {
  while (from < to && s.charCodeAt(from) === 32) from++;
  while (to > from && s.charCodeAt(to - 1) === 32) to--;
  const piece = s.slice(from, to);
  return piece.length > 0 && (isTrimSpace(piece.charCodeAt(0)) || isTrimSpace(piece.charCodeAt(piece.length - 1))) ? piece.trim() : piece;
}

// Splits `s[start, end)` at top-level commas; each piece is trimmed of spaces.
export function splitTopLevel(s: string, start = 0, end = s.length): string[] {
  const out: string[] = [];
  splitFrom(s, start, end, out, false);
  return out;
}

// findClose and splitTopLevel in one pass: pushes the trimmed top-level pieces of the argument list
// whose `(` precedes `start` onto `out` and returns the index of its `)`; -1 (and `out` is then
// meaningless) if the text ends first or a `]`/`}` closes it. The same pieces as
// splitTopLevel(s, start, findClose(s, start)), for a call's text scanned once instead of twice.
export function splitArgs(s: string, start: number, out: string[]): number {
  return splitFrom(s, start, s.length, out, true);
}

// The walk of both: top-level pieces of s[start, end) onto `out`. With `atClose`, it ends at the first
// closer that is not nested (its index; -1 unless a `)`, or if the text ends first); without, closers
// only lower the depth and the walk returns `end`.
function splitFrom(s: string, start: number, end: number, out: string[], atClose: boolean): number {
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? (CLASS[c] as number) : PLAIN;
    if (k === PLAIN) continue;
    if (k === SPECIAL) {
      const next = skipToken(s, i, c);
      if (next !== i) i = next - 1;
    } else if (k === OPEN) depth++;
    else if (k === CLOSE) {
      if (atClose && depth === 0) {
        if (c !== 41) return -1;
        pushLast(s, from, i, out);
        return i;
      }
      depth--;
    } else if (depth === 0) {
      out.push(trimmed(s, from, i));
      from = i + 1;
    }
  }
  if (atClose) return -1;
  pushLast(s, from, end, out);
  return end;
}

// The piece after the last comma: kept unless it is empty and the only one (an empty list).
function pushLast(s: string, from: number, to: number, out: string[]): void {
  const last = trimmed(s, from, to);
  if (last !== '' || out.length > 0) out.push(last);
}
