import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCall, type CallPlace } from '../../src/parse/decode.js';
import { decodePlain } from '../../src/parse/decode-plain.js';
import { findClose } from '../../src/parse/scan.js';
import { InfoTracker } from '../../src/parse/trace-info.js';

// The fast path must give decodeCall's event (keys, order and undefined ones included) or nothing,
// and only for calls whose general decoding has nothing to tell InfoTracker.
const place: CallPlace = { step: 7, pid: 42, time: 1796052031299536, line: 9, entryLine: 8, source: 0 };
const exact = (e: unknown): string => JSON.stringify(e, (_k, v: unknown) => (v === undefined ? '<undefined>' : v));

// [whole text, decodePlain of it whole, decodePlain of it split as `<unfinished ...>` + `resumed>`].
function both(text: string): [ReturnType<typeof decodePlain>, ReturnType<typeof decodePlain>] | undefined {
  const open = text.indexOf('(');
  const close = findClose(text, open + 1);
  if (open <= 0 || close < 0) return undefined;
  const name = text.slice(0, open);
  return [decodePlain(name, text, open, close, text, close + 1, place), decodePlain(name, text.slice(0, close), open, close, text.slice(close), 1, place)];
}

function expectSameAsGeneral(text: string): boolean {
  const r = both(text);
  if (r === undefined) return false;
  const [whole, split] = r;
  expect(exact(split)).toBe(exact(whole));
  if (whole === undefined) return false;
  const general = decodeCall(text, place);
  expect(general.ok).toBe(true);
  if (!general.ok) return false;
  expect(general.problem).toBeUndefined();
  expect(exact(whole)).toBe(exact(general.event));
  const info = new InfoTracker();
  info.call(general.name, text, general.args, general.tail);
  expect(info.snapshot()).toEqual(new InfoTracker().snapshot());
  return true;
}

describe('decodePlain', () => {
  const plain = [
    'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f5602823000',
    'mmap(0x7f560265e000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f560265e000',
    'munmap(0x7f5600598000, 4096)     = 0',
    'mprotect(0x5611d8c9a000, 4096, PROT_READ) = 0',
    'mremap(0x7fda184e7000, 16384, 8192, 0) = 0x7fda184e7000',
    'mremap(0x7fda184e7000, 20480, 32768, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7fda184fb000) = 0x7fda184fb000',
    'brk(NULL)       = 0x5611da7a3000',
  ];
  it.each(plain)('%s: the general decoder\'s event', (text) => {
    expect(expectSameAsGeneral(text)).toBe(true);
  });

  const general = [
    'mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7f560281a000', // -y path
    'mmap(NULL, 8192, 0x3, 0x22, -1, 0) = 0x7ffff7fc0000', // -X raw
    'mmap(0, 0x2000, 0x3, 0x22, 0xffffffff, 0) = 0x7f377d301000', // -e raw=mmap
    'mmap(addr=NULL, length=8192, prot=PROT_READ, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, offset=0) = 0x7f00', // -N
    'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)',
    'munmap(0x7f5600598000, 4096) = 0 <0.000012>', // -T
    'munmap(0x7f5600598000, 4096) = 0 (INJECTED)',
    'mmap2(0xf7d8c000, 1544192, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x22000) = 0xf7d8c000',
    'mprotect(0x7f076553d000, 16384, PROT_BOGUS) = 0',
    'munmap(-4096, 4096) = 0',
    'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 0644, 0) = 0x7f00', // octal
  ];
  it.each(general)('%s: left to the general path', (text) => {
    const r = both(text);
    expect(r?.[0]).toBeUndefined();
    expect(r?.[1]).toBeUndefined();
  });

  it('agrees with the general decoder on any mix of plain and odd arguments', () => {
    // Mostly plain pieces (so that many calls take the fast path), some odd ones.
    const often = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 });
    const arg = often(
      fc.constantFrom('NULL', '0', '4096', '0x7f0000001000', '-1', 'PROT_READ|PROT_WRITE', 'PROT_NONE', 'MAP_PRIVATE|MAP_ANONYMOUS', 'MAP_SHARED', 'MREMAP_MAYMOVE'),
      fc.constantFrom('0644', '0x3', '99999999999999999', '0x', '-', 'PROT_BOGUS', '0|PROT_READ', '3</x>', '"s"', '[1]', 'a b', '', 'fd=3', 'PROT_READ /* x */', 'MAP_PRIVATE|21<<MAP_HUGE_SHIFT'),
    );
    const sep = often(fc.constant(', '), fc.constantFrom(',', ' , ', ',  '));
    const result = often(fc.constantFrom('0', '0x7f00'), fc.constantFrom('-1 ENOMEM (Cannot allocate memory)', '?', '0 <0.000012>', '12 ', 'x', '0644'));
    const name = fc.constantFrom('mmap', 'munmap', 'mprotect', 'mremap', 'brk', 'mmap2', 'madvise');
    const args = often(fc.constantFrom(1, 2, 3, 4, 5, 6), fc.constantFrom(0, 7)).chain((n) => fc.array(arg, { minLength: n, maxLength: n }));
    let fast = 0;
    fc.assert(
      fc.property(name, args, sep, often(fc.constantFrom(' = ', '     = '), fc.constantFrom('=', ' =  ')), result, (n, args, s, eq, res) => {
        if (expectSameAsGeneral(`${n}(${args.join(s)})${eq}${res}`)) fast++;
      }),
      { numRuns: 5000 },
    );
    expect(fast).toBeGreaterThan(10); // ~60 expected: the fast path was exercised
  });
});
