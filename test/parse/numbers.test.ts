import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResultTail } from '../../src/parse/result.js';
import { parseNumber } from '../../src/parse/values.js';

// The number grammar, written the slow and obvious way (what parseNumber did before its fast path).
function reference(t: string): number | undefined {
  if (t === 'NULL') return 0;
  let v: number;
  if (/^0x[0-9a-fA-F]+$/.test(t)) v = Number(t);
  else if (/^-0x[0-9a-fA-F]+$/.test(t)) v = -Number(t.slice(1));
  else if (/^-?\d+$/.test(t)) v = t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t);
  else return undefined;
  return Number.isSafeInteger(v) ? v : undefined;
}

// Number texts as strace prints them, and near misses: any length (past 2^53), signs, leading zeros, case, junk.
const numberText = fc.tuple(
  fc.constantFrom('', '-'),
  fc.constantFrom('', '0x', '0X', '0'),
  fc.stringMatching(/^[0-9a-fA-F]{0,20}$/),
  fc.constantFrom('', '', '', ' ', 'g', ' /* X */', '<'),
).map(([sign, base, digits, tail]) => `${sign}${base}${digits}${tail}`);

describe('number reading', () => {
  it('parseNumber reads every number text as the plain grammar does', () => {
    fc.assert(
      fc.property(fc.oneof(numberText, fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map((b) => (b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`)), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String)), (t) => {
        const r = parseNumber(t);
        const want = reference(t.trim().replace(/ \/\*.*\*\/$/, ''));
        expect(r.ok ? r.value : undefined).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('a result tail reads a bare number as the grammar does, and refuses what no double holds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.boolean(), (b, hex) => {
        const text = hex ? (b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`) : String(b);
        const tail = parseResultTail(`) = ${text}`, 1);
        const safe = b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER);
        if (safe) expect(tail).toEqual({ result: { kind: 'ok', value: Number(b) }, fd: undefined, injected: undefined, delayed: false, duration: undefined, durationNs: false });
        else expect(tail).toMatch(/^result out of safe range/);
      }),
      { numRuns: 5000 },
    );
  });
});
