import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Queries } from '../../src/store/queries.js';
import { decodeSteps, encodeSteps } from '../../src/store/step-lists.js';
import { BATCH_ROWS, createWriter } from '../../src/store/writer.js';

// Ascending distinct steps, with gaps from 1 to beyond 2^32 (several LEB128 bytes, past 32-bit arithmetic).
const ascending = fc
  .array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 100, max: 20_000 }), fc.integer({ min: 2 ** 32, max: 2 ** 40 })), { minLength: 1, maxLength: 200 })
  .map((gaps) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.length === 0 ? 0 : (acc[acc.length - 1] as number)) + g], []));

describe('step list encoding', () => {
  it('decodes what it encoded, keeping only the steps in [lo, hi]', () => {
    fc.assert(
      fc.property(ascending, fc.nat(), fc.nat(), (steps, a, b) => {
        const bytes = encodeSteps(steps, 0, steps.length);
        const all: number[] = [];
        decodeSteps(steps[0] as number, bytes, 0, Number.MAX_SAFE_INTEGER, all);
        expect(all).toEqual(steps);
        const top = steps[steps.length - 1] as number;
        const lo = a % (top + 2);
        const hi = lo + (b % (top + 2));
        const some: number[] = [];
        decodeSteps(steps[0] as number, bytes, lo, hi, some);
        expect(some).toEqual(steps.filter((s) => s >= lo && s <= hi));
      }),
    );
  });

  it('takes one byte per step while steps are less than 128 apart', () => {
    expect(encodeSteps([5, 6, 133, 134], 0, 4)).toEqual(new Uint8Array([1, 127, 1]));
    expect(encodeSteps([5, 133], 0, 2)).toEqual(new Uint8Array([0x80, 1]));
  });

  it('refuses a piece cut inside a delta', () => {
    expect(() => decodeSteps(1, new Uint8Array([0x80]), 0, 10, [])).toThrow(/truncated/);
  });
});

describe('step lists written with the events rows', () => {
  // Rows over several commits: 7 pids (one reused by two tasks), tasks moving between spaces, null ids.
  const rowOf = (step: number) => {
    const pid = 100 + ((step * 7) % 11) % 7;
    const procId = step % 13 === 0 ? null : pid === 103 && step > 15_000 ? 9 : pid - 99;
    const spaceId = step % 17 === 0 ? null : procId === null ? 1 : procId % 3 === 0 ? 2 + Math.floor(step / 9_000) : 1;
    const changed = step % 5 === 0 ? 0 : 1;
    return { step, pid, proc_id: procId, space_id: spaceId, changed, event: '{}', raw: `line ${step}`, touched: changed === 1 && step % 3 === 0 ? `[${step}]` : null };
  };
  const steps = 2 * BATCH_ROWS + 777;
  const db = new Database(':memory:');
  const w = createWriter(db);
  for (let step = 1; step <= steps; step++) w.insertEventRow(rowOf(step));
  w.finish({});
  const q = new Queries(db);
  // What the SQL indexes used to answer, as plain scans of the events rows (events_flat: with their task and space).
  const scan = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().all(...args) as number[];

  it('answers changedSteps, events by pid and by task exactly as a scan of the events table', () => {
    for (const space of [1, 2, 3, 4, 5, 99]) expect(q.changedSteps(space)).toEqual(scan('SELECT step FROM events_flat WHERE space_id = ? AND changed = 1 ORDER BY step', space));
    for (const [lo, hi] of [[1, steps], [9_990, 10_010], [20_001, 20_001], [steps + 1, steps + 50]] as const) {
      for (let pid = 99; pid <= 107; pid++) {
        expect(q.events(lo, hi, { pid }).map((e) => e.step)).toEqual(scan('SELECT step FROM events_flat WHERE pid = ? AND step BETWEEN ? AND ? ORDER BY step', pid, lo, hi));
      }
      for (const procId of [1, 4, 9, 12]) {
        expect(q.events(lo, hi, { procId }).map((e) => e.step)).toEqual(scan('SELECT step FROM events_flat WHERE proc_id = ? AND step BETWEEN ? AND ? ORDER BY step', procId, lo, hi));
        expect(q.events(lo, hi, { procId, pid: 103 }).map((e) => e.step)).toEqual(scan('SELECT step FROM events_flat WHERE proc_id = ? AND pid = 103 AND step BETWEEN ? AND ? ORDER BY step', procId, lo, hi));
        expect(q.events(lo, hi, { procId, spaceId: 2 }).map((e) => e.step)).toEqual(scan('SELECT step FROM events_flat WHERE proc_id = ? AND space_id = 2 AND step BETWEEN ? AND ? ORDER BY step', procId, lo, hi));
      }
    }
    expect(q.events(1, 20, { pid: 100 })[0]).toMatchObject({ raw: 'line 1', pid: 100, procId: 1 });
  });

  it('answers spaceOfProcAt as the latest event of the task naming a space', () => {
    const latest = db.prepare('SELECT space_id FROM events_flat WHERE proc_id = ? AND step <= ? AND space_id IS NOT NULL ORDER BY step DESC LIMIT 1').pluck();
    for (const procId of [1, 3, 4, 6, 9, 42]) {
      for (const step of [0, 1, 5, 13, 8_999, 9_000, 9_001, 15_001, 18_000, 19_999, steps, steps + 5]) expect(q.spaceOfProcAt(procId, step)).toBe(latest.get(procId, step));
    }
  });

  it('cuts each list at every commit, so a reader sees the lists of exactly the committed rows', () => {
    const pieces = db.prepare("SELECT first_step, last_step, count FROM step_lists WHERE kind = 'pid' AND key = 100 ORDER BY first_step").all() as { first_step: number; last_step: number; count: number }[];
    expect(pieces.length).toBe(3);
    expect(pieces.reduce((n, p) => n + p.count, 0)).toBe(scan('SELECT step FROM events_flat WHERE pid = 100').length);
    for (let i = 1; i < pieces.length; i++) expect((pieces[i] as { first_step: number }).first_step).toBeGreaterThan((pieces[i - 1] as { last_step: number }).last_step);
  });
});
