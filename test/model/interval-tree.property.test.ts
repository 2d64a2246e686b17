// IntervalTree against a naive sorted array under random operation sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalTree, type Interval } from '../../src/model/interval-tree.js';

type Op =
  | { readonly op: 'insert'; readonly start: number; readonly len: number }
  | { readonly op: 'remove'; readonly start: number }
  | { readonly op: 'replace'; readonly start: number; readonly len: number }
  | { readonly op: 'replaceAt'; readonly start: number; readonly shift: number; readonly len: number }
  | { readonly op: 'query'; readonly at: number; readonly len: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), start: fc.nat(200), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('remove' as const), start: fc.nat(220) }),
  fc.record({ op: fc.constant('replace' as const), start: fc.nat(220), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('replaceAt' as const), start: fc.nat(220), shift: fc.integer({ min: -10, max: 10 }), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('query' as const), at: fc.nat(230), len: fc.nat(40) }),
);

// The reference: a plain array kept sorted by start.
class Naive {
  items: Interval[] = [];
  overlapsAny(lo: number, hi: number): boolean {
    return this.items.some((i) => i.start < hi && lo < i.end);
  }
  insert(v: Interval): void {
    this.items = [...this.items, v].sort((a, b) => a.start - b.start);
  }
  replace(v: Interval): boolean {
    const i = this.items.findIndex((x) => x.start === v.start);
    if (i < 0) return false;
    this.items = this.items.map((x, j) => (j === i ? v : x));
    return true;
  }
  replaceAt(start: number, v: Interval): boolean {
    if (!this.items.some((x) => x.start === start)) return false;
    this.remove(start);
    this.insert(v);
    return true;
  }
  firstEndingAfter(a: number): Interval | undefined {
    return this.items.find((i) => i.end > a);
  }
  remove(start: number): Interval | undefined {
    const found = this.items.find((i) => i.start === start);
    this.items = this.items.filter((i) => i.start !== start);
    return found;
  }
  find(a: number): Interval | undefined {
    return this.items.find((i) => i.start <= a && a < i.end);
  }
  floor(a: number): Interval | undefined {
    return this.items.filter((i) => i.start <= a).at(-1);
  }
  ceil(a: number): Interval | undefined {
    return this.items.find((i) => i.start >= a);
  }
  overlapping(lo: number, hi: number): Interval[] {
    return this.items.filter((i) => i.start < hi && lo < i.end);
  }
}

describe('IntervalTree', () => {
  // Leaves of 2 and 3 intervals split and empty all the time; 64 is the default.
  // Once per run, at a random point, the tree is rebuilt by loadSorted from its own contents (a checkpoint restore).
  it.each([2, 3, 64])('agrees with a sorted array on insert/remove/replace/replaceAt/find/floor/ceil/firstEndingAfter/overlapping, reloaded midway (leaves of %i)', (leafMax) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.nat(), (ops, cut) => {
        let tree = new IntervalTree<Interval>(leafMax);
        const naive = new Naive();
        for (const [i, o] of ops.entries()) {
          if (i === cut % (ops.length + 1)) {
            const reloaded = new IntervalTree<Interval>(leafMax);
            reloaded.loadSorted(tree.toArray());
            if (tree.size > 0) expect(() => reloaded.loadSorted([])).toThrow(/not empty/);
            tree = reloaded;
          }
          switch (o.op) {
            case 'insert': {
              const v = { start: o.start, end: o.start + o.len };
              if (naive.overlapsAny(v.start, v.end)) break; // the tree's contract: disjoint inserts only
              tree.insert(v);
              naive.insert(v);
              break;
            }
            case 'remove':
              expect(tree.remove(o.start)).toEqual(naive.remove(o.start));
              break;
            case 'replace': {
              // Same start, new end: allowed when the new range overlaps nothing else.
              const v = { start: o.start, end: o.start + o.len };
              if (naive.items.some((i) => i.start !== v.start && i.start < v.end && v.start < i.end)) break;
              expect(tree.replace(v)).toBe(naive.replace(v));
              break;
            }
            case 'replaceAt': {
              // A new range in place of the one at `start`, between its neighbours (the tree's contract).
              const v = { start: o.start + o.shift, end: o.start + o.shift + o.len };
              const at = naive.items.findIndex((i) => i.start === o.start);
              const before = naive.items[at - 1];
              const after = naive.items[at + 1];
              if (at >= 0 && (v.start < 0 || (before !== undefined && before.end > v.start) || (after !== undefined && v.end > after.start))) break;
              expect(tree.replaceAt(o.start, v)).toBe(naive.replaceAt(o.start, v));
              break;
            }
            case 'query':
              expect(tree.find(o.at)).toEqual(naive.find(o.at));
              expect(tree.firstEndingAfter(o.at)).toEqual(naive.firstEndingAfter(o.at));
              expect(tree.floor(o.at)).toEqual(naive.floor(o.at));
              expect(tree.ceil(o.at)).toEqual(naive.ceil(o.at));
              if (o.len > 0) expect(tree.overlapping(o.at, o.at + o.len)).toEqual(naive.overlapping(o.at, o.at + o.len));
              break;
          }
          expect(tree.size).toBe(naive.items.length);
        }
        expect(tree.toArray()).toEqual(naive.items);
        tree.clear();
        expect(tree.size).toBe(0);
        expect(tree.toArray()).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
