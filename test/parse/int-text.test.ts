import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intText } from '../../src/parse/int-text.js';

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
