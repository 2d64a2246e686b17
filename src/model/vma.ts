// One VMA: the fields /proc/PID/maps shows plus the hidden state that decides
// splits and merges (linux-address-space.md §1, §7). VMAs are immutable
// values; an operation replaces them.

import { PAGE_SIZE, PROT } from './linux.js';
import type { RegionView } from './types.js';

/** Hidden VM_* bits we track (our own numbering; only equality matters). */
export const VM = {
  ACCOUNT: 1 << 0,
  NORESERVE: 1 << 1,
  GROWSDOWN: 1 << 2,
  NOHUGEPAGE: 1 << 3,
  HUGEPAGE: 1 << 4,
  LOCKED: 1 << 5,
  LOCKONFAULT: 1 << 6,
  DONTCOPY: 1 << 7,
  WIPEONFORK: 1 << 8,
  DONTDUMP: 1 << 9,
  MERGEABLE: 1 << 10,
  SEQ_READ: 1 << 11,
  RAND_READ: 1 << 12,
  SPECIAL: 1 << 13,
  HUGETLB: 1 << 14,
} as const;

/** The file a VMA maps: identity is the open file description, not the path. */
export interface VmaFile {
  /** Open-file-description identity (merge rule 3). */
  readonly id: string;
  readonly path: string;
  readonly dev: string;
  readonly inode: number;
  readonly deleted: boolean;
}

/** A virtual memory area. */
export interface Vma {
  readonly start: number;
  readonly end: number;
  /** PROT_READ|WRITE|EXEC bits. */
  readonly prot: number;
  /** VM_MAYSHARE: shown as `s`. */
  readonly shared: boolean;
  /** Page offset: file offset / 4096, or addr>>12 for anonymous memory. */
  readonly pgoff: number;
  /** Hidden VM bits (see VM). */
  readonly flags: number;
  readonly file?: VmaFile;
  /** Name of a file-less mapping the kernel names itself: `[vdso]`, `/dev/zero (deleted)`… */
  readonly special?: string;
  /** dev:inode of a special file-like mapping (shmem, SysV). */
  readonly specialDev?: string;
  readonly specialInode?: number;
  /** Whether /proc shows the offset of a special mapping (shmem pgoff) or 0. */
  readonly specialOffset?: boolean;
  readonly pkey: number;
  readonly anonName?: string;
  /** Guessed anon_vma id (pages written); undefined = never faulted. */
  readonly anonVma?: number;
  /** anon_vma chain inherited through fork (not singular). */
  readonly forked?: boolean;
  /** Why this VMA's exact shape is not certain. */
  readonly uncertain?: string;
}

// The same VMA with every field present, in one fixed order: VMAs stored in a tree then share
// one hidden class, so the property reads of the hot paths (merge checks, packing, /proc views)
// stay monomorphic. Seven shapes were seen in one churn trace; packing a 2,800-VMA checkpoint took ~7 ms.
export function shapedVma(v: Vma): Vma {
  return copyVma(v);
}

/** A VMA under construction (a fresh copy, not yet stored anywhere). */
export type MutableVma = { -readonly [K in keyof Vma]: Vma[K] };

// A copy of v in shapedVma's field order, to change before it is stored.
export function copyVma(v: Vma): MutableVma {
  return {
    start: v.start, end: v.end, prot: v.prot, shared: v.shared, pgoff: v.pgoff, flags: v.flags, pkey: v.pkey,
    file: v.file, special: v.special, specialDev: v.specialDev, specialInode: v.specialInode, specialOffset: v.specialOffset,
    anonName: v.anonName, anonVma: v.anonVma, forked: v.forked, uncertain: v.uncertain,
  };
}

// Copy a VMA with some fields changed (assigned onto a shaped copy: no spread, one hidden class).
export function withVma(v: Vma, change: Partial<Vma>): Vma {
  return Object.assign(copyVma(v), change);
}

// The part of v inside [start, end) (caller clips to v's bounds). Built field by field in shapedVma's
// order: a spread of a stored VMA cost more than the tree walk around it on the churn traces.
export function sliceVma(v: Vma, start: number, end: number): MutableVma {
  return {
    start, end, prot: v.prot, shared: v.shared, pgoff: v.pgoff + (start - v.start) / PAGE_SIZE, flags: v.flags, pkey: v.pkey,
    file: v.file, special: v.special, specialDev: v.specialDev, specialInode: v.specialInode, specialOffset: v.specialOffset,
    anonName: v.anonName, anonVma: v.anonVma, forked: v.forked, uncertain: v.uncertain,
  };
}

function sameFile(a: Vma, b: Vma): boolean {
  if (a.file === undefined || b.file === undefined) return a.file === b.file;
  return a.file.id === b.file.id;
}

/** Whether a (lower) and b (upper) may not merge, anon_vma aside; `aEnd` stands for a's end (see canMergeAcross). */
function blocked(a: Vma, aEnd: number, b: Vma): boolean {
  return blockedAs(a, a.flags, a.pgoff, aEnd, b, b.flags, b.pgoff);
}

// blocked() with a's and b's flags and pgoff given.
function blockedAs(a: Vma, aFlags: number, aPgoff: number, aEnd: number, b: Vma, bFlags: number, bPgoff: number): boolean {
  return (
    aEnd !== b.start ||
    (aFlags & VM.SPECIAL) !== 0 ||
    (bFlags & VM.SPECIAL) !== 0 ||
    a.special !== undefined ||
    b.special !== undefined ||
    aFlags !== bFlags ||
    a.prot !== b.prot ||
    a.shared !== b.shared ||
    a.pkey !== b.pkey ||
    a.anonName !== b.anonName ||
    !sameFile(a, b) ||
    aPgoff + (aEnd - a.start) / PAGE_SIZE !== bPgoff
  );
}

// The fault guess (a private writable VMA is written once it is made so) also decides two fields a VMA keeps
// after it: the pgoff of anonymous memory mremap moved (its old pgoff if written, the new address if not) and
// the VM_ACCOUNT of anonymous memory whose write permission was taken away (kept if written, dropped if not:
// kernels > 6.1). These give a VMA's values had its pages never been written.
const guessedAnon = (v: Vma): boolean => v.anonVma !== undefined && v.file === undefined && v.special === undefined && !v.shared;
const unwrittenFlags = (v: Vma): number =>
  guessedAnon(v) && (v.prot & PROT.WRITE) === 0 && (v.flags & VM.ACCOUNT) !== 0 ? v.flags & ~VM.ACCOUNT : v.flags;
const unwrittenPgoff = (v: Vma): number => (guessedAnon(v) ? v.start / PAGE_SIZE : v.pgoff);

// Whether a and b, kept apart by blocked(), would merge had the pages the guess calls written never been (then
// neither has an anon_vma either).
function apartByGuess(a: Vma, aEnd: number, b: Vma): boolean {
  const aFlags = unwrittenFlags(a);
  const bFlags = unwrittenFlags(b);
  const aPgoff = unwrittenPgoff(a);
  const bPgoff = unwrittenPgoff(b);
  if (aFlags === a.flags && bFlags === b.flags && aPgoff === a.pgoff && bPgoff === b.pgoff) return false;
  return !blockedAs(a, aFlags, aPgoff, aEnd, b, bFlags, bPgoff);
}

// is_mergeable_anon_vma: one side unfaulted and the other singular, or the same anon_vma.
function anonCompatible(aAnonVma: number | undefined, aForked: boolean | undefined, b: Vma): boolean {
  if (aAnonVma === undefined && b.anonVma === undefined) return true;
  if (aAnonVma !== undefined && b.anonVma !== undefined) return aAnonVma === b.anonVma;
  return (aAnonVma !== undefined ? aForked : b.forked) !== true;
}

/** Merge verdict for adjacent a (lower) and b (upper). */
export type MergeVerdict = 'merge' | 'no' | 'anon';

// Decide whether a and b merge; 'anon' = they merge or not depending on the fault guess: everything matches but
// the guessed anon_vma, or but a pgoff or VM_ACCOUNT that the guess decided.
export function canMerge(a: Vma, b: Vma): MergeVerdict {
  if (blocked(a, a.end, b)) return apartByGuess(a, a.end, b) ? 'anon' : 'no';
  return anonCompatible(a.anonVma, a.forked, b) ? 'merge' : 'anon';
}

// canMerge(merged, b) without building `merged`, the union of adjacent a and mid: it has a's attributes and start,
// mid's end, and a's anon_vma (with its forked bit) if a has one, else mid's.
export function canMergeAcross(a: Vma, mid: Vma, b: Vma): MergeVerdict {
  if (blocked(a, mid.end, b)) return apartByGuess(a, mid.end, b) ? 'anon' : 'no';
  const aFirst = a.anonVma !== undefined;
  return anonCompatible(aFirst ? a.anonVma : mid.anonVma, aFirst ? a.forked : mid.forked, b) ? 'merge' : 'anon';
}

// A VMA over [start, end) with a's other attributes and the given anon_vma and uncertainty: the union of adjacent
// VMAs that merge (a the lowest; AddressSpace.place works out its anon_vma and uncertainty). Built in shapedVma's
// field order, like sliceVma.
export function joinedVma(a: Vma, start: number, end: number, anonVma: number | undefined, forked: boolean | undefined, uncertain: string | undefined): MutableVma {
  return {
    start, end, prot: a.prot, shared: a.shared, pgoff: a.pgoff, flags: a.flags, pkey: a.pkey,
    file: a.file, special: a.special, specialDev: a.specialDev, specialInode: a.specialInode, specialOffset: a.specialOffset,
    anonName: a.anonName, anonVma, forked, uncertain,
  };
}

/** What the model knows about the program break and stack, for naming. */
export interface NamingContext {
  readonly startBrk?: number;
  readonly brk?: number;
  readonly startStack?: number;
}

// get_vma_name (fs/proc/task_mmu.c), in the kernel's order.
export function vmaName(v: Vma, ctx: NamingContext): string {
  if (v.file !== undefined) {
    if (v.anonName !== undefined) return `[anon_shmem:${v.anonName}]`;
    return v.file.deleted ? `${v.file.path} (deleted)` : v.file.path;
  }
  if (v.special !== undefined) return v.special;
  const { startBrk, brk } = ctx;
  if (startBrk !== undefined && brk !== undefined && v.start < brk && v.end > startBrk) return '[heap]';
  if (ctx.startStack !== undefined && v.start <= ctx.startStack && ctx.startStack <= v.end) return '[stack]';
  if (v.anonName !== undefined) return `[anon:${v.anonName}]`;
  return '';
}

// Whether two views show the same maps line (uncertainty included).
export function sameRegionView(a: RegionView, b: RegionView): boolean {
  return (
    a.start === b.start && a.end === b.end && a.perms === b.perms && a.offset === b.offset && a.dev === b.dev && a.inode === b.inode && a.name === b.name && a.uncertain === b.uncertain
  );
}

// The maps line of a VMA.
export function toRegionView(v: Vma, ctx: NamingContext): RegionView {
  const perms =
    ((v.prot & 1) !== 0 ? 'r' : '-') + ((v.prot & 2) !== 0 ? 'w' : '-') + ((v.prot & 4) !== 0 ? 'x' : '-') + (v.shared ? 's' : 'p');
  const fileLike = v.file !== undefined || v.specialOffset === true;
  const offset = fileLike ? v.pgoff * PAGE_SIZE : 0;
  const dev = v.file?.dev ?? v.specialDev ?? '00:00';
  const inode = v.file?.inode ?? v.specialInode ?? 0;
  const name = vmaName(v, ctx);
  // One object either way (a copy with `uncertain` spread in cost ~1 ms a map of churn, where half the regions have it).
  const uncertain = v.uncertain;
  return uncertain === undefined
    ? { start: v.start, end: v.end, perms, offset, dev, inode, name }
    : { start: v.start, end: v.end, perms, offset, dev, inode, name, uncertain };
}
