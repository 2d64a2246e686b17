// The text the event log keeps per event (events.event). The calls that fill a trace — mmap,
// munmap, mprotect, mremap, brk — are kept as a short JSON array, the rest as the event's JSON
// object (event-json.ts). The object spells every key and repeats step and pid, which are columns
// of the row: ~220 bytes for an mmap against ~65 as an array, and the events table's bytes are
// most of what an import costs SQLite (inserting rows with 40-byte instead of 220-byte event texts
// took 1.5 instead of 2.5 µs per row, measured on 300k churn rows).
//
// Array form: [syscall, time, line, entryLine, source, result, skipped, ...arguments] where
// result is the return value, the errno name (a string) for an error, or null for `= ?`; time,
// entryLine and source are null when the event has none; skipped is 0 (absent), 1 (true) or 2
// (false); the arguments are those of the kind, in its field order: mmap addr, length, prot,
// flags, offset; munmap addr, length; mprotect addr, length, prot; mremap oldAddr, oldLength,
// newLength, flags, newAddr (null when absent); brk addr. An mmap with a file or a mapping a live
// recording saw (`seen`) stays an object. eventFromText gives back exactly the object
// JSON.parse(eventJson(e)) gives: the same keys in the same order.

import type { SyscallCommon, VmEvent } from '../model/events.js';
import { eventJson } from './event-json.js';
import { intText } from './int-text.js';

type ArrayKind = 'mmap' | 'munmap' | 'mprotect' | 'mremap' | 'brk';

/** Each syscall that may be stored as an array, and the only kind it may have then. */
const KIND_OF: Readonly<Record<string, ArrayKind>> = {
  mmap: 'mmap',
  mmap2: 'mmap',
  old_mmap: 'mmap',
  mmap_pgoff: 'mmap',
  munmap: 'munmap',
  mprotect: 'mprotect',
  mremap: 'mremap',
  brk: 'brk',
  break: 'brk',
};

const finite = Number.isFinite;

// The fields every array starts with, or undefined when a number there is not one JSON can hold.
function headText(c: SyscallCommon): string | undefined {
  const r = c.result;
  let result: string;
  if (r.kind === 'ok') {
    if (!finite(r.value)) return undefined;
    result = intText(r.value);
  } else result = r.kind === 'error' ? JSON.stringify(r.errno) : 'null';
  if (c.time !== undefined && !finite(c.time)) return undefined;
  const time = c.time === undefined ? 'null' : intText(c.time);
  const skipped = c.skipped === undefined ? 0 : c.skipped ? 1 : 2;
  return `["${c.syscall}",${time},${c.line},${c.entryLine ?? 'null'},${c.source ?? 'null'},${result},${skipped}`;
}

// The arguments of an array-form event (after a comma), or undefined when the event does not fit the array form.
function argsText(e: VmEvent): string | undefined {
  switch (e.kind) {
    case 'mmap':
      if (e.file !== undefined || e.seen !== undefined || !(finite(e.addr) && finite(e.length) && finite(e.prot) && finite(e.flags) && finite(e.offset))) return undefined;
      return `,${intText(e.addr)},${intText(e.length)},${e.prot},${e.flags},${intText(e.offset)}]`;
    case 'munmap':
      if (!(finite(e.addr) && finite(e.length))) return undefined;
      return `,${intText(e.addr)},${intText(e.length)}]`;
    case 'mprotect':
      if (e.pkey !== undefined || !(finite(e.addr) && finite(e.length) && finite(e.prot))) return undefined;
      return `,${intText(e.addr)},${intText(e.length)},${e.prot}]`;
    case 'mremap': {
      const to = e.newAddr;
      if (!(finite(e.oldAddr) && finite(e.oldLength) && finite(e.newLength) && finite(e.flags) && (to === undefined || finite(to)))) return undefined;
      return `,${intText(e.oldAddr)},${intText(e.oldLength)},${intText(e.newLength)},${e.flags},${to === undefined ? 'null' : intText(to)}]`;
    }
    case 'brk':
      return finite(e.addr) ? `,${intText(e.addr)}]` : undefined;
    default:
      return undefined;
  }
}

/** What events.event holds for `e`: the array form when it fits, else eventJson(e). */
export function eventText(e: VmEvent): string {
  if (e.spawnedBy !== undefined || KIND_OF[(e as Partial<SyscallCommon>).syscall ?? ''] !== e.kind) return eventJson(e);
  const args = argsText(e);
  const head = args === undefined ? undefined : headText(e as VmEvent & SyscallCommon);
  return head === undefined ? eventJson(e) : head + (args as string);
}

type Fields = Record<string, unknown>;

/** The event stored as `text` in the row of `step` and `pid`: JSON.parse(eventJson(e)) for the e that eventText was given. */
export function eventFromText(text: string, step: number, pid: number): VmEvent {
  if (text.charCodeAt(0) !== 0x5b /* [ */) return JSON.parse(text) as VmEvent;
  const a = JSON.parse(text) as unknown[];
  const syscall = a[0] as string;
  const kind = KIND_OF[syscall];
  let e: Fields;
  switch (kind) {
    case 'mmap':
      e = { kind, addr: a[7], length: a[8], prot: a[9], flags: a[10], offset: a[11] };
      break;
    case 'munmap':
      e = { kind, addr: a[7], length: a[8] };
      break;
    case 'mprotect':
      e = { kind, addr: a[7], length: a[8], prot: a[9] };
      break;
    case 'mremap':
      e = { kind, oldAddr: a[7], oldLength: a[8], newLength: a[9], flags: a[10] };
      if (a[11] !== null) e.newAddr = a[11];
      break;
    case 'brk':
      e = { kind, addr: a[7] };
      break;
    default:
      throw new Error(`stored event: ${JSON.stringify(syscall)} is not a call kept as an array`);
  }
  // The fields every syscall event has, in the order event-json.ts writes them.
  e.step = step;
  e.pid = pid;
  if (a[1] !== null) e.time = a[1];
  e.line = a[2];
  if (a[3] !== null) e.entryLine = a[3];
  if (a[4] !== null) e.source = a[4];
  e.syscall = syscall;
  const r = a[5];
  e.result = r === null ? { kind: 'none' } : typeof r === 'string' ? { kind: 'error', errno: r } : { kind: 'ok', value: r };
  if (a[6] !== 0) e.skipped = a[6] === 1;
  return e as unknown as VmEvent;
}
