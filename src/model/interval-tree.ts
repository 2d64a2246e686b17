// An ordered set of disjoint half-open intervals [start, end), keyed by start.
// Two levels of sorted arrays (a B+ tree of height 2): leaves of at most `leafMax` intervals in
// start order, each with a parallel array of their starts, and one array of each leaf's first start.
// A lookup is two binary searches over contiguous arrays of numbers (searching the intervals
// themselves was one cache miss per probe); insert/remove move at most one leaf's elements. On the churn traces
// (~2,800 VMAs per space) this replaced a treap whose lookups chased two pointers per level
// over ~20 levels: the replay spends most of its time finding VMAs.
// VMAs never overlap, so "which intervals meet [lo, hi)" is a walk from the interval
// containing lo (or the first after it).

/** Anything with a start and an end. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Intervals per leaf before it splits in two (the tests use small ones to exercise splits). */
const LEAF_MAX = 64;

/** Disjoint intervals in start order. */
export class IntervalTree<T extends Interval> {
  /** Non-empty leaves, in start order. */
  private leaves: T[][] = [];
  /** starts[i][j] = leaves[i][j].start. */
  private starts: number[][] = [];
  /** firsts[i] = leaves[i][0].start. */
  private firsts: number[] = [];
  private count = 0;
  /**
   * The leaf and slot of the last lookup. The lookups of one event all fall near one address (find, then remove,
   * insert and the neighbours of the same VMA): when the last answer is still right, it is taken without a search.
   * Always checked against the arrays, so a change of the tree needs no bookkeeping here.
   */
  private lastLeaf = 0;
  private lastAt = 0;

  constructor(private readonly leafMax: number = LEAF_MAX) {}

  get size(): number {
    return this.count;
  }

  // Index of the last leaf whose first start is <= addr; -1 when addr is before every leaf.
  private leafOf(addr: number): number {
    const f = this.firsts;
    const last = this.lastLeaf;
    if (last < f.length && (f[last] as number) <= addr && (last + 1 === f.length || (f[last + 1] as number) > addr)) return last;
    let lo = 0;
    let hi = f.length; // answer in [lo - 1, hi - 1]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((f[mid] as number) <= addr) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) this.lastLeaf = lo - 1;
    return lo - 1;
  }

  // Index in leaf `li` of the last interval whose start is <= addr; -1 when none.
  private floorIn(li: number, addr: number): number {
    const starts = this.starts[li] as number[];
    const n = starts.length;
    let lo = 0;
    const last = this.lastAt;
    if (li === this.lastLeaf && last < n && (starts[last] as number) <= addr) {
      // The last slot, or the one after it (the neighbour of the VMA just found, inserted or removed).
      if (last + 1 === n || (starts[last + 1] as number) > addr) return last;
      lo = last + 1;
    }
    let hi = n; // answer in [lo - 1, hi - 1]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= addr) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      this.lastLeaf = li;
      this.lastAt = lo - 1;
    }
    return lo - 1;
  }

  // Add an interval; the caller guarantees it overlaps nothing.
  insert(value: T): void {
    this.count++;
    const start = value.start;
    if (this.leaves.length === 0) {
      this.leaves.push([value]);
      this.starts.push([start]);
      this.firsts.push(start);
      return;
    }
    let li = this.leafOf(start);
    if (li < 0) li = 0; // before every interval: the first leaf takes it at its front
    const leaf = this.leaves[li] as T[];
    const starts = this.starts[li] as number[];
    const at = this.floorIn(li, start) + 1;
    // In place (splice allocates the array of removed elements even when it removes none).
    leaf.push(value);
    starts.push(start);
    for (let i = leaf.length - 1; i > at; i--) {
      leaf[i] = leaf[i - 1] as T;
      starts[i] = starts[i - 1] as number;
    }
    leaf[at] = value;
    starts[at] = start;
    if (at === 0) this.firsts[li] = start;
    if (leaf.length > this.leafMax) {
      const half = leaf.length >>> 1;
      const upper = starts.splice(half);
      this.leaves.splice(li + 1, 0, leaf.splice(half));
      this.starts.splice(li + 1, 0, upper);
      this.firsts.splice(li + 1, 0, upper[0] as number);
    }
  }

  // Remove the interval starting exactly at `start`; returns it.
  remove(start: number): T | undefined {
    const li = this.leafOf(start);
    if (li < 0) return undefined;
    const leaf = this.leaves[li] as T[];
    const starts = this.starts[li] as number[];
    const at = this.floorIn(li, start);
    if (at < 0 || starts[at] !== start) return undefined;
    const value = leaf[at] as T;
    for (let i = at + 1; i < leaf.length; i++) {
      leaf[i - 1] = leaf[i] as T;
      starts[i - 1] = starts[i] as number;
    }
    leaf.pop();
    starts.pop();
    this.count--;
    if (leaf.length === 0) {
      this.leaves.splice(li, 1);
      this.starts.splice(li, 1);
      this.firsts.splice(li, 1);
    } else if (at === 0) this.firsts[li] = starts[0] as number;
    return value;
  }

  // Put `value` in place of the interval with the same start (a VMA trimmed at its end or changed in
  // place); the caller guarantees the new range overlaps nothing else. False when no interval starts there.
  replace(value: T): boolean {
    return this.replaceAt(value.start, value);
  }

  // Put `value` in place of the interval starting at `start`, whatever its own start: the caller guarantees it lies
  // between that interval's neighbours. One store where a remove and an insert would each shift a leaf.
  replaceAt(start: number, value: T): boolean {
    const li = this.leafOf(start);
    if (li < 0) return false;
    const starts = this.starts[li] as number[];
    const at = this.floorIn(li, start);
    if (at < 0 || starts[at] !== start) return false;
    (this.leaves[li] as T[])[at] = value;
    starts[at] = value.start;
    if (at === 0) this.firsts[li] = value.start;
    return true;
  }

  // The interval containing addr, if any.
  find(addr: number): T | undefined {
    const f = this.floor(addr);
    return f !== undefined && addr < f.end ? f : undefined;
  }

  // The interval with the greatest start <= addr.
  floor(addr: number): T | undefined {
    const li = this.leafOf(addr);
    if (li < 0) return undefined;
    return (this.leaves[li] as T[])[this.floorIn(li, addr)];
  }

  // The interval with the smallest start >= addr.
  ceil(addr: number): T | undefined {
    const li = this.leafOf(addr);
    if (li < 0) return this.leaves[0]?.[0];
    const leaf = this.leaves[li] as T[];
    const starts = this.starts[li] as number[];
    const at = this.floorIn(li, addr);
    if (starts[at] === addr) return leaf[at];
    return at + 1 < leaf.length ? leaf[at + 1] : this.leaves[li + 1]?.[0];
  }

  // The interval containing addr, else the first one after it: the first of overlapping(addr, …).
  firstEndingAfter(addr: number): T | undefined {
    const li = this.leafOf(addr);
    if (li < 0) return this.leaves[0]?.[0];
    const leaf = this.leaves[li] as T[];
    const at = this.floorIn(li, addr);
    const v = leaf[at] as T;
    if (v.end > addr) return v;
    return at + 1 < leaf.length ? leaf[at + 1] : this.leaves[li + 1]?.[0];
  }

  // Intervals meeting [lo, hi), in order.
  overlapping(lo: number, hi: number): T[] {
    const out: T[] = [];
    this.walk(lo, hi, out);
    return out;
  }

  // Whether overlapping(lo, hi) would find anything (without building the array).
  overlapsAny(lo: number, hi: number): boolean {
    return this.walk(lo, hi, undefined);
  }

  // The intervals of overlapping(lo, hi), pushed onto `out`; without `out`, stops at the first. True when any.
  private walk(lo: number, hi: number, out: T[] | undefined): boolean {
    const leaves = this.leaves;
    let li = this.leafOf(lo);
    let at: number;
    let any = false;
    if (li < 0) {
      li = 0;
      at = 0;
    } else {
      const leaf = leaves[li] as T[];
      at = this.floorIn(li, lo);
      if ((leaf[at] as T).end <= lo) at++; // the floor ends before lo: start after it
    }
    for (; li < leaves.length; li++, at = 0) {
      const leaf = leaves[li] as T[];
      for (; at < leaf.length; at++) {
        const v = leaf[at] as T;
        if (v.start >= hi) return any;
        if (out === undefined) return true;
        out.push(v);
        any = true;
      }
    }
    return any;
  }

  // The leaves, each a run of intervals in order (read-only, until the next change): a walk without toArray's copy.
  leafArrays(): readonly (readonly T[])[] {
    return this.leaves;
  }

  // Every interval in order.
  toArray(): T[] {
    const out: T[] = [];
    for (const leaf of this.leaves) for (const v of leaf) out.push(v);
    return out;
  }

  // Fill an empty tree with intervals already sorted by start and disjoint (a checkpoint restore): leaves of
  // three quarters of leafMax, so the first inserts after it do not split every leaf.
  loadSorted(values: readonly T[]): void {
    if (this.count !== 0) throw new Error('IntervalTree.loadSorted: the tree is not empty');
    const per = Math.max(1, Math.floor((this.leafMax * 3) / 4));
    for (let i = 0; i < values.length; i += per) {
      const leaf = values.slice(i, i + per);
      this.leaves.push(leaf);
      this.starts.push(leaf.map((v) => v.start));
      this.firsts.push((leaf[0] as T).start);
    }
    this.count = values.length;
  }

  clear(): void {
    this.leaves = [];
    this.starts = [];
    this.firsts = [];
    this.count = 0;
  }
}
