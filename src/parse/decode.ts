// A complete call text `name(args) = R …` → one typed event (+ a problem when
// a known call's arguments could not be decoded: it is then kept as `syscall`).

import type { VmEvent } from '../model/events.js';
import { Args, DecodeError } from './args.js';
import { decodeFd } from './decode-fd.js';
import { decodeMemory } from './decode-memory.js';
import { decodeProcess } from './decode-process.js';
import { withBase, type SyscallBase } from './decode-types.js';
import { parseResultTail, type ResultTail } from './result.js';
import { splitArgs, splitTopLevel } from './scan.js';

/** Where an event sits, filled in by the joiner. */
export interface CallPlace {
  readonly step: number;
  readonly pid: number;
  readonly time?: number;
  readonly line: number;
  readonly entryLine?: number;
  readonly source?: number;
}

/** Outcome of decoding one call. */
export type CallOutcome =
  | { readonly ok: true; readonly name: string; readonly event: VmEvent; readonly tail: ResultTail; readonly args: readonly string[]; readonly problem?: string }
  | { readonly ok: false; readonly reason: string };

// `(INJECTED)` from error=/retval= injection: the kernel never ran the call; `(INJECTED: args)` (poke) did run.
function isSkipped(tail: ResultTail): boolean {
  return tail.injected !== undefined && tail.injected !== 'INJECTED: args';
}

// Decodes `text` (starting at the syscall name); `knownClose` is the index of the `)` closing the
// argument list when the caller has already found it (the line classifier has), else -1.
export function decodeCall(text: string, place: CallPlace, knownClose = -1): CallOutcome {
  const open = text.indexOf('(');
  if (open <= 0) return { ok: false, reason: 'no argument list' };
  let args: string[];
  let close: number;
  if (knownClose > open) {
    close = knownClose;
    args = splitTopLevel(text, open + 1, close);
  } else {
    // A joined `<unfinished ...>` + `resumed>` text (most events of a multithreaded trace): one scan.
    args = [];
    close = splitArgs(text, open + 1, args);
  }
  if (close < 0) return { ok: false, reason: 'argument list not closed' };
  const tail = parseResultTail(text, close + 1);
  if (typeof tail === 'string') return { ok: false, reason: tail };
  const name = text.slice(0, open);
  const base: SyscallBase = {
    step: place.step, pid: place.pid, time: place.time, line: place.line, entryLine: place.entryLine, source: place.source,
    syscall: name, result: tail.result, skipped: isSkipped(tail) || undefined,
  };
  const a = new Args(args);
  try {
    const event = decodeMemory(name, a, base) ?? decodeProcess(name, a, base) ?? decodeFd(name, a, base, tail);
    if (event !== undefined) return { ok: true, name, event, tail, args };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: true, name, event: withBase({ kind: 'syscall', args }, base), tail, args, problem: `${name}: ${e.message}` };
  }
  return { ok: true, name, event: withBase({ kind: 'syscall', args }, base), tail, args };
}
