import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHot, encodeHot, HOT_SLOTS, pidOf, stepOf } from '../../src/ingest/hot-events.js';
import type { VmEvent } from '../../src/model/events.js';
import { eventJson } from '../../src/parse/event-json.js';
import { corpusTraces } from '../helpers/corpus.js';
import { memoryCallLines } from '../helpers/strace-arbitraries.js';
import { parseAll } from '../parse/helpers.js';

// Each event through the numbers, against the same event through JSON (what the main thread did before).
function roundTrips(events: readonly VmEvent[]): number {
  const hot = new Float64Array(events.length * HOT_SLOTS);
  let encoded = 0;
  events.forEach((e, i) => {
    const done = encodeHot(e, hot, i);
    const back = decodeHot(hot, i);
    expect(back !== undefined).toBe(done);
    if (back === undefined) return;
    encoded++;
    const viaJson = JSON.parse(eventJson(e)) as VmEvent;
    expect(back).toStrictEqual({ ...viaJson, ...Object.fromEntries(Object.keys(back).filter((k) => !(k in viaJson)).map((k) => [k, undefined])) });
    expect(JSON.stringify(back)).toBe(eventJson(e));
  });
  return encoded;
}

describe('hot events', () => {
  it('come back as JSON.parse would give them, on generated memory calls', () => {
    fc.assert(
      fc.property(memoryCallLines, (groups) => {
        roundTrips(parseAll(groups.flat()).events);
      }),
      { numRuns: 1500 },
    );
  });

  it('come back as JSON.parse would give them, on every trace in traces/ and the damaged corpus', () => {
    let encoded = 0;
    let all = 0;
    for (const [, lines] of corpusTraces()) {
      const { events } = parseAll(lines);
      all += events.length;
      encoded += roundTrips(events);
    }
    expect(encoded).toBeGreaterThan(all / 8); // (file mappings, opens and closes fill small real traces)
  });

  it('carry the usual errors as numbers', () => {
    const { events } = parseAll(['1 munmap(0x7f0000000000, 4096) = -1 EINVAL (Invalid argument)', '1 mremap(0x7f0000000000, 4096, 8192, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)']);
    expect(roundTrips(events)).toBe(2);
  });

  it('leave file mappings, rare errors, spawn hints and other calls to their text', () => {
    const { events } = parseAll([
      '1 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</lib/x.so>, 0) = 0x7f0000000000',
      '1 munmap(0x7f0000000000, 4096) = -1 ENOTSUP (Operation not supported)',
      '1 pkey_mprotect(0x7f0000000000, 4096, PROT_READ, 1) = 0',
      '1 exit_group(0) = ?',
    ]);
    const hot = new Float64Array(events.length * HOT_SLOTS).fill(7);
    events.forEach((e, i) => expect(encodeHot(e, hot, i)).toBe(false));
    events.forEach((_, i) => expect(decodeHot(hot, i)).toBeUndefined());
    // Their step and pid still travel as numbers: their stored text may not name them (parse/event-text.ts).
    expect(events.map((_, i) => [stepOf(hot, i), pidOf(hot, i)])).toEqual(events.map((e) => [e.step, e.pid]));
  });
});
