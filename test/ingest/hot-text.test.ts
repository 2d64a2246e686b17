import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHot, HOT_SLOTS } from '../../src/ingest/hot-events.js';
import { HotTextWriter } from '../../src/ingest/hot-text.js';
import type { VmEvent } from '../../src/model/events.js';
import { eventText } from '../../src/parse/event-text.js';
import { corpusTraces } from '../helpers/corpus.js';
import { memoryCallLines } from '../helpers/strace-arbitraries.js';
import { parseAll } from '../parse/helpers.js';

// Every event through the records and the byte writer (small first buffers: they must grow); returns how many had bytes.
function check(events: readonly VmEvent[]): number {
  const rec = new Float64Array(Math.max(1, events.length) * HOT_SLOTS);
  const writer = new HotTextWriter(2);
  const hot = events.map((e, i) => encodeHot(e, rec, i));
  events.forEach((_, i) => writer.add(rec, i, hot[i] === true));
  const { bytes, ends } = writer.take();
  expect(ends.length).toBe(events.length);
  // Buffers of their own size (kept by the import's queues and the writer thread), not the writer's.
  expect([bytes.buffer.byteLength, ends.buffer.byteLength]).toEqual([bytes.length, 4 * ends.length]);
  writer.add(rec, 0, hot[0] === true);
  writer.take();
  let from = 0;
  events.forEach((e, i) => {
    const text = Buffer.from(bytes.subarray(from, ends[i])).toString('latin1');
    expect(text).toBe(hot[i] === true ? eventText(e) : '');
    from = ends[i] as number;
  });
  return hot.filter(Boolean).length;
}

const mmap = (over: Record<string, unknown>): VmEvent =>
  ({ kind: 'mmap', addr: 0, length: 4096, prot: 3, flags: 34, offset: 0, file: undefined, step: 1, pid: 7, time: 1796052031304590, line: 3, source: 0, syscall: 'mmap', result: { kind: 'ok', value: 0x7f5602823000 }, ...over }) as VmEvent;

describe('hot texts as bytes', () => {
  it('are exactly eventText for generated memory calls', () => {
    let hot = 0;
    fc.assert(
      fc.property(memoryCallLines, (groups) => {
        hot += check(parseAll(groups.flat()).events);
      }),
      { numRuns: 1000 },
    );
    expect(hot).toBeGreaterThan(500);
  });

  it('are exactly eventText for every trace in traces/ and the damaged corpus', () => {
    let hot = 0;
    for (const [, lines] of corpusTraces()) hot += check(parseAll(lines).events);
    expect(hot).toBeGreaterThan(500);
  });

  it('write numbers as String does: 0, int32 and 2^31 edges, 8-digit groups, past 2^53, negative, absent', () => {
    const values = [0, 9, 10, 99, 100, 101, 1e8 + 5, 1e15 + 7, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, 1e8, 1e8 - 1, 123456780000000, 2 ** 53 - 1, 2 ** 53 + 2, 0xffffffffff600000, -1, -(2 ** 40)];
    const events = values.flatMap((v) => [mmap({ addr: v }), mmap({ offset: v, time: undefined, source: undefined, entryLine: 2 }), mmap({ result: { kind: 'ok', value: v }, skipped: true })]);
    events.push(mmap({ result: { kind: 'error', errno: 'ENOMEM' } }), mmap({ result: { kind: 'none' } }));
    events.push({ kind: 'mremap', oldAddr: 4096, oldLength: 4096, newLength: 8192, flags: 3, newAddr: 2 ** 46, step: 2, pid: 7, line: 9, syscall: 'mremap', result: { kind: 'ok', value: 2 ** 46 } } as VmEvent);
    events.push({ kind: 'brk', addr: 0, step: 3, pid: 7, line: 10, syscall: 'break', result: { kind: 'ok', value: 94_000_000_000_000 } } as VmEvent);
    expect(check(events)).toBe(events.length);
  });

  it('write any number of any digit count as String does (four digits per store)', () => {
    const num = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1e5, max: 1e5 }), fc.nat({ max: 16 }).chain((d) => fc.integer({ min: 0, max: 9 }).map((k) => k * 10 ** d + (d > 0 ? 10 ** (d - 1) - 1 : 0))), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(num, num, num), { minLength: 1, maxLength: 20 }), (vs) => {
        expect(check(vs.map(([a, b, c]) => mmap({ addr: a, offset: b, result: { kind: 'ok', value: c } })))).toBe(vs.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('leave what eventText keeps as an object to the text: infinite or NaN numbers, a mismatched call name', () => {
    const events = [mmap({ addr: Infinity }), mmap({ time: Number.NaN }), mmap({ result: { kind: 'ok', value: -Infinity } }), mmap({ syscall: 'munmap' })];
    expect(check(events)).toBe(0);
    for (const e of events) expect(eventText(e).startsWith('{')).toBe(true);
    // skipped: false is rare enough to go as a string, still in the array form.
    expect(check([mmap({ skipped: false })])).toBe(0);
  });
});
