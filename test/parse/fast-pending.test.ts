import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastPending } from '../../src/parse/fast-pending.js';

// FastPending against a Map used the way the parser uses it: calls added for pids without one
// (while there is room), found, removed, and settled into a map in the order they came.
describe('FastPending', () => {
  it('holds what a Map would, in insertion order, and reuses only removed objects', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), pid: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('remove' as const), pid: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('settle' as const), pid: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const fast = new FastPending<{ pid: number; n: number }>();
        const model = new Map<number, { pid: number; n: number }>();
        const settled = new Map<number, { pid: number; n: number }>();
        const removed = new Set<object>();
        let n = 0;
        for (const { kind, pid } of ops) {
          const k = fast.find(pid);
          expect(k >= 0).toBe(model.has(pid));
          if (kind === 'add' && k < 0 && !settled.has(pid)) {
            if (!fast.hasRoom()) {
              expect(fast.size).toBe(8);
              continue;
            }
            const reused = fast.reuse();
            if (reused !== undefined) expect(removed.delete(reused)).toBe(true);
            const call = reused ?? { pid, n };
            call.pid = pid;
            call.n = n++;
            fast.add(pid, call);
            model.set(pid, call);
          } else if (kind === 'remove' && k >= 0) {
            const call = fast.at(k);
            expect(call).toBe(model.get(pid));
            fast.removeAt(k);
            model.delete(pid);
            removed.add(call);
          } else if (kind === 'settle') {
            fast.settle(settled);
            for (const [p, c] of model) expect(settled.get(p)).toBe(c);
            expect([...settled.keys()].slice(settled.size - model.size)).toEqual([...model.keys()]);
            model.clear();
          }
          expect(fast.size).toBe(model.size);
        }
      }),
      { numRuns: 300 },
    );
  });
});
