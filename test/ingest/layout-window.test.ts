// The enrichment window: a successful execve waits for `layoutWindow` followers before its layout is inferred,
// and everything after it waits too; the rest goes straight to the replay. Real replay, in-memory DB.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest/ingest.js';
import type { ParserLike } from '../../src/ingest/types.js';
import type { ExecLayout, VmEvent } from '../../src/model/events.js';
import { TraceDb } from '../../src/store/trace-db.js';

const EXECS = new Set([2, 11]);
const STEPS = 12;

// Line n is step n: an execve at the lines in EXECS, else an anonymous mmap at its own page.
function eventOf(n: number): VmEvent {
  const common = { step: n, pid: 7, line: n, source: 0, time: n * 10 };
  if (EXECS.has(n)) return { ...common, kind: 'execve', syscall: 'execve', path: '/bin/x', argv: ['x', String(n)], result: { kind: 'ok', value: 0 } };
  const addr = 0x10000000 + n * 0x10000;
  return { ...common, kind: 'mmap', syscall: 'mmap', addr: 0, length: 4096, prot: 3, flags: 0x22, offset: 0, result: { kind: 'ok', value: addr } };
}

const parser: ParserLike = { push: (_text, lineNo) => [eventOf(lineNo)], end: () => [], diagnostics: [], info: {} };

describe('ingest enrichment window', () => {
  const following: number[][] = [];
  const layoutFor = (e: { readonly step: number }, after: readonly VmEvent[]): ExecLayout => {
    following.push(after.map((f) => f.step));
    return { source: 'captured', regions: [{ start: 0x400000 + e.step * 0x1000, end: 0x401000 + e.step * 0x1000, perms: 'r-xp', offset: 0, dev: '00:00', inode: 0, name: '/bin/x' }] };
  };
  const db = new Database(':memory:');
  const ingest = createIngest(db, { parser, layoutFor, layoutWindow: 3, fileInfo: () => undefined, checkpointEvery: 5 });
  for (let n = 1; n <= STEPS; n++) ingest.push(`line ${n}`, n);
  const summary = ingest.end();
  const tdb = TraceDb.fromHandle(db);

  it('gives each execve the next layoutWindow events (fewer at the end) and stores its layout', () => {
    expect(following).toEqual([[3, 4, 5], [12]]);
    expect(db.prepare('SELECT step FROM layouts ORDER BY step').pluck().all()).toEqual([2, 11]);
    expect(tdb.event(2)?.event).toMatchObject({ kind: 'execve', layout: { source: 'captured' } });
  });

  it('writes every step once, in order, and replays the layout before the events after it', () => {
    expect(summary.steps).toBe(STEPS);
    expect(db.prepare('SELECT step FROM events ORDER BY step').pluck().all()).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    const space = db.prepare('SELECT space_id FROM events_flat WHERE step = 3').pluck().get() as number;
    const starts = tdb.regionsAt(3, space).map((r) => r.start);
    expect(starts).toEqual([0x402000, 0x10000000 + 3 * 0x10000]);
    const last = db.prepare('SELECT space_id FROM events_flat WHERE step = 12').pluck().get() as number;
    expect(tdb.regionsAt(12, last).map((r) => r.start)).toEqual([0x400000 + 11 * 0x1000, 0x10000000 + 12 * 0x10000]);
  });
});
