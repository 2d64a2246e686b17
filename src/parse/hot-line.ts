// The byte fast path's reading of a line (TraceParser.pushBytes): the lines that fill big traces,
// `PID SECONDS.MICROS NAME(ARGS) = R`, `… NAME(ARGS <unfinished ...>` and `… <... NAME resumed>) = R`
// for NAME mmap, munmap, mprotect, mremap or brk, read from the ASCII bytes of the line (typed-array
// loads, no string, no object). It accepts a line only where the general path (parseLeader,
// parseBody, decodePlain) reads the same things from its text, and says nothing of any other line;
// the parser then decides, from its state, whether the line takes the fast path.
//
// The arguments are read as decodePlain's ArgReader reads them: each as Args.num/addr/flags, up to its
// comma; a call whose arguments are not all plain (fd paths, strings, -X raw, hex lengths…) is left
// to the general path.

import { MAP } from '../model/linux.js';
import { MAP_FLAGS, MREMAP, PROT, type FlagSets } from './decode-plain.js';
import { ERRNOS } from './hot-record.js';
import { scanPidEpoch } from './leader.js';
import { toInt32 } from './values.js';

/** What scanHotLine found. */
export const NOT_HOT = 0;
/** A complete call `NAME(ARGS) = R`, R a bare number or a plain error: everything read. */
export const HOT_CALL = 1;
/** `NAME(ARGS <unfinished ...>`: args read when `args` is set (not for a file mapping). */
export const HOT_UNFINISHED = 2;
/** `<... NAME resumed>) = R`, R as for HOT_CALL. */
export const HOT_RESUMED = 3;

/** The names, their kind codes and syscall codes (hot-record.ts), and their bytes. */
const NAMES = ['mmap', 'munmap', 'mprotect', 'mremap', 'brk'] as const;
const KIND_OF = [1, 2, 3, 4, 5];
const SYSCALL_OF = [0, 4, 5, 6, 7];
const NAME_BYTES = NAMES.map((n) => Uint8Array.from(n, (c) => c.charCodeAt(0)));
/** ` <unfinished ...>` and ` resumed>` as little-endian int32 words (compared four bytes at a time) and their last byte. */
const le32 = (s: string, k: number): number => s.charCodeAt(k) | (s.charCodeAt(k + 1) << 8) | (s.charCodeAt(k + 2) << 16) | (s.charCodeAt(k + 3) << 24);
const UNFINISHED = ' <unfinished ...>';
const U0 = le32(UNFINISHED, 0);
const U1 = le32(UNFINISHED, 4);
const U2 = le32(UNFINISHED, 8);
const U3 = le32(UNFINISHED, 12);
const RESUMED = ' resumed>';
const R0 = le32(RESUMED, 0);
const R1 = le32(RESUMED, 4);
/** The value of each byte as a hex digit, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 256; c++) HEX[c] = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** A DataView of the bytes being read (made again only when they change: the reader recycles four buffers). */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let viewOf: Uint8Array | undefined;
function viewFor(b: Uint8Array): DataView<ArrayBufferLike> {
  if (b !== viewOf) {
    viewOf = b;
    view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  return view;
}

/** What the last scanHotLine read (fields as its result says). */
export const hotLine = {
  /** The body's index from the line's start, or -1 when the leader is not the usual `-f -ttt` one (pidEpoch: pid, time). */
  body: -1,
  /** Index into NAMES; its kind and syscall codes. */
  name: 0,
  kind: 0,
  syscall: 0,
  /** HOT_UNFINISHED: where the call's text ends (the ` <unfinished ...>` starts), from the line's start. */
  textEnd: 0,
  /** Whether the arguments below were read (always for HOT_CALL). */
  args: false,
  a0: 0,
  a1: 0,
  a2: 0,
  a3: 0,
  /** mremap's new address (NaN when absent) or mmap's offset. */
  a4: 0,
  /** HOT_CALL, HOT_RESUMED: the result as hot-record.ts codes it (0 ok, 2 + i error ERRNOS[i]), and its value (0 for an error). */
  result: 0,
  value: 0,
};

/** The syscall name of a hot line's `name` (the same string the general path cuts, interned). */
export const hotName = (name: number): string => NAMES[name] as string;

// The index into NAMES of the name at b[p…] (v: a view of b) followed by `next` (a byte; all of
// RESUMED when it is its space), or -1.
function nameAt(b: Uint8Array, v: DataView<ArrayBufferLike>, p: number, end: number, next: number): number {
  let n: number;
  switch (b[p]) {
    case 109: // m
      switch (b[p + 1]) {
        case 109: n = 0; break;
        case 117: n = 1; break;
        case 112: n = 2; break;
        case 114: n = 3; break;
        default: return -1;
      }
      break;
    case 98: // b
      n = 4;
      break;
    default:
      return -1;
  }
  const w = NAME_BYTES[n] as Uint8Array;
  const after = p + w.length;
  if (after >= end || b[after] !== next) return -1;
  for (let k = 2; k < w.length; k++) if (b[p + k] !== w[k]) return -1;
  // (b[p + 1] of brk is checked above only for the m names.)
  if (n === 4 && b[p + 1] !== 114) return -1;
  if (next === 32) {
    if (after + RESUMED.length > end) return -1;
    if (v.getInt32(after, true) !== R0 || v.getInt32(after + 4, true) !== R1 || b[after + 8] !== 62) return -1;
  }
  return n;
}

// plainInteger of the ASCII text b[from, end).
function plainIntegerBytes(b: Uint8Array, from: number, end: number): number {
  let j = from;
  const negative = j < end && b[j] === 45;
  if (negative) j++;
  let v = 0;
  if (j + 1 < end && b[j] === 48 && b[j + 1] === 120) {
    if (end - j - 2 < 1 || end - j - 2 > 13) return NaN;
    for (let k = j + 2; k < end; k++) {
      const d = HEX[b[k] as number] as number;
      if (d < 0) return NaN;
      v = v * 16 + d;
    }
  } else {
    if (end - j < 1 || end - j > 15) return NaN;
    for (let k = j; k < end; k++) {
      const c = b[k] as number;
      if (c < 48 || c > 57) return NaN;
      v = v * 10 + (c - 48);
    }
  }
  return negative ? -v : v;
}

// The tail after the `)` at b[from - 1] into hotLine.result and value, where parseResultTail reads
// what decodePlain reads — spaces, `= `, a bare number to the end of the line — or a plain error:
// `= -1 ERRNO` (one of ERRNOS), then nothing or ` (MESSAGE)` to the end, the message without
// parentheses, `<`, `>`, `"` or a leading INJECTED/DELAYED (no -T, injection or string for it to
// see, nothing for InfoTracker.call). False for anything else.
function resultAt(b: Uint8Array, from: number, end: number): boolean {
  let i = from;
  while (i < end && b[i] === 32) i++;
  if (i + 1 >= end || b[i] !== 61 || b[i + 1] !== 32) return false;
  i += 2;
  const value = plainIntegerBytes(b, i, end);
  if (value === value) {
    hotLine.result = 0;
    hotLine.value = value;
    return true;
  }
  // `-1 E…`
  if (i + 4 > end || b[i] !== 45 || b[i + 1] !== 49 || b[i + 2] !== 32 || b[i + 3] !== 69) return false;
  const e = i + 3;
  let j = e + 1;
  for (let c = b[j] as number; j < end && ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)); c = b[++j] as number);
  const errno = errnoAt(b, e, j);
  if (errno < 0) return false;
  if (j < end) {
    // ` (MESSAGE)` to the end.
    if (j + 3 > end || b[j] !== 32 || b[j + 1] !== 40 || b[end - 1] !== 41) return false;
    if ((b[j + 2] === 73 && startsWith(b, j + 2, end, INJECTED)) || (b[j + 2] === 68 && startsWith(b, j + 2, end, DELAYED))) return false;
    for (let k = j + 2; k < end - 1; k++) {
      const c = b[k] as number;
      if (c === 40 || c === 41 || c === 60 || c === 62 || c === 34) return false;
    }
  }
  hotLine.result = 2 + errno;
  hotLine.value = 0;
  return true;
}

const INJECTED = Uint8Array.from('INJECTED', (c) => c.charCodeAt(0));
const DELAYED = Uint8Array.from('DELAYED', (c) => c.charCodeAt(0));
const ERRNO_BYTES = ERRNOS.map((n) => Uint8Array.from(n, (c) => c.charCodeAt(0)));

function startsWith(b: Uint8Array, from: number, end: number, w: Uint8Array): boolean {
  if (from + w.length > end) return false;
  for (let k = 0; k < w.length; k++) if (b[from + k] !== w[k]) return false;
  return true;
}

// The index into ERRNOS of the errno b[from, to), or -1.
function errnoAt(b: Uint8Array, from: number, to: number): number {
  for (let n = 0; n < ERRNO_BYTES.length; n++) {
    const w = ERRNO_BYTES[n] as Uint8Array;
    if (w.length === to - from && startsWith(b, from, to, w)) return n;
  }
  return -1;
}

/**
 * decode-plain.ts ArgReader over the bytes b[from, end) of a line (`end` at the `)` or at the space
 * of ` <unfinished ...>`: reading past it stops there as past the end of the string would). Each
 * read says whether ArgReader's would give a number (not NaN) and leaves it in `v` (a double
 * returned from a function that is not inlined is boxed in a new heap number: one per argument).
 */
class ByteArgs {
  private b: Uint8Array = new Uint8Array(0);
  private i = 0;
  private end = 0;
  /** The number the last read gave. */
  v = 0;

  reset(b: Uint8Array, from: number, end: number): void {
    this.b = b;
    this.i = from;
    this.end = end;
  }

  done(): boolean {
    return this.i > this.end;
  }

  number(hex = true): boolean {
    const b = this.b;
    const from = this.i;
    if (from > this.end) return false;
    let j = from;
    let v = 0;
    if (b[j] === 78 && j + 4 <= this.end && b[j + 1] === 85 && b[j + 2] === 76 && b[j + 3] === 76) {
      j += 4;
    } else {
      const negative = b[j] === 45;
      if (negative) j++;
      if (b[j] === 48 && j + 1 < this.end && b[j + 1] === 120) {
        if (!hex) return false;
        const first = j + 2;
        // (Bounded by the end, where the string's reading stops too: at the `)`, or past its end.)
        for (j = first; j < this.end; j++) {
          const d = HEX[b[j] as number] as number;
          if (d < 0) break;
          v = v * 16 + d;
        }
        if (j - first < 1 || j - first > 13) return false;
      } else {
        const first = j;
        for (; j < this.end; j++) {
          const c = b[j] as number;
          if (!(c >= 48 && c <= 57)) break;
          v = v * 10 + (c - 48);
        }
        if (j - first < 1 || j - first > 15 || (b[from] === 48 && j - from > 1)) return false;
      }
      if (negative) v = -v;
    }
    this.v = v;
    return this.next(j);
  }

  addr(hex = true): boolean {
    return this.number(hex) && this.v >= 0;
  }

  flags(sets: FlagSets): boolean {
    const b = this.b;
    let to = this.i;
    while (to < this.end && b[to] !== 44) to++;
    if (this.i > this.end) return false;
    const v = sets.readBytes(b, this.i, to);
    this.v = v;
    return v === v && this.next(to);
  }

  private next(j: number): boolean {
    if (j === this.end) {
      this.i = j + 1;
      return true;
    }
    if (this.b[j] !== 44 || j > this.end) return false;
    j++;
    while (j < this.end && this.b[j] === 32) j++;
    this.i = j;
    return true;
  }
}

const args = new ByteArgs();

// Reads the arguments of call `name` (b[from, end)) into hotLine as decodePlain would; false when
// decodePlain would not take them, or would give an event that is not a hot record (a file mapping).
// (At the first argument that is not a number: decodePlain reads on, but its event is then not one.)
function readArgs(name: number, b: Uint8Array, from: number, end: number): boolean {
  const h = hotLine;
  const a = args;
  a.reset(b, from, end);
  switch (name) {
    case 0: {
      if (!addrLength(a) || !a.flags(PROT)) return false;
      h.a2 = a.v;
      if (!a.flags(MAP_FLAGS)) return false;
      const flags = a.v;
      h.a3 = flags;
      if (!a.number()) return false;
      const fdNumber = a.v;
      if (!a.addr()) return false;
      h.a4 = a.v;
      if (!a.done()) return false;
      return (flags & MAP.ANONYMOUS) !== 0 || toInt32(fdNumber) < 0;
    }
    case 1:
      return addrLength(a) && a.done();
    case 4:
      if (!a.addr()) return false;
      h.a0 = a.v;
      h.a1 = 0;
      return a.done();
    case 2:
      if (!addrLength(a) || !a.flags(PROT)) return false;
      h.a2 = a.v;
      return a.done();
    default: {
      if (!addrLength(a) || !a.addr()) return false;
      h.a2 = a.v;
      if (!a.flags(MREMAP)) return false;
      h.a3 = a.v;
      // (An absent new address is NaN in the record, as undefined.)
      h.a4 = NaN;
      if (!a.done()) {
        if (!a.addr()) return false;
        h.a4 = a.v;
      }
      return a.done();
    }
  }
}

// The address and the (decimal) length that mmap, munmap, mprotect and mremap start with, into a0, a1.
function addrLength(a: ByteArgs): boolean {
  if (!a.addr()) return false;
  hotLine.a0 = a.v;
  if (!a.addr(false)) return false;
  hotLine.a1 = a.v;
  return true;
}

/**
 * Reads the ASCII line b[start, end) (its text exactly); returns NOT_HOT or the form it has, with
 * what was read in hotLine (and, whenever hotLine.body >= 0, the leader's pid and time in pidEpoch).
 */
export function scanHotLine(b: Uint8Array, start: number, end: number): number {
  const h = hotLine;
  const body = scanPidEpoch(b, start, end);
  h.body = body;
  if (body < 0) return NOT_HOT;
  const p = start + body;
  const v = viewFor(b);
  if (b[p] === 60) {
    // `<... NAME resumed>)`
    if (p + 5 >= end || b[p + 1] !== 46 || b[p + 2] !== 46 || b[p + 3] !== 46 || b[p + 4] !== 32) return NOT_HOT;
    const name = nameAt(b, v, p + 5, end, 32);
    if (name < 0) return NOT_HOT;
    const close = p + 5 + (NAME_BYTES[name] as Uint8Array).length + 9;
    if (close >= end || b[close] !== 41) return NOT_HOT;
    if (!resultAt(b, close + 1, end)) return NOT_HOT;
    setName(name);
    return HOT_RESUMED;
  }
  const name = nameAt(b, v, p, end, 40);
  if (name < 0) return NOT_HOT;
  const open = p + (NAME_BYTES[name] as Uint8Array).length;
  setName(name);
  if (b[end - 1] === 62) {
    // parseCall: a line ending in `>` is an unfinished half, or a call for the general path.
    const textEnd = end - 17;
    if (textEnd <= open) return NOT_HOT;
    if (v.getInt32(textEnd, true) !== U0 || v.getInt32(textEnd + 4, true) !== U1 || v.getInt32(textEnd + 8, true) !== U2 || v.getInt32(textEnd + 12, true) !== U3) return NOT_HOT;
    h.textEnd = textEnd - start;
    h.args = readArgs(name, b, open + 1, textEnd);
    return HOT_UNFINISHED;
  }
  let close = open + 1;
  while (close < end && b[close] !== 41) close++;
  if (close === end || !readArgs(name, b, open + 1, close)) return NOT_HOT;
  if (!resultAt(b, close + 1, end)) return NOT_HOT;
  h.args = true;
  return HOT_CALL;
}

function setName(name: number): void {
  hotLine.name = name;
  hotLine.kind = KIND_OF[name] as number;
  hotLine.syscall = SYSCALL_OF[name] as number;
}
