// Compact JSON form of a whole replay, for checkpoints. VMAs become flat
// number arrays; strings (paths, names, reasons) go through one table.

import { FdTable, type SavedFd } from './fd-table.js';
import { PAGE_SIZE } from './linux.js';
import type { ReplayCore } from './replay.js';
import { AddressSpace, type IdSource } from './space.js';
import type { Task } from './tasks.js';
import type { Vma, VmaFile } from './vma.js';

// 2: a VMA's start is stored relative to the previous VMA's end, its end as a length, and an
// anonymous pgoff equal to start/4096 as -1: short numbers instead of 15-digit addresses made
// checkpoints ~40 % smaller and quicker to write and parse. 1 (absolute) is still read.
const VERSION = 2;
const SAME_PGOFF = -1;

interface SavedSpace {
  readonly id: number;
  readonly users: number;
  readonly brk: readonly [number, number, number]; // startBrk, brk, startStack (-1 = unknown)
  readonly defFlags: number;
  readonly bits: 64 | 32;
  readonly vmas: readonly (readonly number[])[];
}

interface Saved {
  readonly v: number;
  readonly counters: readonly number[];
  readonly sawFirstTask: boolean;
  readonly strings: readonly string[];
  readonly tasks: readonly Task[];
  readonly pids: readonly (readonly [number, number])[];
  readonly spaces: readonly SavedSpace[];
  readonly fdTables: readonly (readonly [number, readonly SavedFd[]])[];
  readonly preApplied: readonly number[];
}

class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

const opt = (n: number | undefined): number => (n === undefined ? -1 : n);

function packVma(v: Vma, t: StringTable, prevEnd: number): number[] {
  const f = v.file;
  return [
    v.start - prevEnd, v.end - v.start, v.prot, v.shared ? 1 : 0, v.pgoff === v.start / PAGE_SIZE ? SAME_PGOFF : v.pgoff, v.flags, v.pkey,
    t.id(f?.id), t.id(f?.path), t.id(f?.dev), opt(f?.inode), f?.deleted === true ? 1 : 0,
    t.id(v.special), t.id(v.specialDev), opt(v.specialInode), v.specialOffset === true ? 1 : 0,
    t.id(v.anonName), opt(v.anonVma), v.forked === true ? 1 : 0, t.id(v.uncertain),
  ];
}

// Built directly in shapedVma's field order (absent = undefined): a spread of optional extras made
// objects of many shapes, and reshaping them was most of a checkpoint restore (~3 µs per VMA).
function unpackVma(a: readonly number[], strings: readonly string[], prevEnd: number, version: number): Vma {
  const str = (i: number | undefined): string | undefined => (i === undefined || i < 0 ? undefined : strings[i]);
  const num = (i: number | undefined): number | undefined => (i === undefined || i < 0 ? undefined : i);
  const at = (i: number): number => a[i] ?? -1;
  const fileId = str(at(7));
  const file: VmaFile | undefined =
    fileId === undefined ? undefined : { id: fileId, path: str(at(8)) ?? '', dev: str(at(9)) ?? '00:00', inode: num(at(10)) ?? 0, deleted: at(11) === 1 };
  const start = version === 1 ? at(0) : prevEnd + at(0);
  const pgoff = at(4);
  return {
    start,
    end: version === 1 ? at(1) : start + at(1),
    prot: at(2),
    shared: at(3) === 1,
    pgoff: version !== 1 && pgoff === SAME_PGOFF ? start / PAGE_SIZE : pgoff,
    flags: at(5),
    pkey: at(6),
    file,
    special: str(at(12)),
    specialDev: str(at(13)),
    specialInode: num(at(14)),
    specialOffset: at(15) === 1 ? true : undefined,
    anonName: str(at(16)),
    anonVma: num(at(17)),
    forked: at(18) === 1 ? true : undefined,
    uncertain: str(at(19)),
  };
}

function packAll(vmas: readonly Vma[], strings: StringTable): number[][] {
  let prevEnd = 0;
  return vmas.map((v) => {
    const packed = packVma(v, strings, prevEnd);
    prevEnd = v.end;
    return packed;
  });
}

// The whole replay as JSON-safe data.
export function saveState(core: ReplayCore): unknown {
  const strings = new StringTable();
  const liveTables = new Set([...core.tasks.values()].filter((t) => t.alive).map((t) => t.fds));
  const saved: Saved = {
    v: VERSION,
    counters: [core.step, core.nextProc, core.nextSpace, core.nextAnon, core.nextFile, core.nextFdTable],
    sawFirstTask: core.sawFirstTask,
    tasks: [...core.tasks.values()].map((t) => ({ ...t, spaces: [...t.spaces], images: [...t.images] })),
    pids: [...core.pids],
    spaces: [...core.spaces.values()]
      .filter((s) => s.users > 0 || s.tree.size > 0)
      .map((s) => ({
        id: s.id,
        users: s.users,
        brk: [opt(s.startBrk), opt(s.brk), opt(s.startStack)] as const,
        defFlags: s.defFlags,
        bits: s.bits,
        vmas: packAll(s.vmas(), strings),
      })),
    fdTables: [...core.fdTables].filter(([id]) => liveTables.has(id)).map(([id, t]) => [id, t.save()] as const),
    preApplied: [...core.preApplied],
    strings: strings.list,
  };
  return saved;
}

// Rebuild the replay state saved by saveState.
export function restoreState(data: unknown, ids: IdSource & { nextFileId(): string }): ReplayCore {
  const saved = data as Saved;
  if (typeof saved !== 'object' || saved === null || (saved.v !== VERSION && saved.v !== 1)) throw new Error('replay checkpoint: unknown format');
  const [step = 0, nextProc = 1, nextSpace = 1, nextAnon = 1, nextFile = 1, nextFdTable = 1] = saved.counters;
  const spaces = new Map<number, AddressSpace>();
  for (const s of saved.spaces) {
    const space = new AddressSpace(s.id, ids);
    space.users = s.users;
    const [startBrk, brk, startStack] = s.brk;
    if (startBrk >= 0) space.startBrk = startBrk;
    if (brk >= 0) space.brk = brk;
    if (startStack >= 0) space.startStack = startStack;
    space.defFlags = s.defFlags;
    space.bits = s.bits;
    let prevEnd = 0;
    for (const packed of s.vmas) {
      const v = unpackVma(packed, saved.strings, prevEnd, saved.v);
      space.tree.insert(v);
      prevEnd = v.end;
    }
    spaces.set(s.id, space);
  }
  // Tasks may point at spaces that were dropped because they died empty.
  for (const t of saved.tasks) {
    for (const id of [t.space, ...t.spaces]) if (!spaces.has(id)) spaces.set(id, new AddressSpace(id, ids));
  }
  return {
    step,
    nextProc,
    nextSpace,
    nextAnon,
    nextFile,
    nextFdTable,
    sawFirstTask: saved.sawFirstTask,
    tasks: new Map(saved.tasks.map((t) => [t.procId, { ...t, spaces: [...t.spaces], images: [...t.images] }])),
    pids: new Map(saved.pids),
    spaces,
    fdTables: new Map(saved.fdTables.map(([id, rows]) => [id, FdTable.restore(ids, rows)])),
    preApplied: new Set(saved.preApplied),
  };
}
