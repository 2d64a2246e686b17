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

// Split by key: left has starts < key, right has starts >= key.
function split<T extends Interval>(node: Node<T> | undefined, key: number): [Node<T> | undefined, Node<T> | undefined] {
  if (node === undefined) return [undefined, undefined];
  if (node.value.start < key) {
    const [l, r] = split(node.right, key);
    node.right = l;
    return [node, r];
  }
  const [l, r] = split(node.left, key);
  node.left = r;
  return [l, node];
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

  get size(): number {
    return this.count;
  }

  // Add an interval; the caller guarantees it overlaps nothing.
  insert(value: T): void {
    const node: Node<T> = { value, priority: nextPriority(this.seed), left: undefined, right: undefined };
    const [l, r] = split(this.root, value.start);
    this.root = join(join(l, node), r);
    this.count++;
  }

  // Remove the interval starting exactly at `start`; returns it.
  remove(start: number): T | undefined {
    const [l, r] = split(this.root, start);
    const [mid, rest] = split(r, start + 1);
    this.root = join(l, rest);
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
