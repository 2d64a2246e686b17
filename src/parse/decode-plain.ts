// Fast path of decodeCall for the calls that fill big traces (mmap, munmap, mprotect, mremap, brk)
// in their plain form: every argument a bare number, NULL or `|`-joined flag names, the result a
// bare number. Reads them where they are in the line (no argument strings, Args, Decoded objects or,
// for a resumed call, joined text) and builds the event decode-memory.ts builds from them. Anything
// else gives undefined, and the caller takes the general path (nothing here has a side effect).
//
// For the calls this accepts, InfoTracker.call has nothing to note: no `<…>` fd paths, strings, -N
// names, -T durations, injections or fd results, and no hex length or flags (raw, -X raw) — those
// lines are left to the general path — so the caller skips it.

import type { VmEvent } from '../model/events.js';
import { MAP } from '../model/linux.js';
import type { CallPlace } from './decode.js';
import type { SyscallBase } from './decode-types.js';
import { brkEvent, mmapEvent, mprotectEvent, mremapEvent, munmapEvent } from './decode-memory.js';
import { MAP_TABLE, MREMAP_TABLE, PROT_TABLE } from './tables.js';
import { parseFlags, plainInteger, quickNumber, toInt32 } from './values.js';

/** Most arguments of an accepted call (mmap's six). */
const MAX_ARGS = 6;
/** The arguments of the call being read: text[starts[k], ends[k]). */
const starts = new Int32Array(MAX_ARGS);
const ends = new Int32Array(MAX_ARGS);

// Characters of a plain argument: letters, digits, `_`, `|`, `-`.
const isPlain = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 124 || c === 45;

// Cuts s[from, end) (up to the closing `)`, or the end of an unfinished half) at each comma, skipping
// the spaces after it; returns the number of pieces (-1 past MAX_ARGS). Jumping from comma to comma
// with indexOf is ~3× faster than a character loop; the characters are checked afterwards, by the
// reader of each piece: a call is accepted only if every piece reads as plain (a number, NULL or
// flag names) — and then splitTopLevel would have cut it at the same places, as nothing can nest.
function cutArgs(s: string, from: number, end: number): number {
  let n = 0;
  let i = from;
  for (;;) {
    let comma = s.indexOf(',', i);
    if (comma < 0 || comma > end) comma = end;
    if (n === MAX_ARGS) return -1;
    starts[n] = i;
    ends[n] = comma;
    n++;
    if (comma === end) return n;
    i = comma + 1;
    while (i < end && s.charCodeAt(i) === 32) i++;
  }
}

// Whether every character of piece k is plain.
function isPlainArg(s: string, k: number): boolean {
  const to = ends[k] as number;
  for (let i = starts[k] as number; i < to; i++) if (!isPlain(s.charCodeAt(i))) return false;
  return true;
}

// Argument k as Args.num/addr/fd read it (NULL is 0); NaN for anything they would read another way.
function numberArg(s: string, k: number): number {
  const from = starts[k] as number;
  const to = ends[k] as number;
  if (to - from === 4 && s.startsWith('NULL', from)) return 0;
  return quickNumber(s, from, to);
}

// Argument k as Args.addr reads it; NaN when it is not plain or negative (Args.addr throws).
function addrArg(s: string, k: number): number {
  const v = numberArg(s, k);
  return v >= 0 ? v : NaN;
}

// Whether argument k starts with `0x` (raw or -X raw output: left to the general path, see the top).
const isHexArg = (s: string, k: number): boolean => s.charCodeAt(starts[k] as number) === 48 && s.charCodeAt((starts[k] as number) + 1) === 120;

/** The flag sets a table has decoded lately, compared in place (no argument string to cut or hash). */
class FlagSets {
  private readonly texts: string[] = [];
  private readonly values: number[] = [];

  constructor(private readonly table: ReadonlyMap<string, number>) {}

  // Argument k as Args.flags reads it; NaN when parseFlags rejects it.
  read(s: string, k: number): number {
    const from = starts[k] as number;
    const length = (ends[k] as number) - from;
    for (let j = 0; j < this.texts.length; j++) {
      const t = this.texts[j] as string;
      if (t.length === length && s.startsWith(t, from)) return this.values[j] as number;
    }
    if (length === 0 || !isPlainArg(s, k)) return NaN;
    const text = s.slice(from, from + length);
    const d = parseFlags(text, this.table);
    if (!d.ok) return NaN;
    // A trace repeats a handful of sets; a few slots hold them (and bound hostile input).
    if (this.texts.length < 16) {
      this.texts.push(text);
      this.values.push(d.value);
    }
    return d.value;
  }
}

const PROT = new FlagSets(PROT_TABLE);
const MAP_FLAGS = new FlagSets(MAP_TABLE);
const MREMAP = new FlagSets(MREMAP_TABLE);

// The event of a plain call `name`, whose arguments are args[open + 1, close) and whose result tail
// is tail[tailFrom…] (the same string for a complete line; the unfinished and resumed halves of a
// split one); undefined when it is not one of those calls in plain form.
export function decodePlain(name: string, args: string, open: number, close: number, tail: string, tailFrom: number, place: CallPlace): VmEvent | undefined {
  // Each call below reads all its pieces (so all are checked) and takes exactly its arity.
  const n = cutArgs(args, open + 1, close);
  // parseResultTail's quick path: ` = ` and a bare number to the end of the line.
  let i = tailFrom;
  while (tail.charCodeAt(i) === 32) i++;
  if (tail.charCodeAt(i) !== 61 || tail.charCodeAt(i + 1) !== 32) return undefined;
  const value = plainInteger(tail, i + 2);
  if (Number.isNaN(value)) return undefined;
  const base: SyscallBase = {
    step: place.step, pid: place.pid, time: place.time, line: place.line, entryLine: place.entryLine, source: place.source,
    syscall: name, result: { kind: 'ok', value }, skipped: undefined,
  };
  switch (name) {
    case 'mmap':
      return n !== 6 ? undefined : plainMmap(args, base);
    case 'munmap': {
      if (n !== 2 || isHexArg(args, 1)) return undefined;
      const addr = addrArg(args, 0);
      const length = addrArg(args, 1);
      return Number.isNaN(addr + length) ? undefined : munmapEvent(addr, length, base);
    }
    case 'mprotect': {
      if (n !== 3 || isHexArg(args, 1) || isHexArg(args, 2)) return undefined;
      const addr = addrArg(args, 0);
      const length = addrArg(args, 1);
      const prot = PROT.read(args, 2);
      return Number.isNaN(addr + length + prot) ? undefined : mprotectEvent(addr, length, prot, base);
    }
    case 'mremap': {
      if ((n !== 4 && n !== 5) || isHexArg(args, 1)) return undefined;
      const oldAddr = addrArg(args, 0);
      const oldLength = addrArg(args, 1);
      const newLength = addrArg(args, 2);
      const flags = MREMAP.read(args, 3);
      const newAddr = n > 4 ? addrArg(args, 4) : undefined;
      if (Number.isNaN(oldAddr + oldLength + newLength + flags) || Number.isNaN(newAddr)) return undefined;
      return mremapEvent(oldAddr, oldLength, newLength, flags, newAddr, base);
    }
    case 'brk': {
      if (n !== 1) return undefined;
      const addr = addrArg(args, 0);
      return Number.isNaN(addr) ? undefined : brkEvent(addr, base);
    }
    default:
      return undefined;
  }
}

// mmap(addr, length, prot, flags, fd, offset) as decode-memory.ts decodeMmap reads it.
function plainMmap(s: string, base: SyscallBase): VmEvent | undefined {
  if (isHexArg(s, 1) || isHexArg(s, 2)) return undefined;
  const addr = addrArg(s, 0);
  const length = addrArg(s, 1);
  const prot = PROT.read(s, 2);
  const flags = MAP_FLAGS.read(s, 3);
  const fdNumber = numberArg(s, 4);
  const offset = addrArg(s, 5);
  if (Number.isNaN(addr + length + prot + flags + fdNumber + offset)) return undefined;
  const fd = toInt32(fdNumber);
  const anon = (flags & MAP.ANONYMOUS) !== 0 || fd < 0;
  return mmapEvent(addr, length, prot, flags, offset, anon ? undefined : { fd, path: undefined, deleted: undefined }, base);
}
