// The checkpoint number stream: whatever numbers go in come back exactly, in order; small integers as varints.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumReader, NumWriter } from '../../src/model/num-codec.js';

function roundTrip(xs: readonly number[]): { back: number[]; compact: boolean; bytes: number } {
  const w = new NumWriter();
  for (const x of xs) w.push(x);
  const bytes = w.encode();
  const r = new NumReader(bytes, w.isCompact);
  const back = xs.map(() => r.next());
  expect(r.done).toBe(true);
  return { back, compact: w.isCompact, bytes: bytes.length };
}

describe('num codec', () => {
  it('round-trips integers below 2^52 in magnitude as varints', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -200, max: 200 }), fc.maxSafeInteger().map((n) => n % 2 ** 52), fc.integer().map((n) => (n === 0 ? 0 : -Math.abs(n))))), (xs) => {
        const { back, compact } = roundTrip(xs);
        expect(compact).toBe(true);
        expect(back).toEqual(xs);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any double exactly (float64 for the whole stream when one is not a small integer)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 })), fc.double(), fc.nat(), (xs, odd, at) => {
        const all = [...xs];
        all.splice(at % (all.length + 1), 0, odd);
        const { back, compact } = roundTrip(all);
        expect(compact).toBe(Number.isInteger(odd) && Math.abs(odd) < 2 ** 52 && !Object.is(odd, -0));
        back.forEach((x, i) => expect(Object.is(x, all[i]), `${x} vs ${all[i]}`).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps addresses past 2^53 (the vsyscall page) and 2^52 itself exactly', () => {
    const xs = [0xffffffffff600000, 2 ** 52, -(2 ** 52), 2 ** 53 + 2];
    const { back, compact } = roundTrip(xs);
    expect(compact).toBe(false);
    expect(back).toEqual(xs);
  });

  it('writes -64…63 in one byte and a 47-bit address in seven', () => {
    expect(roundTrip([0, 63, -64, 1, -1]).bytes).toBe(5);
    expect(roundTrip([64]).bytes).toBe(2);
    expect(roundTrip([0x7ffff7fc1000]).bytes).toBe(7);
  });

  it('refuses to read past the end', () => {
    const w = new NumWriter();
    w.push(300);
    const bytes = w.encode();
    expect(() => new NumReader(bytes.subarray(0, 1), true).next()).toThrow(/truncated/);
    const r = new NumReader(bytes, true);
    expect(r.next()).toBe(300);
    expect(() => r.next()).toThrow(/truncated/);
  });
});
