// optimizeLater() must really hold V8's optimizing compiler back (a Node upgrade could make the flag a no-op),
// and optimizeAsUsual() must bring it back. Observed with V8's own %GetOptimizationStatus.
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { deferOptimization, optimizeAsUsual, optimizeLater } from '../../src/threads/tiering.js';

setFlagsFromString('--allow-natives-syntax');
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
// %GetOptimizationStatus bits (V8's runtime-test.cc OptimizationStatus).
const OPTIMIZED = 1 << 4;
const OPTIMIZING_CONCURRENTLY = 1 << 10;
const numbers = Array.from({ length: 500 }, (_, i) => i);
// A function V8 has never seen (its own bytecode and feedback: closures of one literal would share them).
// Its body is kept above V8's size for optimizing small functions at their first budget tick
// (--max-bytecode-size-for-early-opt): a shorter one is optimized under any budget.
const freshFunction = (k: number): ((a: number[]) => number) =>
  new Function('a', `let s = 0; for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) * ${k}) ^ i; return s;`) as (a: number[]) => number;

// The same schedule for every function: 30 calls of ~17 KB of bytecode each, ~500 KB in all: ~7 of V8's
// default budgets, half of the recording budget (1,000,000; 1,000 numbers a call came close enough to it
// to be optimized now and then). A compile already running is waited for, then a call picks its code up.
async function exercise(f: (a: number[]) => number): Promise<boolean> {
  let sum = 0;
  for (let k = 0; k < 29; k++) sum += f(numbers);
  for (let waited = 0; (status(f) & OPTIMIZING_CONCURRENTLY) !== 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  sum += f(numbers);
  expect(Number.isFinite(sum)).toBe(true);
  return (status(f) & OPTIMIZED) !== 0;
}

describe('V8 tiering during a recording', () => {
  afterAll(() => optimizeAsUsual());

  it('a function run 30 times stays unoptimized under optimizeLater()', async () => {
    optimizeLater();
    const held = freshFunction(3);
    expect(await exercise(held)).toBe(false);
  });

  it('the same work is optimized again after optimizeAsUsual() (the check above can fail)', async () => {
    optimizeAsUsual();
    const usual = freshFunction(5);
    expect(await exercise(usual)).toBe(true);
  });

  it("a recording's tiering defers until the trace is busy, then optimizes as usual", async () => {
    const tiering = deferOptimization(1000);
    tiering.seen(600);
    expect(tiering.deferring).toBe(true);
    const early = freshFunction(7);
    expect(await exercise(early)).toBe(false);
    tiering.seen(400);
    expect(tiering.deferring).toBe(false);
    const busy = freshFunction(11);
    expect(await exercise(busy)).toBe(true);
    tiering.end(); // idempotent
    expect(tiering.deferring).toBe(false);
  });
});
