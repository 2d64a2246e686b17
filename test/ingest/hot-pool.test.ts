import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHot, encodeHot, HOT_SLOTS } from '../../src/ingest/hot-events.js';
import { HotEventPool } from '../../src/ingest/hot-pool.js';
import type { VmEvent } from '../../src/model/events.js';
import { corpusTraces } from '../helpers/corpus.js';
import { memoryCallLines } from '../helpers/strace-arbitraries.js';
import { parseAll } from '../parse/helpers.js';

// The events as records, decoded by one pool that keeps `live` of them at a time (releasing the oldest, as the
// import does once it applied one): each equals decodeHot's fresh object, and none still held was refilled.
function throughPool(events: readonly VmEvent[], live: number): { decoded: number; reused: number } {
  const hot = new Float64Array(events.length * HOT_SLOTS);
  events.forEach((e, i) => encodeHot(e, hot, i));
  const pool = new HotEventPool();
  const held: { event: VmEvent; json: string }[] = [];
  const seen = new Set<VmEvent>();
  let decoded = 0;
  let reused = 0;
  for (let i = 0; i < events.length; i++) {
    const e = pool.decode(hot, i);
    const fresh = decodeHot(hot, i);
    expect(e).toStrictEqual(fresh);
    if (e === undefined) continue;
    decoded++;
    if (seen.has(e)) reused++;
    seen.add(e);
    held.push({ event: e, json: JSON.stringify(e) });
    if (held.length > live) pool.release((held.shift() as { event: VmEvent }).event);
    // What is still held is as it was decoded.
    for (const h of held) expect(JSON.stringify(h.event)).toBe(h.json);
  }
  return { decoded, reused };
}

describe('hot event pool', () => {
  it('gives what decodeHot gives, refilling released events only, on generated memory calls', () => {
    fc.assert(
      fc.property(memoryCallLines, fc.integer({ min: 0, max: 4 }), (groups, live) => {
        throughPool(parseAll(groups.flat()).events, live);
      }),
      { numRuns: 500 },
    );
  });

  it('gives what decodeHot gives on every trace in traces/ and the damaged corpus, mostly from released events', () => {
    let decoded = 0;
    let reused = 0;
    for (const [, lines] of corpusTraces()) {
      const r = throughPool(parseAll(lines).events, 3);
      decoded += r.decoded;
      reused += r.reused;
    }
    expect(reused).toBeGreaterThan(decoded / 2);
  });

  it('leaves other events alone: release of an event it did not make of another kind is a no-op', () => {
    const pool = new HotEventPool();
    const { events } = parseAll(['1 exit_group(0) = ?', '1 munmap(0x7f0000000000, 4096) = 0']);
    pool.release(events[0] as VmEvent);
    const hot = new Float64Array(HOT_SLOTS);
    expect(encodeHot(events[1] as VmEvent, hot, 0)).toBe(true);
    expect(pool.decode(hot, 0)).toStrictEqual(decodeHot(hot, 0));
  });
});
