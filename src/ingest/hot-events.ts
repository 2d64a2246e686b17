// The calls that fill a trace (mmap, munmap, mprotect, mremap, brk), carried from the parse worker
// to the main thread as numbers in a Float64Array beside their stored text, so that the main thread —
// the busier one — builds them with one object literal instead of parsing text (~1.5 µs per event).
// decodeHot(encode(e)) equals JSON.parse(JSON.stringify(e)) (test/ingest/hot-events.test.ts);
// anything else (a mapped file, a rare errno, a spawn hint, a pkey, another syscall name) is
// not encoded and travels as text only.

import { ERRNOS, HOT_SLOTS, KINDS, SYSCALLS } from '../parse/hot-record.js';
import type { BrkEvent, MmapEvent, MprotectEvent, MremapEvent, MunmapEvent, SyscallResult, VmEvent } from '../model/events.js';

export { HOT_SLOTS, KINDS, SYSCALLS, ERRNOS };

const SYSCALL_KIND: readonly number[] = [1, 1, 1, 1, 2, 3, 4, 5, 5];
/** The syscall codes of each kind code. */
const KIND_SYSCALLS: readonly (readonly number[])[] = KINDS.map((_, k) => SYSCALLS.flatMap((_s, i) => (SYSCALL_KIND[i] === k ? [i] : [])));
const ERRNO_CODE: ReadonlyMap<string, number> = new Map(ERRNOS.map((s, i) => [s, i]));
const ERRORS: readonly SyscallResult[] = ERRNOS.map((errno) => ({ kind: 'error', errno }));

// Slots (parse/hot-record.ts): step and pid are written for every event (one not encoded is read from
// its text, whose array form names neither — stepAndPid); 11… mmap addr, length, prot, flags, offset;
// munmap addr, length; mprotect addr, length, prot; mremap oldAddr, oldLength, newLength, flags,
// newAddr; brk addr.
const opt = (v: number | undefined): number => (v === undefined ? NaN : v);
const finiteOrAbsent = (v: number | undefined): boolean => v === undefined || Number.isFinite(v);
const back = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);

// The code of syscall `name` when it may have kind code `kind`, else -1. Compared, not looked up:
// the name was cut from the line, and a keyed lookup with such a string hashes it every time (~a
// third of encoding an event, measured).
function syscallCode(kind: number, name: string): number {
  const codes = KIND_SYSCALLS[kind] as readonly number[];
  for (let k = 0; k < codes.length; k++) if (SYSCALLS[codes[k] as number] === name) return codes[k] as number;
  return -1;
}

/** Writes `e` at record `i` of `out` when it is a hot call; false (slot 0 = 0) otherwise. */
export function encodeHot(e: VmEvent, out: Float64Array, i: number): boolean {
  const o = i * HOT_SLOTS;
  out[o] = 0;
  out[o + 2] = e.step;
  out[o + 3] = e.pid;
  // One function per kind: the fields are then read from one shape each (the decoders build each
  // kind as one literal) instead of from every event shape at one place.
  switch (e.kind) {
    case 'mmap':
      return encodeMmap(e, out, o);
    case 'munmap':
      return encodeMunmap(e, out, o);
    case 'mprotect':
      return encodeMprotect(e, out, o);
    case 'mremap':
      return encodeMremap(e, out, o);
    case 'brk':
      return encodeBrk(e, out, o);
    default:
      return false;
  }
}

function encodeMmap(e: MmapEvent, out: Float64Array, o: number): boolean {
  if (e.file !== undefined || e.seen !== undefined || !(Number.isFinite(e.addr) && Number.isFinite(e.length) && Number.isFinite(e.prot) && Number.isFinite(e.flags) && Number.isFinite(e.offset))) return false;
  if (!encodeCommon(1, e.spawnedBy, e.syscall, e.result, e.skipped, e.time, e.line, e.entryLine, e.source, out, o)) return false;
  out[o + 11] = e.addr;
  out[o + 12] = e.length;
  out[o + 13] = e.prot;
  out[o + 14] = e.flags;
  out[o + 15] = e.offset;
  return true;
}

function encodeMunmap(e: MunmapEvent, out: Float64Array, o: number): boolean {
  if (!(Number.isFinite(e.addr) && Number.isFinite(e.length))) return false;
  if (!encodeCommon(2, e.spawnedBy, e.syscall, e.result, e.skipped, e.time, e.line, e.entryLine, e.source, out, o)) return false;
  out[o + 11] = e.addr;
  out[o + 12] = e.length;
  return true;
}

function encodeMprotect(e: MprotectEvent, out: Float64Array, o: number): boolean {
  if (e.pkey !== undefined || !(Number.isFinite(e.addr) && Number.isFinite(e.length) && Number.isFinite(e.prot))) return false;
  if (!encodeCommon(3, e.spawnedBy, e.syscall, e.result, e.skipped, e.time, e.line, e.entryLine, e.source, out, o)) return false;
  out[o + 11] = e.addr;
  out[o + 12] = e.length;
  out[o + 13] = e.prot;
  return true;
}

function encodeMremap(e: MremapEvent, out: Float64Array, o: number): boolean {
  if (!(Number.isFinite(e.oldAddr) && Number.isFinite(e.oldLength) && Number.isFinite(e.newLength) && Number.isFinite(e.flags) && finiteOrAbsent(e.newAddr))) return false;
  if (!encodeCommon(4, e.spawnedBy, e.syscall, e.result, e.skipped, e.time, e.line, e.entryLine, e.source, out, o)) return false;
  out[o + 11] = e.oldAddr;
  out[o + 12] = e.oldLength;
  out[o + 13] = e.newLength;
  out[o + 14] = e.flags;
  out[o + 15] = opt(e.newAddr);
  return true;
}

function encodeBrk(e: BrkEvent, out: Float64Array, o: number): boolean {
  if (!Number.isFinite(e.addr)) return false;
  if (!encodeCommon(5, e.spawnedBy, e.syscall, e.result, e.skipped, e.time, e.line, e.entryLine, e.source, out, o)) return false;
  out[o + 11] = e.addr;
  return true;
}

// The fields every hot kind has (read by the caller from its one shape), and slot 0 last; false when
// they do not fit a record.
function encodeCommon(kind: number, spawnedBy: unknown, name: string, r: SyscallResult, skipped: boolean | undefined, time: number | undefined, line: number, entryLine: number | undefined, source: number | undefined, out: Float64Array, o: number): boolean {
  if (spawnedBy !== undefined) return false;
  const syscall = syscallCode(kind, name);
  const errno = r.kind === 'error' ? ERRNO_CODE.get(r.errno) : undefined;
  if (syscall < 0 || (r.kind === 'error' && errno === undefined) || (skipped !== undefined && skipped !== true)) return false;
  // Only what eventText keeps as an array (parse/event-text.ts): every number finite, the optional ones maybe absent.
  if (!(finiteOrAbsent(time) && Number.isFinite(line) && finiteOrAbsent(entryLine) && finiteOrAbsent(source) && (r.kind !== 'ok' || Number.isFinite(r.value)))) return false;
  out[o + 1] = syscall;
  out[o + 4] = opt(time);
  out[o + 5] = line;
  out[o + 6] = opt(entryLine);
  out[o + 7] = opt(source);
  out[o + 8] = r.kind === 'ok' ? 0 : r.kind === 'none' ? 1 : 2 + (errno as number);
  out[o + 9] = r.kind === 'ok' ? r.value : 0;
  out[o + 10] = skipped === true ? 1 : 0;
  out[o] = kind;
  return true;
}

const NONE: SyscallResult = { kind: 'none' };
// JSON has no -0: what went through JSON comes back as 0.
const num = (v: number): number => v + 0;
// An integer, as a small integer (Smi) when it is one: V8 keeps those in the event object itself, where a number
// read from a Float64Array is stored as a 16-byte box (steps, pids, lines, lengths, prot…: ~140 B per event). An
// integer past int32 (a 4 GiB length) stays a double (and V8 boxes that field from then on, as before). (-0 | 0 is
// 0, as JSON gives it back.) A pool of events refilled once applied (no allocation at all) was tried: no CPU saved
// (docs/bench.md, tenth round).
const int = (v: number): number => ((v | 0) === v ? v | 0 : v);
const intOrAbsent = (v: number): number | undefined => (Number.isNaN(v) ? undefined : int(v));
/** A successful result (a new object: one shared by all `= 0`, half of a churn trace, is OK_ZERO). */
const ok = (value: number): { kind: 'ok'; value: number } => ({ kind: 'ok', value });
const OK_ZERO: SyscallResult = ok(0);

/** Step and pid of the event at record `i`, encoded or not. */
export const stepOf = (hot: Float64Array, i: number): number => hot[i * HOT_SLOTS + 2] as number;
export const pidOf = (hot: Float64Array, i: number): number => hot[i * HOT_SLOTS + 3] as number;
/** A slot's number, NaN as undefined. */
export const absent = back;
/** Time of the event encoded at record `i` (NaN: none). */
export const timeOf = (hot: Float64Array, i: number): number => hot[i * HOT_SLOTS + 4] as number;

/** The event at record `i` of `hot`, or undefined when it was not encoded there. */
export function decodeHot(hot: Float64Array, i: number): VmEvent | undefined {
  const o = i * HOT_SLOTS;
  const kind = KINDS[hot[o] as number];
  if (kind === undefined || kind === '') return undefined;
  const syscall = SYSCALLS[hot[o + 1] as number] as string;
  const step = int(hot[o + 2] as number);
  const pid = int(hot[o + 3] as number);
  const time = back(hot[o + 4] as number);
  const line = int(hot[o + 5] as number);
  const entryLine = intOrAbsent(hot[o + 6] as number);
  const source = intOrAbsent(hot[o + 7] as number);
  const code = hot[o + 8] as number;
  const value = num(hot[o + 9] as number);
  // Error results are shared objects, as NONE and OK_ZERO: nothing mutates an event's result.
  const result: SyscallResult = code === 0 ? (value === 0 ? OK_ZERO : ok(value)) : code === 1 ? NONE : (ERRORS[code - 2] as SyscallResult);
  const skipped = hot[o + 10] === 1 ? true : undefined;
  const a = num(hot[o + 11] as number);
  switch (kind) {
    case 'mmap':
      return { kind, addr: a, length: int(hot[o + 12] as number), prot: int(hot[o + 13] as number), flags: int(hot[o + 14] as number), offset: int(hot[o + 15] as number), file: undefined,
        step, pid, time, line, entryLine, source, syscall, result, skipped };
    case 'munmap':
      return { kind, addr: a, length: int(hot[o + 12] as number), step, pid, time, line, entryLine, source, syscall, result, skipped };
    case 'mprotect':
      return { kind, addr: a, length: int(hot[o + 12] as number), prot: int(hot[o + 13] as number), step, pid, time, line, entryLine, source, syscall, result, skipped };
    case 'mremap': {
      const newAddr = back(hot[o + 15] as number);
      return { kind, oldAddr: a, oldLength: int(hot[o + 12] as number), newLength: int(hot[o + 13] as number), flags: int(hot[o + 14] as number),
        newAddr: newAddr === undefined ? undefined : num(newAddr), step, pid, time, line, entryLine, source, syscall, result, skipped };
    }
    case 'brk':
      return { kind, addr: a, step, pid, time, line, entryLine, source, syscall, result, skipped };
  }
}
