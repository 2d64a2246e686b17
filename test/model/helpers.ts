// Builders for model tests: VmEvents with defaults for step/pid/line/result,
// a replay runner that passes the LOOKAHEAD window, and a one-line-per-region
// text form (`start-end perms offset name`, hex without 0x) for assertions.

import type { ExecLayout, FileRef, Pid, SyscallResult, VmEvent } from '../../src/model/events.js';
import { createReplay } from '../../src/model/replay.js';
import { LOOKAHEAD, type RegionView, type Replay, type StepEffect } from '../../src/model/types.js';

export const P = 0x1000;
export const RW = 3;
export const R = 1;
export const RX = 5;
export const NONE = 0;
export const PRIV_ANON = 0x22; // MAP_PRIVATE|MAP_ANONYMOUS
export const FIXED = 0x10;

// An `ok` result.
export const ok = (value: number): SyscallResult => ({ kind: 'ok', value });
// An `-1 ERRNO` result.
export const err = (errno: string): SyscallResult => ({ kind: 'error', errno });

type Res = number | SyscallResult;
const res = (r: Res): SyscallResult => (typeof r === 'number' ? ok(r) : r);

/** Overridable common fields. */
export interface Common {
  readonly pid?: Pid;
  readonly entryLine?: number;
  readonly line?: number;
  readonly skipped?: boolean;
  readonly spawnedBy?: { readonly pid: Pid; readonly flags: number };
}

type Without<E> = E extends unknown ? Omit<E, 'step' | 'pid' | 'line'> : never;

// Collects events in order, numbering steps and lines 1, 2, 3…
export class Trace {
  readonly events: VmEvent[] = [];
  constructor(public pid: Pid = 100) {}

  add(e: Without<VmEvent> & Common): VmEvent {
    const step = this.events.length + 1;
    const full = { ...e, step, pid: e.pid ?? this.pid, line: e.line ?? step } as VmEvent;
    this.events.push(full);
    return full;
  }

  mmap(addr: number, length: number, prot: number, flags: number, result: Res = addr, o: Common & { file?: FileRef; offset?: number } = {}): VmEvent {
    const { file, offset, ...c } = o;
    return this.add({ kind: 'mmap', syscall: 'mmap', addr, length, prot, flags, offset: offset ?? 0, ...(file === undefined ? {} : { file }), result: res(result), ...c });
  }
  munmap(addr: number, length: number, result: Res = 0, o: Common = {}): VmEvent {
    return this.add({ kind: 'munmap', syscall: 'munmap', addr, length, result: res(result), ...o });
  }
  mprotect(addr: number, length: number, prot: number, result: Res = 0, o: Common = {}): VmEvent {
    return this.add({ kind: 'mprotect', syscall: 'mprotect', addr, length, prot, result: res(result), ...o });
  }
  madvise(addr: number, length: number, advice: string, result: Res = 0, o: Common = {}): VmEvent {
    return this.add({ kind: 'madvise', syscall: 'madvise', addr, length, advice, result: res(result), ...o });
  }
  mremap(oldAddr: number, oldLength: number, newLength: number, flags: number, result: Res, newAddr?: number, o: Common = {}): VmEvent {
    return this.add({ kind: 'mremap', syscall: 'mremap', oldAddr, oldLength, newLength, flags, ...(newAddr === undefined ? {} : { newAddr }), result: res(result), ...o });
  }
  mlock(op: 'lock' | 'unlock' | 'lockall' | 'unlockall', addr: number, length: number, flags = 0, o: Common = {}): VmEvent {
    return this.add({ kind: 'mlock', syscall: op === 'lock' ? 'mlock' : op, op, addr, length, flags, result: ok(0), ...o });
  }
  brk(addr: number, result: Res, o: Common = {}): VmEvent {
    return this.add({ kind: 'brk', syscall: 'brk', addr, result: res(result), ...o });
  }
  clone(flags: number, child: Res, o: Common = {}): VmEvent {
    return this.add({ kind: 'clone', syscall: 'clone', flags, result: res(child), ...o });
  }
  execve(path: string, result: Res = 0, o: Common & { layout?: ExecLayout } = {}): VmEvent {
    const { layout, ...c } = o;
    return this.add({ kind: 'execve', syscall: 'execve', path, argv: [path], ...(layout === undefined ? {} : { layout }), result: res(result), ...c });
  }
  open(path: string, fd: number, o: Common = {}): VmEvent {
    return this.add({ kind: 'fd', syscall: 'openat', op: 'open', path, result: ok(fd), ...o });
  }
  close(fd: number, o: Common = {}): VmEvent {
    return this.add({ kind: 'fd', syscall: 'close', op: 'close', fd, result: ok(0), ...o });
  }
  unlink(path: string, o: Common = {}): VmEvent {
    return this.add({ kind: 'fd', syscall: 'unlink', op: 'unlink', path, result: ok(0), ...o });
  }
  end(o: Common = {}): VmEvent {
    return this.add({ kind: 'end', how: 'exited', status: 0, ...o });
  }
  superseded(by: Pid, o: Common = {}): VmEvent {
    return this.add({ kind: 'superseded', by, ...o });
  }
}

// Apply events[i] with the following LOOKAHEAD events, as every caller does.
export function applyAll(replay: Replay, events: readonly VmEvent[], from = 0, to = events.length): StepEffect[] {
  const effects: StepEffect[] = [];
  for (let i = from; i < to; i++) {
    const e = events[i];
    if (e !== undefined) effects.push(replay.apply(e, events.slice(i + 1, i + 1 + LOOKAHEAD)));
  }
  return effects;
}

// A fresh replay of the whole trace; anomalies of every step collected.
export function run(t: Trace): { replay: Replay; anomalies: string[]; effects: StepEffect[] } {
  const replay = createReplay();
  const effects = applyAll(replay, t.events);
  return { replay, anomalies: effects.flatMap((e) => e.anomalies.map((a) => a.message)), effects };
}

// One region as `start-end perms offset name` (hex, no 0x, no padding).
export function regionLine(r: RegionView): string {
  return `${r.start.toString(16)}-${r.end.toString(16)} ${r.perms} ${r.offset.toString(16)} ${r.name}`.trimEnd();
}

// The maps of pid's current space, one line each.
export function mapsOf(replay: Replay, pid: Pid): string[] {
  const space = replay.spaceOfPid(pid);
  if (space === undefined) return [];
  return replay.regions(space).map(regionLine);
}
