// mprotect, madvise, mlock family, anon names and brk: calls that change
// existing VMAs (mm/mprotect.c, mm/madvise.c, mm/mlock.c, mm/mmap.c brk).

import type { AnonNameEvent, BrkEvent, MadviseEvent, MlockEvent, MprotectEvent } from './events.js';
import { MCL, MLOCK_ONFAULT, PAGE_SIZE, PROT, pageAlignDown, pageAlignUp } from './linux.js';
import { NO_MESSAGES, hex, writtenGuess } from './ops-map.js';
import type { AddressSpace } from './space.js';
import { VM, shapedVma, withVma, type MutableVma } from './vma.js';

// mprotect_fixup's accounting: adding write charges VM_ACCOUNT; removing it
// from an anonymous VMA that was never faulted drops the charge (kernels > 6.1). Changes `piece` (a fresh copy).
function protect(piece: MutableVma, e: MprotectEvent): void {
  const prot = e.prot;
  let flags = piece.flags;
  if ((prot & PROT.WRITE) !== 0) {
    if ((piece.prot & PROT.WRITE) === 0 && !piece.shared && (flags & (VM.ACCOUNT | VM.HUGETLB | VM.NORESERVE)) === 0) flags |= VM.ACCOUNT;
  } else if ((flags & VM.ACCOUNT) !== 0 && piece.file === undefined && piece.special === undefined && piece.anonVma === undefined) {
    flags &= ~VM.ACCOUNT;
  }
  piece.prot = prot & (PROT.READ | PROT.WRITE | PROT.EXEC);
  piece.flags = flags;
  if (e.pkey !== undefined && e.pkey >= 0) piece.pkey = e.pkey;
}

/** How mprotect changes pieces: it gives up at the first hole; a piece made writable gets the fault guess. */
const MPROTECT = { stopAtHole: true, written: writtenGuess } as const;

// mprotect/pkey_mprotect. On ENOMEM the pieces before the first hole were changed already.
export function applyMprotect(space: AddressSpace, e: MprotectEvent): readonly string[] {
  const partial = e.result.kind === 'error' && e.result.errno === 'ENOMEM';
  if (e.result.kind !== 'ok' && !partial) return NO_MESSAGES;
  let start = e.addr;
  const end = e.addr + pageAlignUp(e.length);
  if ((e.prot & PROT.GROWSDOWN) !== 0) {
    const v = space.tree.find(start);
    if (v !== undefined && (v.flags & VM.GROWSDOWN) !== 0) start = v.start;
  }
  const hole = space.modify(start, end, protect, e, MPROTECT);
  if (hole && !partial) return [`mprotect(${hex(e.addr)}, ${e.length}) succeeded over unmapped memory`];
  if (!hole && partial) return [`mprotect(${hex(e.addr)}, ${e.length}) failed with ENOMEM but the range is mapped`];
  return NO_MESSAGES;
}

// madvise advices that change VMA flags (and so split); the others change nothing visible.
const ADVICE_FLAGS: Readonly<Record<string, readonly [set: number, clear: number]>> = {
  NORMAL: [0, VM.SEQ_READ | VM.RAND_READ],
  RANDOM: [VM.RAND_READ, VM.SEQ_READ],
  SEQUENTIAL: [VM.SEQ_READ, VM.RAND_READ],
  DONTFORK: [VM.DONTCOPY, 0],
  DOFORK: [0, VM.DONTCOPY],
  WIPEONFORK: [VM.WIPEONFORK, 0],
  KEEPONFORK: [0, VM.WIPEONFORK],
  DONTDUMP: [VM.DONTDUMP, 0],
  DODUMP: [0, VM.DONTDUMP],
  HUGEPAGE: [VM.HUGEPAGE, VM.NOHUGEPAGE],
  NOHUGEPAGE: [VM.NOHUGEPAGE, VM.HUGEPAGE],
  MERGEABLE: [VM.MERGEABLE, 0],
  UNMERGEABLE: [0, VM.MERGEABLE],
};

// madvise: over holes it fails with ENOMEM but is applied to every mapped part.
export function applyMadvise(space: AddressSpace, e: MadviseEvent): readonly string[] {
  const partial = e.result.kind === 'error' && e.result.errno === 'ENOMEM';
  if (e.result.kind !== 'ok' && !partial) return NO_MESSAGES;
  const change = ADVICE_FLAGS[e.advice];
  if (change === undefined || e.length === 0) return NO_MESSAGES;
  space.modify(e.addr, e.addr + pageAlignUp(e.length), advise, change, { stopAtHole: false });
  return NO_MESSAGES;
}

// A piece's flags after an advice of ADVICE_FLAGS.
function advise(piece: MutableVma, [set, clear]: readonly [set: number, clear: number]): void {
  piece.flags = (piece.flags & ~clear) | set;
}

/** VM_LOCKED and VM_LOCKONFAULT. */
const LOCK_BITS = VM.LOCKED | VM.LOCKONFAULT;

// mlock/munlock of a piece: its lock bits become `bits` (VM_SPECIAL VMAs are never locked).
function lock(piece: MutableVma, bits: number): void {
  if ((piece.flags & VM.SPECIAL) === 0) piece.flags = (piece.flags & ~LOCK_BITS) | bits;
}

// mlock/mlock2/munlock/mlockall/munlockall.
export function applyMlock(space: AddressSpace, e: MlockEvent): readonly string[] {
  const partial = e.result.kind === 'error' && e.result.errno === 'ENOMEM';
  if (e.result.kind !== 'ok' && !partial) return NO_MESSAGES;
  switch (e.op) {
    case 'lock':
    case 'unlock': {
      const start = pageAlignDown(e.addr ?? 0);
      const end = pageAlignUp((e.addr ?? 0) + (e.length ?? 0));
      const bits = e.op === 'lock' ? VM.LOCKED | ((e.flags & MLOCK_ONFAULT) !== 0 ? VM.LOCKONFAULT : 0) : 0;
      space.modify(start, end, lock, bits, { stopAtHole: true });
      return NO_MESSAGES;
    }
    case 'lockall': {
      const bits = VM.LOCKED | ((e.flags & MCL.ONFAULT) !== 0 ? VM.LOCKONFAULT : 0);
      space.defFlags = (e.flags & MCL.FUTURE) !== 0 ? bits : 0;
      if ((e.flags & MCL.CURRENT) !== 0) space.mapAll((v) => ((v.flags & VM.SPECIAL) !== 0 ? v : withVma(v, { flags: (v.flags & ~LOCK_BITS) | bits })));
      return NO_MESSAGES;
    }
    case 'unlockall':
      space.defFlags = 0;
      space.mapAll((v) => ((v.flags & LOCK_BITS) === 0 ? v : withVma(v, { flags: v.flags & ~LOCK_BITS })));
      return NO_MESSAGES;
  }
}

// prctl(PR_SET_VMA_ANON_NAME): names anonymous VMAs (split/merge on the name).
export function applyAnonName(space: AddressSpace, e: AnonNameEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  space.modify(e.addr, e.addr + pageAlignUp(e.length), name, e.name, { stopAtHole: false });
  return NO_MESSAGES;
}

// A piece named `anonName` (undefined: unnamed), if it is anonymous memory or shmem.
function name(piece: MutableVma, anonName: string | undefined): void {
  const shmem = piece.special === '/dev/zero (deleted)';
  if (piece.file !== undefined || (piece.special !== undefined && !shmem)) return;
  piece.anonName = anonName;
}

// brk: success = result equals the request; the heap grows in place only when the
// VMA below is the (singular) brk VMA at or above start_brk, else a new VMA.
export function applyBrk(space: AddressSpace, e: BrkEvent, nextAnon: () => number): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const result = e.result.value;
  if (space.startBrk === undefined) {
    // First sight of the break (saved trace without an exec layout): brk(NULL) tells start_brk.
    if (e.addr === 0 || result !== e.addr) {
      space.startBrk = result;
      space.brk = result;
      return NO_MESSAGES;
    }
    return ['brk grew before the start of the heap was known'];
  }
  if (e.addr === 0 || result !== e.addr) return NO_MESSAGES;
  const old = space.brk ?? space.startBrk;
  const oldEnd = pageAlignUp(old);
  const newEnd = pageAlignUp(result);
  space.brk = result;
  if (newEnd < oldEnd) space.unmap(newEnd, oldEnd);
  else if (newEnd > oldEnd) {
    const prev = space.tree.find(oldEnd - 1);
    const brkFlags = VM.ACCOUNT | space.defFlags;
    const expandable =
      prev !== undefined &&
      prev.end === oldEnd &&
      prev.start >= space.startBrk &&
      prev.file === undefined &&
      prev.special === undefined &&
      prev.flags === brkFlags &&
      prev.prot === (PROT.READ | PROT.WRITE) &&
      !(prev.forked === true && prev.anonVma !== undefined);
    space.unmap(oldEnd, newEnd);
    if (expandable && prev !== undefined) {
      space.tree.remove(prev.start);
      space.tree.insert(withVma(prev, { end: newEnd }));
    } else {
      space.tree.insert(shapedVma({ start: oldEnd, end: newEnd, prot: PROT.READ | PROT.WRITE, shared: false, pgoff: oldEnd / PAGE_SIZE, flags: brkFlags, pkey: 0, anonVma: nextAnon() }));
    }
    space.touch(oldEnd, newEnd);
  } else if (result !== old) space.touch(oldEnd - PAGE_SIZE, oldEnd);
  return NO_MESSAGES;
}
