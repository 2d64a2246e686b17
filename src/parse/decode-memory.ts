// Decoders of strace's %memory class (mem.c, 6.1): the calls that shape an address space.

import type { SyscallResult, VmEvent } from '../model/events.js';
import { PAGE_SIZE } from '../model/linux.js';
import { Args, DecodeError } from './args.js';
import { withBase, type SyscallBase } from './decode-types.js';
import { MADV_BY_NUMBER, MAP_TABLE, MCL_TABLE, MLOCK_TABLE, MREMAP_TABLE, PROT_TABLE, SHM_TABLE } from './tables.js';
import { bareValue, parseNumber } from './values.js';
import { MAP } from '../model/linux.js';

// mmap, mmap2, old_mmap (strace prints old_mmap's six words as `mmap`).
function decodeMmap(a: Args, base: SyscallBase): VmEvent {
  const flags = a.flags(3, MAP_TABLE);
  const fd = a.fd(4);
  let offset = a.num(5);
  // mmap2 offsets are shown in bytes, except under -e raw=mmap2 (page count).
  if (base.syscall !== 'mmap' && a.allRawHex()) offset *= PAGE_SIZE;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new DecodeError(`bad offset ${a.text(5)}`);
  const anon = (flags & MAP.ANONYMOUS) !== 0 || fd.fd < 0;
  const addr = a.addr(0);
  const length = a.addr(1);
  const prot = a.flags(2, PROT_TABLE);
  const file = anon ? undefined : { fd: fd.fd, path: fd.path, deleted: fd.deleted };
  return mmapEvent(addr, length, prot, flags, offset, file, base);
}

function decodeMremap(a: Args, b: SyscallBase): VmEvent {
  const oldAddr = a.addr(0);
  const oldLength = a.addr(1);
  const newLength = a.addr(2);
  const flags = a.flags(3, MREMAP_TABLE);
  const newAddr = a.has(4) ? a.addr(4) : undefined;
  return mremapEvent(oldAddr, oldLength, newLength, flags, newAddr, b);
}

function decodeMunmap(a: Args, b: SyscallBase): VmEvent {
  const addr = a.addr(0);
  const length = a.addr(1);
  return munmapEvent(addr, length, b);
}

function decodeMprotect(a: Args, b: SyscallBase): VmEvent {
  const addr = a.addr(0);
  const length = a.addr(1);
  const prot = a.flags(2, PROT_TABLE);
  return mprotectEvent(addr, length, prot, b);
}

function decodeBrk(a: Args, b: SyscallBase): VmEvent {
  return brkEvent(a.addr(0), b);
}

// The events of the calls that fill a trace, each built as one literal (the withBase key order: no
// property added later). Shared by these decoders and the plain-call fast path (decode-plain.ts).

type MmapFile = { readonly fd: number; readonly path: string | undefined; readonly deleted: boolean | undefined } | undefined;

export function mmapEvent(addr: number, length: number, prot: number, flags: number, offset: number, file: MmapFile, b: SyscallBase): VmEvent {
  return { kind: 'mmap', addr, length, prot, flags, offset, file,
    step: b.step, pid: b.pid, time: b.time, line: b.line, entryLine: b.entryLine, source: b.source, syscall: b.syscall, result: b.result, skipped: b.skipped };
}

export function mremapEvent(oldAddr: number, oldLength: number, newLength: number, flags: number, newAddr: number | undefined, b: SyscallBase): VmEvent {
  return { kind: 'mremap', oldAddr, oldLength, newLength, flags, newAddr,
    step: b.step, pid: b.pid, time: b.time, line: b.line, entryLine: b.entryLine, source: b.source, syscall: b.syscall, result: b.result, skipped: b.skipped };
}

export function munmapEvent(addr: number, length: number, b: SyscallBase): VmEvent {
  return { kind: 'munmap', addr, length,
    step: b.step, pid: b.pid, time: b.time, line: b.line, entryLine: b.entryLine, source: b.source, syscall: b.syscall, result: b.result, skipped: b.skipped };
}

export function mprotectEvent(addr: number, length: number, prot: number, b: SyscallBase): VmEvent {
  return { kind: 'mprotect', addr, length, prot,
    step: b.step, pid: b.pid, time: b.time, line: b.line, entryLine: b.entryLine, source: b.source, syscall: b.syscall, result: b.result, skipped: b.skipped };
}

export function brkEvent(addr: number, b: SyscallBase): VmEvent {
  return { kind: 'brk', addr,
    step: b.step, pid: b.pid, time: b.time, line: b.line, entryLine: b.entryLine, source: b.source, syscall: b.syscall, result: b.result, skipped: b.skipped };
}

function advice(text: string): string {
  const t = bareValue(text.trim());
  if (t.startsWith('MADV_')) return t.slice(5);
  const n = parseNumber(t);
  if (!n.ok) throw new DecodeError(`bad advice ${t.slice(0, 40)}`);
  return MADV_BY_NUMBER.get(n.value) ?? String(n.value);
}

// io_setup(8, [0x7f3708bb2000]) — the ring address is in the output array.
function aioCtx(text: string, result: SyscallResult): number | undefined {
  if (result.kind !== 'ok') return undefined;
  const t = bareValue(text.trim());
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const n = parseNumber(t.slice(1, -1));
  if (!n.ok) throw new DecodeError(`io_setup: ${n.reason}`);
  return n.value;
}

// Decodes a %memory call, or undefined if `name` is not one of them.
export function decodeMemory(name: string, a: Args, base: SyscallBase): VmEvent | undefined {
  switch (name) {
    case 'mmap':
    case 'mmap2':
    case 'old_mmap':
    case 'mmap_pgoff':
      return decodeMmap(a, base);
    case 'munmap':
      return decodeMunmap(a, base);
    case 'mprotect':
      return decodeMprotect(a, base);
    case 'pkey_mprotect':
      return withBase({ kind: 'mprotect', addr: a.addr(0), length: a.addr(1), prot: a.flags(2, PROT_TABLE), pkey: a.int32(3) }, base);
    case 'mremap':
      return decodeMremap(a, base);
    case 'brk':
    case 'break':
      return decodeBrk(a, base);
    case 'madvise':
      return withBase({ kind: 'madvise', addr: a.addr(0), length: a.addr(1), advice: advice(a.text(2)) }, base);
    case 'mlock':
      return withBase({ kind: 'mlock', op: 'lock', addr: a.addr(0), length: a.addr(1), flags: 0 }, base);
    case 'mlock2':
      return withBase({ kind: 'mlock', op: 'lock', addr: a.addr(0), length: a.addr(1), flags: a.flags(2, MLOCK_TABLE) }, base);
    case 'munlock':
      return withBase({ kind: 'mlock', op: 'unlock', addr: a.addr(0), length: a.addr(1), flags: 0 }, base);
    case 'mlockall':
      return withBase({ kind: 'mlock', op: 'lockall', flags: a.flags(0, MCL_TABLE) }, base);
    case 'munlockall':
      return withBase({ kind: 'mlock', op: 'unlockall', flags: 0 }, base);
    case 'remap_file_pages':
      return withBase({ kind: 'remap_file_pages', addr: a.addr(0), size: a.addr(1), pgoff: a.addr(3) }, base);
    case 'shmat':
      return withBase({ kind: 'shmat', shmid: a.num(0), addr: a.addr(1), flags: a.flags(2, SHM_TABLE) }, base);
    case 'shmdt':
      return withBase({ kind: 'shmdt', addr: a.addr(0) }, base);
    case 'io_setup':
      return withBase({ kind: 'aio', op: 'setup', nrEvents: a.num(0), ctx: aioCtx(a.text(1), base.result) }, base);
    case 'io_destroy':
      return withBase({ kind: 'aio', op: 'destroy', ctx: a.addr(0) }, base);
    default:
      return undefined;
  }
}
