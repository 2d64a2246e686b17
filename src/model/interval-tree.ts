// An ordered tree of disjoint half-open intervals [start, end), keyed by start.
// A treap: O(log n) expected insert/remove/lookup, O(log n + k) range queries.
// VMAs never overlap, so "which intervals meet [lo, hi)" is a walk from the
// interval containing lo (or the first after it).

/** Anything with a start and an end. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

interface Node<T extends Interval> {
  value: T;
  priority: number;
  left: Node<T> | undefined;
  right: Node<T> | undefined;
}

// Deterministic priorities (xorshift) so a replay is reproducible run to run.
function nextPriority(seed: { s: number }): number {
  let x = seed.s;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  seed.s = x >>> 0;
  return seed.s;
}

/** The two halves of a split (reused by one tree: no tuple per recursion level on the hot path). */
interface Halves<T extends Interval> {
  left: Node<T> | undefined;
  right: Node<T> | undefined;
}

// Split by key into out: left has starts < key, right has starts >= key.
function split<T extends Interval>(node: Node<T> | undefined, key: number, out: Halves<T>): void {
  if (node === undefined) {
    out.left = undefined;
    out.right = undefined;
    return;
  }
  if (node.value.start < key) {
    split(node.right, key, out);
    node.right = out.left;
    out.left = node;
    return;
  }
  split(node.left, key, out);
  node.left = out.right;
  out.right = node;
}

// Join two treaps where every key of a is below every key of b.
function join<T extends Interval>(a: Node<T> | undefined, b: Node<T> | undefined): Node<T> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.priority > b.priority) {
    a.right = join(a.right, b);
    return a;
  }
  b.left = join(a, b.left);
  return b;
}

/** Disjoint intervals in start order. */
export class IntervalTree<T extends Interval> {
  private root: Node<T> | undefined;
  private count = 0;
  private readonly seed = { s: 0x9e3779b9 };
  private readonly halves: Halves<T> = { left: undefined, right: undefined };

  get size(): number {
    return this.count;
  }

  // Add an interval; the caller guarantees it overlaps nothing.
  insert(value: T): void {
    const node: Node<T> = { value, priority: nextPriority(this.seed), left: undefined, right: undefined };
    const h = this.halves;
    split(this.root, value.start, h);
    this.root = join(join(h.left, node), h.right);
    this.count++;
  }

  // Remove the interval starting exactly at `start`; returns it.
  remove(start: number): T | undefined {
    const h = this.halves;
    split(this.root, start, h);
    const l = h.left;
    split(h.right, start + 1, h);
    const mid = h.left;
    this.root = join(l, h.right);
    if (mid === undefined) return undefined;
    this.count--;
    return mid.value;
  }

  // The interval containing addr, if any.
  find(addr: number): T | undefined {
    const f = this.floor(addr);
    return f !== undefined && addr < f.end ? f : undefined;
  }

  // The interval with the greatest start <= addr.
  floor(addr: number): T | undefined {
    let node = this.root;
    let best: T | undefined;
    while (node !== undefined) {
      if (node.value.start <= addr) {
        best = node.value;
        node = node.right;
      } else node = node.left;
    }
    return best;
  }

  // The interval with the smallest start >= addr.
  ceil(addr: number): T | undefined {
    let node = this.root;
    let best: T | undefined;
    while (node !== undefined) {
      if (node.value.start >= addr) {
        best = node.value;
        node = node.left;
      } else node = node.right;
    }
    return best;
  }

  // Intervals meeting [lo, hi), in order.
  overlapping(lo: number, hi: number): T[] {
    const out: T[] = [];
    const first = this.find(lo);
    this.collect(this.root, first !== undefined ? first.start : lo, hi, out);
    return out;
  }

  private collect(node: Node<T> | undefined, lo: number, hi: number, out: T[]): void {
    if (node === undefined) return;
    const s = node.value.start;
    if (s > lo) this.collect(node.left, lo, hi, out);
    if (s >= lo && s < hi) out.push(node.value);
    if (s < hi) this.collect(node.right, lo, hi, out);
  }

  // Every interval in order.
  toArray(): T[] {
    const out: T[] = [];
    const walk = (node: Node<T> | undefined): void => {
      if (node === undefined) return;
      walk(node.left);
      out.push(node.value);
      walk(node.right);
    };
    walk(this.root);
    return out;
  }

  clear(): void {
    this.root = undefined;
    this.count = 0;
  }
}
