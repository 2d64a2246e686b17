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

// Index of the `)` closing the list whose `(` precedes `start`; -1 if the text ends first.
export function findClose(s: string, start: number, end = s.length): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const next = skipToken(s, i, c);
    if (next !== i) {
      i = next - 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return c === 41 ? i : -1;
      depth--;
    }
  }
  return -1;
}

// Splits `s[start, end)` at top-level commas; each piece is trimmed of spaces.
export function splitTopLevel(s: string, start = 0, end = s.length): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const next = skipToken(s, i, c);
    if (next !== i) {
      i = next - 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === COMMA && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = s.slice(from, end).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}
