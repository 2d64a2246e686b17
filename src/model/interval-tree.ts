// An ordered set of disjoint half-open intervals [start, end), keyed by start.
// Two levels of sorted arrays (a B+ tree of height 2): leaves of at most `leafMax` intervals in
// start order, and one array of each leaf's first start. A lookup is two binary searches over
// contiguous arrays; insert/remove move at most one leaf's elements. On the churn traces
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
  /** firsts[i] = leaves[i][0].start. */
  private firsts: number[] = [];
  private count = 0;

  constructor(private readonly leafMax: number = LEAF_MAX) {}

  get size(): number {
    return this.count;
  }

  // Index of the last leaf whose first start is <= addr; -1 when addr is before every leaf.
  private leafOf(addr: number): number {
    const f = this.firsts;
    let lo = 0;
    let hi = f.length; // answer in [lo - 1, hi - 1]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((f[mid] as number) <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // Index in `leaf` of the last interval whose start is <= addr; -1 when none.
  private static floorIn<T extends Interval>(leaf: readonly T[], addr: number): number {
    let lo = 0;
    let hi = leaf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((leaf[mid] as T).start <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // Add an interval; the caller guarantees it overlaps nothing.
  insert(value: T): void {
    this.count++;
    if (this.leaves.length === 0) {
      this.leaves.push([value]);
      this.firsts.push(value.start);
      return;
    }
    let li = this.leafOf(value.start);
    if (li < 0) li = 0; // before every interval: the first leaf takes it at its front
    const leaf = this.leaves[li] as T[];
    const at = IntervalTree.floorIn(leaf, value.start) + 1;
    // In place (splice allocates the array of removed elements even when it removes none).
    leaf.push(value);
    for (let i = leaf.length - 1; i > at; i--) leaf[i] = leaf[i - 1] as T;
    leaf[at] = value;
    if (at === 0) this.firsts[li] = value.start;
    if (leaf.length > this.leafMax) {
      const upper = leaf.splice(leaf.length >>> 1);
      this.leaves.splice(li + 1, 0, upper);
      this.firsts.splice(li + 1, 0, (upper[0] as T).start);
    }
  }

  // Remove the interval starting exactly at `start`; returns it.
  remove(start: number): T | undefined {
    const li = this.leafOf(start);
    if (li < 0) return undefined;
    const leaf = this.leaves[li] as T[];
    const at = IntervalTree.floorIn(leaf, start);
    const value = leaf[at];
    if (value === undefined || value.start !== start) return undefined;
    for (let i = at + 1; i < leaf.length; i++) leaf[i - 1] = leaf[i] as T;
    leaf.pop();
    this.count--;
    if (leaf.length === 0) {
      this.leaves.splice(li, 1);
      this.firsts.splice(li, 1);
    } else if (at === 0) this.firsts[li] = (leaf[0] as T).start;
    return value;
  }

  // Put `value` in place of the interval with the same start (a VMA trimmed at its end or changed in
  // place); the caller guarantees the new range overlaps nothing else. False when no interval starts there.
  replace(value: T): boolean {
    const li = this.leafOf(value.start);
    if (li < 0) return false;
    const leaf = this.leaves[li] as T[];
    const at = IntervalTree.floorIn(leaf, value.start);
    if (at < 0 || (leaf[at] as T).start !== value.start) return false;
    leaf[at] = value;
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
    const leaf = this.leaves[li] as T[];
    return leaf[IntervalTree.floorIn(leaf, addr)];
  }

  // The interval with the smallest start >= addr.
  ceil(addr: number): T | undefined {
    const li = this.leafOf(addr);
    if (li < 0) return this.leaves[0]?.[0];
    const leaf = this.leaves[li] as T[];
    const at = IntervalTree.floorIn(leaf, addr);
    const v = leaf[at] as T;
    if (v.start === addr) return v;
    return at + 1 < leaf.length ? leaf[at + 1] : this.leaves[li + 1]?.[0];
  }

  // Intervals meeting [lo, hi), in order.
  overlapping(lo: number, hi: number): T[] {
    const out: T[] = [];
    const leaves = this.leaves;
    let li = this.leafOf(lo);
    let at: number;
    if (li < 0) {
      li = 0;
      at = 0;
    } else {
      const leaf = leaves[li] as T[];
      at = IntervalTree.floorIn(leaf, lo);
      if ((leaf[at] as T).end <= lo) at++; // the floor ends before lo: start after it
    }
    for (; li < leaves.length; li++, at = 0) {
      const leaf = leaves[li] as T[];
      for (; at < leaf.length; at++) {
        const v = leaf[at] as T;
        if (v.start >= hi) return out;
        out.push(v);
      }
    }
    return out;
  }

  // Every interval in order.
  toArray(): T[] {
    const out: T[] = [];
    for (const leaf of this.leaves) for (const v of leaf) out.push(v);
    return out;
  }

  clear(): void {
    this.leaves = [];
    this.firsts = [];
    this.count = 0;
  }
}
