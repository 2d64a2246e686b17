// Argument value decoding: numbers, symbolic flag expressions, -y/-yy fds,
// strings and string arrays, -N names. Every failure is a string reason.

import { unescapeStrace } from './escape.js';
import { skipString, splitTopLevel } from './scan.js';

/** A decoded value or the reason it could not be decoded. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(reason: string): Decoded<T> => ({ ok: false, reason });

// Drops a -X verbose comment (`0x3 /* PROT_READ|PROT_WRITE */`) and a -N name (`addr=NULL`).
export function bareValue(text: string): string {
  let t = text;
  const c = t.indexOf(' /*');
  if (c > 0 && t.endsWith('*/')) t = t.slice(0, c);
  return stripName(t);
}

// Removes a leading `name=` (identifier followed by `=`, not `==`).
export function stripName(t: string): string {
  let i = 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ident = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (i > 0 && c >= 48 && c <= 57);
    if (!ident) break;
  }
  return i > 0 && t.charCodeAt(i) === 61 && t.charCodeAt(i + 1) !== 61 ? t.slice(i + 1) : t;
}

// Name of a -N / clone `name=value` argument, or undefined.
export function argName(t: string): string | undefined {
  const s = stripName(t);
  return s === t ? undefined : t.slice(0, t.length - s.length - 1);
}

// A signed bare decimal or `0x` hex integer filling s[from, end), with fewer digits than a double
// holds exactly (most arguments and results: `4096`, `0x7f3c2a000000`, `-1`), read in one pass with
// no slices; NaN for anything else. Leading zeros read as decimal (callers that mean octal check first).
export function plainInteger(s: string, from: number, end = s.length): number {
  const n = end;
  let j = from;
  const negative = s.charCodeAt(j) === 45;
  if (negative) j++;
  let v = 0;
  if (s.charCodeAt(j) === 48 && j + 1 < n && s.charCodeAt(j + 1) === 120) {
    if (n - j - 2 < 1 || n - j - 2 > 13) return NaN;
    for (let k = j + 2; k < n; k++) {
      const c = s.charCodeAt(k);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) return NaN;
      v = v * 16 + d;
    }
  } else {
    if (n - j < 1 || n - j > 15) return NaN;
    for (let k = j; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) return NaN;
      v = v * 10 + (c - 48);
    }
  }
  return negative ? -v : v;
}

// The common numbers parseNumber reads (bare decimal or hex, not octal), without its Decoded
// object; NaN for anything else, which parseNumber then reads (or rejects).
// (`text[from, end)` when given: the same reading of an argument not cut out of its line.)
export function quickNumber(text: string, from = 0, end = text.length): number {
  // `0…` (not `0x…`) is octal here: that one takes the slow path.
  const octal = text.charCodeAt(from) === 48 && end - from > 1 && text.charCodeAt(from + 1) !== 120;
  return octal ? NaN : plainInteger(text, from, end);
}

// `NULL`, decimal (signed), `0x…` hex, `0…` octal; Number.isSafeInteger checked.
export function parseNumber(text: string): Decoded<number> {
  const quick = quickNumber(text);
  if (!Number.isNaN(quick)) return ok(quick);
  const t = bareValue(text.trim());
  if (t === 'NULL') return ok(0);
  let v: number;
  if (t.startsWith('0x')) v = t.length > 2 && /^0x[0-9a-fA-F]+$/.test(t) ? Number(t) : NaN;
  else if (t.startsWith('-0x')) v = /^-0x[0-9a-fA-F]+$/.test(t) ? -Number(t.slice(1)) : NaN;
  else if (/^-?\d+$/.test(t)) v = t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t);
  else return fail(`not a number: ${t.slice(0, 60)}`);
  if (!Number.isSafeInteger(v)) return fail(`number out of safe range: ${t.slice(0, 60)}`);
  return ok(v);
}

// A number as a 32-bit signed int (raw fds: 0xffffffff → -1).
export const toInt32 = (v: number): number => (v >= 0x80000000 && v <= 0xffffffff ? v - 0x100000000 : v);

// A number read as a 32-bit signed int.
export function parseInt32(text: string): Decoded<number> {
  const r = parseNumber(text);
  if (!r.ok) return r;
  return ok(toInt32(r.value));
}

// Bitwise or of two non-negative safe integers (JS `|` is 32-bit signed).
export function orBits(a: number, b: number): number {
  const hi = Math.floor(a / 0x100000000) | Math.floor(b / 0x100000000);
  return hi * 0x100000000 + (((a >>> 0) | (b >>> 0)) >>> 0);
}

// Results by flags text, per table: a trace repeats a handful of flag sets (`PROT_READ|PROT_WRITE`,
// `MAP_PRIVATE|MAP_ANONYMOUS`) millions of times. Bounded, so hostile input cannot grow it.
const FLAG_MEMO_MAX = 4096;
const flagMemo = new WeakMap<ReadonlyMap<string, number>, Map<string, Decoded<number>>>();

// `A|B|0x40|21<<MAP_HUGE_SHIFT` → bits, names looked up in `table`.
export function parseFlags(text: string, table: ReadonlyMap<string, number>): Decoded<number> {
  let memo = flagMemo.get(table);
  if (memo === undefined) {
    memo = new Map();
    flagMemo.set(table, memo);
  }
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = decodeFlags(text, table);
  if (memo.size < FLAG_MEMO_MAX) memo.set(text, result);
  return result;
}

function decodeFlags(text: string, table: ReadonlyMap<string, number>): Decoded<number> {
  const t = bareValue(text.trim());
  if (t === '') return fail('empty flags');
  let v = 0;
  for (const raw of t.split('|')) {
    const part = raw.trim();
    const sym = table.get(part);
    if (sym !== undefined) {
      v = orBits(v, sym);
      continue;
    }
    const shift = part.indexOf('<<');
    if (shift > 0) {
      const n = parseNumber(part.slice(0, shift));
      const s = table.get(part.slice(shift + 2)) ?? parseNumber(part.slice(shift + 2)).ok;
      if (!n.ok || typeof s !== 'number') return fail(`unknown shift ${part}`);
      v = orBits(v, n.value * 2 ** s);
      continue;
    }
    const n = parseNumber(part);
    if (!n.ok) return fail(`unknown flag ${part.slice(0, 60)}`);
    v = orBits(v, n.value >= 0 ? n.value : n.value >>> 0);
  }
  if (!Number.isSafeInteger(v)) return fail(`flags out of range: ${t.slice(0, 60)}`);
  return ok(v);
}

/** An fd argument, with its -y/-yy decoration decoded. */
export interface FdValue {
  readonly fd: number;
  readonly path?: string;
  /** -yy device/socket detail (`char 1:5`, `TCP:[…]`). */
  readonly detail?: string;
  readonly deleted?: boolean;
  /** `AT_FDCWD` and friends. */
  readonly symbol?: string;
}

// `3`, `-1`, `0xffffffff` (raw), `AT_FDCWD`, `3</path>`, `3</dev/zero<char 1:5>>`, `4</x>(deleted)`, `4</x (deleted)>`.
export function parseFd(text: string): Decoded<FdValue> {
  // A bare fd (`-1`, `3`; most mmaps): what parseInt32 would read, without the trims and searches.
  const quick = quickNumber(text);
  if (!Number.isNaN(quick)) return ok({ fd: toInt32(quick) });
  const t = stripName(text.trim());
  if (t.startsWith('AT_FDCWD')) {
    const lt = t.indexOf('<');
    return ok({ fd: -100, symbol: 'AT_FDCWD', path: lt > 0 && t.endsWith('>') ? unescapeStrace(t, lt + 1, t.length - 1) : undefined });
  }
  const lt = t.indexOf('<');
  if (lt < 0) {
    const n = parseInt32(t);
    return n.ok ? ok({ fd: n.value }) : n;
  }
  const n = parseInt32(t.slice(0, lt));
  if (!n.ok) return n;
  let end = t.length;
  let deleted = false;
  if (t.endsWith('>(deleted)')) {
    deleted = true;
    end -= '(deleted)'.length;
  }
  if (t.charCodeAt(end - 1) !== 62) return fail(`bad fd decoration: ${t.slice(0, 60)}`);
  let inner = t.slice(lt + 1, end - 1);
  let detail: string | undefined;
  // -yy: a nested `<…>` at the end holds device/socket detail.
  if (inner.endsWith('>')) {
    const open = inner.lastIndexOf('<');
    if (open >= 0) {
      detail = inner.slice(open + 1, -1);
      inner = inner.slice(0, open);
    }
  }
  if (inner.endsWith(' (deleted)')) {
    deleted = true;
    inner = inner.slice(0, -' (deleted)'.length);
  }
  const path = unescapeStrace(inner);
  return ok({ fd: n.value, path, detail, deleted: deleted || undefined });
}

/** A quoted string, `...`-truncation noted. */
export interface StringValue {
  readonly text: string;
  readonly truncated: boolean;
}

// `"…"` or `"…"...`; NULL → undefined value.
export function parseString(text: string): Decoded<StringValue | undefined> {
  const t = bareValue(text.trim());
  if (t === 'NULL' || t === '0') return ok(undefined);
  if (t.charCodeAt(0) !== 34) return fail(`not a string: ${t.slice(0, 60)}`);
  const end = skipString(t, 0);
  if (end < 0) return fail('unterminated string');
  const rest = t.slice(end);
  if (rest !== '' && rest !== '...') return fail(`junk after string: ${rest.slice(0, 60)}`);
  return ok({ text: unescapeStrace(t, 1, end - 1), truncated: rest === '...' });
}

// `["a", "b", ...]` → strings; a trailing `...` marks truncation.
export function parseStringArray(text: string): Decoded<{ readonly items: readonly string[]; readonly truncated: boolean }> {
  const t = bareValue(text.trim());
  if (t.charCodeAt(0) !== 91 || !t.endsWith(']')) return fail(`not an array: ${t.slice(0, 60)}`);
  const items: string[] = [];
  let truncated = false;
  for (const part of splitTopLevel(t, 1, t.length - 1)) {
    if (part === '...') {
      truncated = true;
      continue;
    }
    const s = parseString(part);
    if (!s.ok) return s;
    if (s.value === undefined) continue;
    items.push(s.value.text);
    truncated ||= s.value.truncated;
  }
  return ok({ items, truncated });
}

// `{a=1, b={…}}` → field texts by name (top level only).
export function parseStruct(text: string): ReadonlyMap<string, string> {
  const t = text.trim();
  const out = new Map<string, string>();
  if (t.charCodeAt(0) !== 123) return out;
  const close = t.lastIndexOf('}');
  for (const part of splitTopLevel(t, 1, close < 0 ? t.length : close)) {
    const name = argName(part);
    if (name !== undefined) out.set(name, part.slice(name.length + 1));
  }
  return out;
}
