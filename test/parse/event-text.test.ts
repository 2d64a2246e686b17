import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VmEvent } from '../../src/model/events.js';
import { eventJson } from '../../src/parse/event-json.js';
import { eventFromText, eventText } from '../../src/parse/event-text.js';
import { corpusTraces } from '../helpers/corpus.js';
import { memoryCallLines } from '../helpers/strace-arbitraries.js';
import { parseAll } from './helpers.js';

// Stores and reads back every event of `lines`; returns how many were kept as arrays.
function roundTrip(lines: readonly string[]): { arrays: number; events: number } {
  const { events } = parseAll(lines);
  let arrays = 0;
  for (const e of events) {
    const text = eventText(e);
    if (text.startsWith('[')) arrays++;
    else expect(text).toBe(eventJson(e));
    const back = eventFromText(text, e.step, e.pid);
    const want = JSON.parse(eventJson(e)) as VmEvent;
    // The same keys in the same order, no key set to undefined: what JSON.parse of the object form gave.
    expect(Object.keys(back)).toEqual(Object.keys(want));
    expect(JSON.stringify(back)).toBe(eventJson(e));
    expect(back).toStrictEqual(want);
  }
  return { arrays, events: events.length };
}

describe('eventText / eventFromText', () => {
  it('give back JSON.parse(eventJson(e)) for generated memory calls (split, failed, injected, decorated, with and without pid/time)', () => {
    let arrays = 0;
    fc.assert(
      fc.property(memoryCallLines, (groups) => {
        arrays += roundTrip(groups.flat()).arrays;
      }),
      { numRuns: 1500 },
    );
    expect(arrays).toBeGreaterThan(1000);
  });

  it('give back every event of every trace in traces/ and of the damaged corpus', () => {
    let arrays = 0;
    let events = 0;
    for (const [, lines] of corpusTraces()) {
      const r = roundTrip(lines);
      arrays += r.arrays;
      events += r.events;
    }
    expect(events).toBeGreaterThan(3000);
    expect(arrays).toBeGreaterThan(500);
  });

  it('keep as arrays only the anonymous memory calls: a mapped file, a pkey, another call stay objects', () => {
    const { events } = parseAll([
      '1 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/libc.so.6>, 0) = 0x7f0000000000',
      '1 pkey_mprotect(0x7f0000000000, 4096, PROT_READ, 1) = 0',
      '1 madvise(0x7f0000000000, 4096, MADV_DONTNEED) = 0',
      '1 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '1 mremap(0x7f0000000000, 8192, 4096, 0) = -1 EFAULT (Bad address)',
    ]);
    expect(events.map((e) => eventText(e).charAt(0))).toEqual(['{', '{', '{', '[', '[']);
    expect(eventText(events[4] as VmEvent)).toBe('["mremap",null,5,null,0,"EFAULT",0,139637976727552,8192,4096,0,null]');
  });

  it('keep an mmap whose mapping a live recording saw (seen) as an object, seen included, read back whole', () => {
    const { events } = parseAll(['1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000']);
    const e = { ...(events[0] as VmEvent & { kind: 'mmap' }), seen: { length: 12288, name: '/dev/zero (deleted)', dev: '00:01', inode: 1103 } };
    const text = eventText(e);
    expect(text).toBe(eventJson(e));
    expect(text).toBe(JSON.stringify(e));
    expect(eventFromText(text, e.step, e.pid)).toStrictEqual(JSON.parse(JSON.stringify(e)));
  });

  it('refuses an array naming a call that is never kept as one', () => {
    expect(() => eventFromText('["madvise",null,1,null,0,0,0,1,2,3]', 1, 1)).toThrow(/not a call kept as an array/);
  });
});
