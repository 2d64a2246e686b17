import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIGIT_QUADS, intText, writeInt } from '../../src/parse/int-text.js';

describe('intText', () => {
  it('is String(v) for any number: safe integers of every size, negatives, fractions, huge and odd values', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.integer({ min: 1e9, max: 1e10 }), fc.bigInt({ min: 0n, max: 2n ** 53n + 10n }).map(Number), fc.double(), fc.constantFrom(1e9 - 1, 1e9, 1e12, 2 ** 53 - 1, 2 ** 53, -0, NaN, Infinity)),
        (v) => {
          expect(intText(v)).toBe(String(v));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('writeInt', () => {
  const written = (v: number): string => {
    const out = new Uint8Array(40).fill(0x3f);
    const end = writeInt(out, 3, v);
    expect(Buffer.from(out.subarray(0, 3)).toString('latin1')).toBe('???'); // nothing before `at`
    return Buffer.from(out.subarray(3, end)).toString('latin1');
  };

  it('writes String(v) for any number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer(), fc.double(), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 2 ** 20 }).map((k) => k * 1e8 + (k % 7))), (v) => {
        expect(written(v)).toBe(String(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes the digit-count, four- and eight-digit-group edges', () => {
    for (const v of [0, -0, 9, 10, 99, 100, 999, 1000, 9999, 1e4, 1e4 + 1, -9999, -1e4, 1e12 - 1, 1e12, 1e12 + 1e4, 1e7 - 1, 1e7, 1e8 - 1, 1e8, 1e8 + 5, 1e15 + 7, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -(2 ** 53 - 1), 0xffffffffff600000]) expect(written(v)).toBe(String(v));
  });
});

describe('DIGIT_QUADS', () => {
  it('holds the four ASCII digits of every w in 0…9999 at [4w, 4w + 4), and nothing more', () => {
    expect(DIGIT_QUADS.length).toBe(40_000);
    expect(Buffer.from(DIGIT_QUADS).toString('latin1')).toBe(Array.from({ length: 10_000 }, (_, w) => String(w).padStart(4, '0')).join(''));
  });
});
