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

// Insert by start below `node`, restoring the heap order of priorities by rotating on the way back up
// (expected O(1) rotations; only the nodes on the path are written).
function insertNode<T extends Interval>(node: Node<T> | undefined, n: Node<T>): Node<T> {
  if (node === undefined) return n;
  if (n.value.start < node.value.start) {
    const l = insertNode(node.left, n);
    node.left = l;
    if (l.priority > node.priority) {
      node.left = l.right;
      l.right = node;
      return l;
    }
  } else {
    const r = insertNode(node.right, n);
    node.right = r;
    if (r.priority > node.priority) {
      node.right = r.left;
      r.left = node;
      return r;
    }
  }
  return node;
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
    this.root = insertNode(this.root, { value, priority: nextPriority(this.seed), left: undefined, right: undefined });
    this.count++;
  }

  // Remove the interval starting exactly at `start`; returns it. The node's two subtrees are joined in its place.
  remove(start: number): T | undefined {
    let parent: Node<T> | undefined;
    let node = this.root;
    while (node !== undefined && node.value.start !== start) {
      parent = node;
      node = start < node.value.start ? node.left : node.right;
    }
    if (node === undefined) return undefined;
    const rest = join(node.left, node.right);
    if (parent === undefined) this.root = rest;
    else if (parent.left === node) parent.left = rest;
    else parent.right = rest;
    this.count--;
    return node.value;
  }

  // Put `value` in place of the interval with the same start (a VMA trimmed at its end or changed in
  // place: no restructuring); the caller guarantees the new range overlaps nothing else. False when
  // no interval starts there.
  replace(value: T): boolean {
    let node = this.root;
    while (node !== undefined) {
      const s = node.value.start;
      if (s === value.start) {
        node.value = value;
        return true;
      }
      node = value.start < s ? node.left : node.right;
    }
    return false;
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
