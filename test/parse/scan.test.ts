import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findClose, skipFdDecoration, skipString, splitArgs, splitTopLevel } from '../../src/parse/scan.js';

// The scanners as first written: a token check at every character, then brackets and commas.
// The table-driven ones in scan.ts must agree with them on any text.
function skipTokenRef(s: string, i: number, c: number): number {
  if (c === 34) {
    const e = skipString(s, i);
    return e < 0 ? s.length : e;
  }
  if (c === 47 && s.charCodeAt(i + 1) === 42) {
    const e = s.indexOf('*/', i + 2);
    return e < 0 ? s.length : e + 2;
  }
  if (c === 60) {
    if (s.charCodeAt(i + 1) === 60) return i + 2;
    if (i > 0 && s.charCodeAt(i - 1) >= 48 && s.charCodeAt(i - 1) <= 57) {
      const e = skipFdDecoration(s, i);
      return e < 0 ? s.length : e;
    }
  }
  return i;
}
// One per-character walk: `visit(c, i, depth)` sees each bracket or comma outside tokens, with the
// depth before it; it returns a result to stop with, or undefined to go on.
function walkRef(s: string, start: number, end: number, visit: (c: number, i: number, depth: number) => number | undefined): number | undefined {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const next = skipTokenRef(s, i, c);
    if (next !== i) {
      i = next - 1;
      continue;
    }
    const stop = visit(c, i, depth);
    if (stop !== undefined) return stop;
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
  }
  return undefined;
}
function findCloseRef(s: string, start: number, end = s.length): number {
  const isClose = (c: number): boolean => c === 41 || c === 93 || c === 125;
  return walkRef(s, start, end, (c, i, depth) => (isClose(c) && depth === 0 ? (c === 41 ? i : -1) : undefined)) ?? -1;
}
function splitRef(s: string, start = 0, end = s.length): string[] {
  const out: string[] = [];
  let from = start;
  walkRef(s, start, end, (c, i, depth) => {
    if (c === 44 && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
    return undefined;
  });
  const last = s.slice(from, end).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

const text = fc.string({ unit: fc.constantFrom('a', '1', ' ', ',', '(', ')', '[', ']', '{', '}', '"', '\\', '<', '>', '-', '/', '*', '\t', '\u00a0', 'é', '\u3000', 'x'), maxLength: 40 });

describe('scanners', () => {
  it('findClose and splitTopLevel agree with the per-character reference on any text', () => {
    fc.assert(
      fc.property(text, fc.nat(40), fc.nat(40), (s, a, b) => {
        const start = Math.min(a, s.length);
        const end = Math.max(start, Math.min(b, s.length));
        expect(findClose(s, start)).toBe(findCloseRef(s, start));
        expect(findClose(s, start, end)).toBe(findCloseRef(s, start, end));
        expect(splitTopLevel(s, start, end)).toEqual(splitRef(s, start, end));
        expect(splitTopLevel(s)).toEqual(splitRef(s));
        // The one-pass form: the same close and, when there is one, the same pieces.
        const args: string[] = [];
        const close = findCloseRef(s, start);
        expect(splitArgs(s, start, args)).toBe(close);
        if (close >= 0) expect(args).toEqual(splitRef(s, start, close));
      }),
      { numRuns: 20_000 },
    );
  });

  it('splits a real mmap argument list', () => {
    const s = 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, 3</a, b (c)>, 0) = 0x7f';
    const close = findClose(s, 5);
    expect(s.slice(close, close + 4)).toBe(') = ');
    expect(splitTopLevel(s, 5, close)).toEqual(['NULL', '8192', 'PROT_READ|PROT_WRITE', 'MAP_PRIVATE|MAP_ANONYMOUS', '3</a, b (c)>', '0']);
  });
});
