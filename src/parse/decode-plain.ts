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
import { parseFlags, plainInteger, toInt32 } from './values.js';

// Characters of a plain argument: letters, digits, `_`, `|`, `-`.
export const isPlain = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 124 || c === 45;

export const hexDigit = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

/**
 * Reads the arguments s[from, end) of the call being decoded (up to its `)`, or the end of an
 * unfinished half) one after another, each up to its comma; the spaces after a comma are skipped.
 * A reader gives NaN for an argument that is not plain in its sense, and a call is accepted only if
 * all its arguments read and none is left (done): then the text holds nothing but plain characters,
 * commas and spaces, and splitTopLevel would have cut it at the same commas, as nothing can nest.
 */
class ArgReader {
  private s = '';
  private i = 0;
  private end = 0;

  reset(s: string, from: number, end: number): void {
    this.s = s;
    this.i = from;
    this.end = end;
  }

  // Whether every argument has been read.
  done(): boolean {
    return this.i > this.end;
  }

  // The next argument as Args.num reads it — NULL, or a bare (not octal) decimal or `0x` number:
  // quickNumber's cases, read in the same pass that finds its end — else NaN. `hex`: whether a
  // `0x` number is taken (see the top for why a length is not).
  number(hex = true): number {
    const s = this.s;
    const from = this.i;
    if (from > this.end) return NaN;
    let j = from;
    let v = 0;
    if (s.charCodeAt(j) === 78 && s.startsWith('NULL', j)) {
      j += 4;
    } else {
      const negative = s.charCodeAt(j) === 45;
      if (negative) j++;
      if (s.charCodeAt(j) === 48 && j + 1 < this.end && s.charCodeAt(j + 1) === 120) {
        if (!hex) return NaN;
        const first = j + 2;
        for (j = first; ; j++) {
          const d = hexDigit(s.charCodeAt(j));
          if (d < 0) break;
          v = v * 16 + d;
        }
        if (j - first < 1 || j - first > 13) return NaN;
      } else {
        const first = j;
        for (; ; j++) {
          const c = s.charCodeAt(j);
          if (!(c >= 48 && c <= 57)) break; // (NaN past the end too)
          v = v * 10 + (c - 48);
        }
        // quickNumber leaves `0…` (octal) to parseNumber.
        if (j - first < 1 || j - first > 15 || (s.charCodeAt(from) === 48 && j - from > 1)) return NaN;
      }
      if (negative) v = -v;
    }
    return this.next(j) ? v : NaN;
  }

  // The next argument as Args.addr reads it (a number, not negative); else NaN.
  addr(hex = true): number {
    const v = this.number(hex);
    return v >= 0 ? v : NaN;
  }

  // The next argument as Args.flags reads it with the table of `sets`; else NaN.
  flags(sets: FlagSets): number {
    let to = this.s.indexOf(',', this.i);
    if (to < 0 || to > this.end) to = this.end;
    const v = this.i > this.end ? NaN : sets.read(this.s, this.i, to);
    return this.next(to) ? v : NaN;
  }

  // Moves past an argument that ended at `j`: false unless a comma or the end of the list is there.
  private next(j: number): boolean {
    if (j === this.end) {
      this.i = j + 1;
      return true;
    }
    if (this.s.charCodeAt(j) !== 44 || j > this.end) return false;
    j++;
    while (j < this.end && this.s.charCodeAt(j) === 32) j++;
    this.i = j;
    return true;
  }
}

const args = new ArgReader();

/** The flag sets a table has decoded lately, compared in place (no argument string to cut or hash). */
export class FlagSets {
  private readonly texts: string[] = [];
  /** Each text's character codes (plain characters: ASCII), for readBytes. */
  private readonly codes: Uint8Array[] = [];
  private readonly values: number[] = [];

  constructor(private readonly table: ReadonlyMap<string, number>) {}

  // s[from, to) as Args.flags reads it; NaN when parseFlags rejects it or it is not plain (or a `0x`
  // number: -X raw, see the top).
  read(s: string, from: number, to: number): number {
    const length = to - from;
    for (let j = 0; j < this.texts.length; j++) {
      const t = this.texts[j] as string;
      if (t.length === length && s.startsWith(t, from)) return this.values[j] as number;
    }
    if (length === 0 || (s.charCodeAt(from) === 48 && s.charCodeAt(from + 1) === 120)) return NaN;
    for (let i = from; i < to; i++) if (!isPlain(s.charCodeAt(i))) return NaN;
    return this.decode(s.slice(from, to));
  }

  /**
   * read() of the ASCII text held as b[from, to), where b[to] is a byte of the same line (a `,`, `)`
   * or the space before `<unfinished ...>`: what follows an argument).
   */
  readBytes(b: Uint8Array, from: number, to: number): number {
    const length = to - from;
    for (let j = 0; j < this.codes.length; j++) {
      const t = this.codes[j] as Uint8Array;
      if (t.length !== length) continue;
      let k = 0;
      while (k < length && t[k] === b[from + k]) k++;
      if (k === length) return this.values[j] as number;
    }
    if (length === 0 || (b[from] === 48 && b[from + 1] === 120)) return NaN;
    let text = '';
    for (let i = from; i < to; i++) {
      const c = b[i] as number;
      if (!isPlain(c)) return NaN;
      text += String.fromCharCode(c);
    }
    return this.decode(text);
  }

  // A plain text not seen lately, decoded by parseFlags (NaN when rejected) and remembered.
  private decode(text: string): number {
    const d = parseFlags(text, this.table);
    if (!d.ok) return NaN;
    // A trace repeats a handful of sets; a few slots hold them (and bound hostile input).
    if (this.texts.length < 16) {
      this.texts.push(text);
      this.codes.push(Uint8Array.from(text, (c) => c.charCodeAt(0)));
      this.values.push(d.value);
    }
    return d.value;
  }
}

export const PROT = new FlagSets(PROT_TABLE);
export const MAP_FLAGS = new FlagSets(MAP_TABLE);
export const MREMAP = new FlagSets(MREMAP_TABLE);

// The event of a plain call `name`, whose arguments are text[open + 1, close) and whose result tail
// is tail[tailFrom…] (the same string for a complete line; the unfinished and resumed halves of a
// split one); undefined when it is not one of those calls in plain form.
export function decodePlain(name: string, text: string, open: number, close: number, tail: string, tailFrom: number, place: CallPlace): VmEvent | undefined {
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
  args.reset(text, open + 1, close);
  switch (name) {
    case 'mmap':
      return plainMmap(base);
    case 'munmap': {
      const addr = args.addr();
      const length = args.addr(false);
      return Number.isNaN(addr + length) || !args.done() ? undefined : munmapEvent(addr, length, base);
    }
    case 'mprotect': {
      const addr = args.addr();
      const length = args.addr(false);
      const prot = args.flags(PROT);
      return Number.isNaN(addr + length + prot) || !args.done() ? undefined : mprotectEvent(addr, length, prot, base);
    }
    case 'mremap': {
      const oldAddr = args.addr();
      const oldLength = args.addr(false);
      const newLength = args.addr();
      const flags = args.flags(MREMAP);
      if (Number.isNaN(oldAddr + oldLength + newLength + flags)) return undefined;
      const newAddr = args.done() ? undefined : args.addr();
      return Number.isNaN(newAddr) || !args.done() ? undefined : mremapEvent(oldAddr, oldLength, newLength, flags, newAddr, base);
    }
    case 'brk': {
      const addr = args.addr();
      return Number.isNaN(addr) || !args.done() ? undefined : brkEvent(addr, base);
    }
    default:
      return undefined;
  }
}

// mmap(addr, length, prot, flags, fd, offset) as decode-memory.ts decodeMmap reads it.
function plainMmap(base: SyscallBase): VmEvent | undefined {
  const addr = args.addr();
  const length = args.addr(false);
  const prot = args.flags(PROT);
  const flags = args.flags(MAP_FLAGS);
  const fdNumber = args.number();
  const offset = args.addr();
  if (Number.isNaN(addr + length + prot + flags + fdNumber + offset) || !args.done()) return undefined;
  const fd = toInt32(fdNumber);
  const anon = (flags & MAP.ANONYMOUS) !== 0 || fd < 0;
  return mmapEvent(addr, length, prot, flags, offset, anon ? undefined : { fd, path: undefined, deleted: undefined }, base);
}
