// insertEventSpans (texts as bytes [from, to) of shared buffers, touched as ranges) stores exactly what insertEvent
// stores for the same texts given as strings or views and touchedText of the ranges.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { touchedText } from '../../src/store/touched-text.js';
import { createWriter } from '../../src/store/writer.js';

type Range = { start: number; end: number };
interface Ev {
  pid: number;
  procId: number | null;
  spaceId: number | null;
  changed: number;
  event: string;
  raw: string;
  asBytes: boolean;
  touched: Range[];
}

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', 'x'.repeat(9000), '\n<... mmap resumed>) = 0'));
const range = fc.record({ start: fc.oneof(fc.maxSafeNat(), fc.nat(4096)), end: fc.oneof(fc.maxSafeNat(), fc.double({ min: 0, max: 2 ** 64, noNaN: true })) });
const ev: fc.Arbitrary<Ev> = fc
  .record({
    pid: fc.integer({ min: 1, max: 4_194_304 }),
    procId: fc.option(fc.nat(20), { nil: null }),
    spaceId: fc.option(fc.nat(20), { nil: null }),
    changed: fc.constantFrom(0, 1),
    event: text,
    raw: text,
    asBytes: fc.boolean(),
    touched: fc.array(range, { maxLength: 5 }),
  })
  .map((e) => (e.changed === 0 ? { ...e, touched: [] } : e));

// Every column of every block, and the other tables the writer fills per event.
function dump(db: Database.Database): unknown[] {
  const q = (sql: string) => db.prepare(sql).raw().all();
  return [q('SELECT * FROM event_blocks ORDER BY first_step'), q('SELECT * FROM event_tasks ORDER BY pid, step'), q('SELECT * FROM step_lists ORDER BY kind, key, first_step'), q('SELECT * FROM proc_spaces ORDER BY proc_id, step')];
}

// The texts of `events` laid out back to back in one buffer (as a parse worker batch holds them), with gaps between some.
function layout(texts: readonly string[]): { buffer: ArrayBuffer; spans: [number, number][] } {
  const enc = new TextEncoder();
  const parts = texts.map((t) => enc.encode(t));
  const buffer = new ArrayBuffer(parts.reduce((n, p) => n + p.length + 3, 8));
  const bytes = new Uint8Array(buffer);
  let at = 5; // not from 0: offsets are the ArrayBuffer's
  const spans = parts.map((p, i): [number, number] => {
    bytes.set(p, at);
    const span: [number, number] = [at, at + p.length];
    at += p.length + (i % 3 === 0 ? 2 : 0);
    return span;
  });
  return { buffer, spans };
}

describe('insertEventSpans', () => {
  it('stores the same blocks, step lists and tasks as insertEvent of the texts and touchedText of the ranges', () => {
    fc.assert(
      fc.property(fc.array(ev, { minLength: 1, maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 3 }), (events, flushAt) => {
        const a = new Database(':memory:');
        const b = new Database(':memory:');
        const wa = createWriter(a);
        const wb = createWriter(b);
        const ev = layout(events.map((e) => e.event));
        const raw = layout(events.map((e) => e.raw));
        events.forEach((e, i) => {
          const step = i + 1;
          const [ef, et] = ev.spans[i] as [number, number];
          const [rf, rt] = raw.spans[i] as [number, number];
          wa.insertEvent(step, e.pid, e.procId, e.spaceId, e.changed, e.asBytes ? new Uint8Array(ev.buffer, ef, et - ef) : e.event, e.raw, e.changed === 1 ? (touchedText(e.touched) ?? '[]') : null);
          if (e.asBytes) wb.insertEventSpans(step, e.pid, e.procId, e.spaceId, e.changed, ev.buffer, ef, et, raw.buffer, rf, rt, e.touched);
          else wb.insertEventSpans(step, e.pid, e.procId, e.spaceId, e.changed, e.event, 0, 0, e.raw, 0, 0, e.touched);
          if (flushAt.includes(i)) {
            wa.flush();
            wb.flush();
          }
        });
        wa.finish({});
        wb.finish({});
        expect(dump(b)).toEqual(dump(a));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses ranges of an event that changed nothing, and steps that do not ascend', () => {
    const w = createWriter(new Database(':memory:'));
    expect(() => w.insertEventSpans(1, 7, 1, 1, 0, '{}', 0, 0, 'r', 0, 0, [{ start: 0, end: 4096 }])).toThrow(/touched ranges without changed = 1/);
    w.insertEventSpans(2, 7, 1, 1, 1, '{}', 0, 0, 'r', 0, 0, []);
    expect(() => w.insertEventSpans(2, 7, 1, 1, 0, '{}', 0, 0, 'r', 0, 0, [])).toThrow(/steps must ascend/);
  });
});
