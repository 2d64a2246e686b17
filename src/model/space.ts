// One address space (an mm): its VMAs in an interval tree plus the brk/stack
// bookkeeping /proc needs for names. Implements the kernel's split and merge
// mechanics; the syscall semantics on top live in ./ops-*.ts.

import { emptyList } from './empty-list.js';
import { IntervalTree } from './interval-tree.js';
import { PROT } from './linux.js';
import type { RegionView, SpaceId } from './types.js';
import { VM, canMerge, canMergeAcross, copyVma, joinedVma, sameRegionView, shapedVma, sliceVma, toRegionView, vmaName, type MutableVma, type Vma } from './vma.js';

/** Hands out fresh anon_vma ids (shared by all spaces of one replay). */
export interface IdSource {
  nextAnonVma(): number;
}

// (Not frozen: see empty-list.ts.)
const NOTHING_TOUCHED: readonly { start: number; end: number }[] = emptyList();

const FAULT_GUESS = 'whether these pages were written decides a merge here; page faults are not in the trace';

/**
 * An address space. Every VMA in its tree has the one fixed shape of shapedVma: sliceVma, joinedVma, copyVma and
 * withVma build them so, the callers of place() and modify() make what they pass so, and the few other inserts
 * (brk, fork, exec layout, checkpoint restore) do too. (The tree used to copy every VMA into that shape: one
 * allocation per insert.)
 */
export class AddressSpace {
  readonly tree: IntervalTree<Vma> = new IntervalTree<Vma>();
  startBrk: number | undefined;
  brk: number | undefined;
  startStack: number | undefined;
  /** VM_LOCKED/LOCKONFAULT added to new VMAs after mlockall(MCL_FUTURE). */
  defFlags = 0;
  bits: 64 | 32 = 64;
  users = 0;
  /** The VMAs and views of the last regions() call, reused by the next. */
  private lastVmas: readonly Vma[] = [];
  private lastViews: readonly RegionView[] = [];
  /** Byte ranges changed since the last `takeTouched()`; made at the first one (most events touch one range). */
  private touched: { start: number; end: number }[] | undefined;

  constructor(
    readonly id: SpaceId,
    private readonly ids: IdSource,
  ) {}

  // Ranges changed since last call (and reset).
  takeTouched(): readonly { start: number; end: number }[] {
    const t = this.touched;
    if (t === undefined) return NOTHING_TOUCHED;
    this.touched = undefined;
    return t;
  }

  touch(start: number, end: number): void {
    // A literal of one range: an empty array grown by push would take room for 16.
    if (this.touched === undefined) this.touched = [{ start, end }];
    else this.touched.push({ start, end });
  }

  vmas(): Vma[] {
    return this.tree.toArray();
  }

  // The maps lines (not to be changed by the caller: the next call reuses the list's views). A view equal to one of
  // `like` (the list of a nearby step, from another replay) is that object: after a checkpoint restore, whose VMAs
  // are all new, the lists of nearby steps still share their unchanged regions (and this space keeps them).
  regions(like?: readonly RegionView[]): readonly RegionView[] {
    const ctx = { startBrk: this.startBrk, brk: this.brk, startStack: this.startStack };
    const vmas = this.tree.toArray();
    const views = new Array<RegionView>(vmas.length);
    // VMAs are immutable: one still in the tree since the last call keeps its view (a walk of both sorted lists).
    // Consecutive steps then share all but a few of their 2,800 views on churn, by identity, without building them.
    const last = this.lastVmas;
    const lastViews = this.lastViews;
    let i = 0;
    let k = 0;
    for (let j = 0; j < vmas.length; j++) {
      const v = vmas[j] as Vma;
      while (i < last.length && (last[i] as Vma).start < v.start) i++;
      const old = lastViews[i];
      // Only an anonymous VMA's name depends on the space ([heap], [stack]): checked again.
      const keep = last[i] === v && old !== undefined && (v.file !== undefined || v.special !== undefined || old.name === vmaName(v, ctx));
      if (keep) {
        views[j] = old;
        continue;
      }
      const fresh = toRegionView(v, ctx);
      if (like !== undefined) {
        while (k < like.length && (like[k] as RegionView).start < v.start) k++;
        const same = like[k];
        views[j] = same !== undefined && sameRegionView(same, fresh) ? same : fresh;
      } else views[j] = fresh;
    }
    this.lastVmas = vmas;
    this.lastViews = views;
    return views;
  }

  // Remove [start, end), splitting VMAs that stick out. Returns bytes removed.
  unmap(start: number, end: number): number {
    // An empty range touches nothing (mremap with old_len 0 keeps its source).
    if (end <= start) return 0;
    let removed = 0;
    // One VMA at a time (each lookup lands where the last change was), not a list of them all.
    for (let v = this.tree.firstEndingAfter(start); v !== undefined && v.start < end; ) {
      // What is left of v takes its place in the tree: the piece below the hole, else the one above it.
      if (v.start < start) {
        this.tree.replace(sliceVma(v, v.start, start));
        if (v.end > end) this.tree.insert(sliceVma(v, end, v.end));
      } else if (v.end > end) this.tree.replaceAt(v.start, sliceVma(v, end, v.end));
      else this.tree.remove(v.start);
      removed += Math.min(v.end, end) - Math.max(v.start, start);
      v = v.end < end ? this.tree.firstEndingAfter(v.end) : undefined;
    }
    if (removed > 0) this.touch(start, end);
    return removed;
  }

  // Insert v (its range must be free) and merge it with its neighbours the way the kernel merges a new or changed
  // range; `written` applies the fault guess. v must be made for this call in the stored shape (sliceVma,
  // copyVma, withVma, shapedVma…) and is handed over: it may be stored as it is, or changed first.
  place(v: Vma, written: boolean): Vma {
    const prev = v.start > 0 ? this.tree.find(v.start - 1) : undefined;
    const next = this.tree.find(v.end);
    const left = prev !== undefined && prev.end === v.start ? canMerge(prev, v) : 'no';
    const right = next !== undefined && next.start === v.end ? canMerge(v, next) : 'no';
    const mergeLeft = left === 'merge';
    let mergeRight = right === 'merge';
    let guess = left === 'anon' || right === 'anon';
    if (mergeLeft && mergeRight && prev !== undefined && next !== undefined) {
      // 3-way: prev and next must be compatible with each other too, else left only.
      const both = canMergeAcross(prev, v, next);
      if (both !== 'merge') {
        mergeRight = false;
        if (both === 'anon') guess = true;
      }
    }
    // The stored VMA: v marked uncertain if guessed, merged into prev, then next merged into that (each merge takes
    // the lower side's attributes, its anon_vma if it has one else the upper's, and its uncertainty if any), then
    // given an anon_vma if written. Its fields are worked out first and it is built once (each step used to copy it).
    const base = mergeLeft && prev !== undefined ? prev : v;
    let anonVma = v.anonVma;
    let forked = v.forked;
    let uncertain = guess ? FAULT_GUESS : v.uncertain;
    if (mergeLeft && prev !== undefined) {
      if (prev.anonVma !== undefined) {
        anonVma = prev.anonVma;
        forked = prev.forked;
      }
      uncertain = prev.uncertain ?? uncertain;
    }
    if (mergeRight && next !== undefined) {
      if (anonVma === undefined) {
        anonVma = next.anonVma;
        forked = next.forked;
      }
      uncertain = uncertain ?? next.uncertain;
    }
    if (written && !base.shared && (base.prot & PROT.WRITE) !== 0 && anonVma === undefined && (base.flags & VM.SPECIAL) === 0) {
      anonVma = this.ids.nextAnonVma();
    }
    let cur: Vma = v;
    if ((mergeLeft && prev !== undefined) || (mergeRight && next !== undefined)) {
      const start = mergeLeft && prev !== undefined ? prev.start : v.start;
      const end = mergeRight && next !== undefined ? next.end : v.end;
      cur = joinedVma(base, start, end, anonVma, forked, uncertain);
    } else if (anonVma !== v.anonVma || uncertain !== v.uncertain) {
      // Not stored anywhere yet (see above): changed in place.
      const own = v as MutableVma;
      own.anonVma = anonVma;
      own.uncertain = uncertain;
    }
    // Merged into prev: the result starts where prev does and takes its place in the tree (and next goes);
    // merged into next only: it takes next's place.
    if (mergeLeft && prev !== undefined) {
      if (mergeRight && next !== undefined) this.tree.remove(next.start);
      this.tree.replace(cur);
    } else if (mergeRight && next !== undefined) this.tree.replaceAt(next.start, cur);
    else this.tree.insert(cur);
    this.touch(v.start, v.end);
    return cur;
  }

  // Apply `change` to every mapped piece of [start, end): split at the edges, change, merge with neighbours. `change`
  // gets a fresh copy of each piece to change in place, and `arg` (a function and its argument, not a closure: a
  // closure per call was an allocation per mprotect). A piece whose attributes do not change is left alone (no
  // split), as the kernel does. `stopAtHole` models mprotect and mlock, which give up at the first unmapped gap;
  // madvise skips gaps. Returns whether there was a hole.
  modify<A>(start: number, end: number, change: (piece: MutableVma, arg: A) => void, arg: A, opts: { stopAtHole: boolean; written?: (v: Vma) => boolean }): boolean {
    let cursor = start;
    let hole = false;
    while (cursor < end) {
      const v = this.tree.find(cursor);
      if (v === undefined) {
        hole = true;
        if (opts.stopAtHole) break;
        const next = this.tree.ceil(cursor);
        if (next === undefined || next.start >= end) break;
        cursor = next.start;
        continue;
      }
      const pieceEnd = Math.min(v.end, end);
      // (One copy, changed in place: a slice and then a changed copy of it made two.)
      const piece = cursor === v.start && pieceEnd === v.end ? copyVma(v) : sliceVma(v, cursor, pieceEnd);
      const pgoff = piece.pgoff;
      change(piece, arg);
      if (!sameAttributes(v, piece, pgoff)) {
        // What is left of v takes its place in the tree, as in unmap().
        if (v.start < cursor) {
          this.tree.replace(sliceVma(v, v.start, cursor));
          if (v.end > pieceEnd) this.tree.insert(sliceVma(v, pieceEnd, v.end));
        } else if (v.end > pieceEnd) this.tree.replaceAt(v.start, sliceVma(v, pieceEnd, v.end));
        else this.tree.remove(v.start);
        this.place(piece, opts.written?.(piece) ?? false);
      }
      cursor = pieceEnd;
    }
    return hole;
  }

  // Replace every VMA in place (mlockall, rename…) without changing shape; merges neighbours that became equal.
  mapAll(change: (v: Vma) => Vma): void {
    for (const v of this.tree.toArray()) {
      const current = this.tree.find(v.start);
      if (current === undefined || current.start !== v.start) continue;
      const updated = change(current);
      if (updated === current) continue;
      if (sameAttributes(current, updated) && updated.start === current.start && updated.end === current.end) this.tree.replace(shapedVma(updated));
      else {
        this.tree.remove(current.start);
        this.place(updated, false);
      }
      this.touch(current.start, current.end);
    }
  }

  // The copy a fork child gets (kernel/fork.c dup_mmap): same boundaries, no merging.
  forkCopy(id: SpaceId): AddressSpace {
    const child = new AddressSpace(id, this.ids);
    child.startBrk = this.startBrk;
    child.brk = this.brk;
    child.startStack = this.startStack;
    child.bits = this.bits;
    for (const v of this.tree.toArray()) {
      if ((v.flags & VM.DONTCOPY) !== 0) continue;
      const flags = v.flags & ~(VM.LOCKED | VM.LOCKONFAULT);
      const anon = v.anonVma === undefined ? {} : { anonVma: this.ids.nextAnonVma(), forked: true };
      child.tree.insert(shapedVma({ ...v, flags, ...anon }));
    }
    return child;
  }
}

// Attributes a change can touch; equal means "no split needed". `aPgoff` stands for a's page offset (modify compares a
// piece, whose offset is its own, with the VMA it was cut from).
function sameAttributes(a: Vma, b: Vma, aPgoff = a.pgoff): boolean {
  return a.prot === b.prot && a.flags === b.flags && a.pkey === b.pkey && a.anonName === b.anonName && aPgoff === b.pgoff;
}
