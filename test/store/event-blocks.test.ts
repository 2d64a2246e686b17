// Events stored in blocks (schema 7): reads across block edges, live readers, bytes of any value, the SQL views.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, BLOCK_STEPS } from '../../src/store/event-blocks.js';
import { Queries } from '../../src/store/queries.js';
import type { EventRow } from '../../src/store/schema.js';
import { BATCH_ROWS, createWriter } from '../../src/store/writer.js';

type Row = Omit<EventRow, 'raw'> & { raw: string | Uint8Array };

// Steps 1…n with pids, tasks and spaces that change, texts of many sizes (some long enough to cut a block by bytes),
// raws given as strings and as bytes, changed steps with and without ranges of their own.
function rowOf(step: number): Row {
  const pid = 200 + (step % 5);
  const tiny = step > 8000 && step <= 9000; // small enough for full blocks of BLOCK_STEPS
  const changed = step % 3 === 0 || tiny ? 0 : 1;
  const long = step % 97 === 0 && step < 5000 ? 'x'.repeat(20_000) : '';
  const rawText = tiny ? '' : `${pid} mmap(NULL, ${step}) = 0x${step.toString(16)}${long}${step % 11 === 0 ? '\n<... mmap resumed>) = 0' : ''}`;
  return {
    step,
    pid,
    proc_id: step % 13 === 0 ? null : pid - 199 + (step > 3000 ? 10 : 0),
    space_id: step % 17 === 0 ? null : 1 + Math.floor(step / 1000),
    changed,
    event: tiny ? '{}' : step % 2 === 0 ? `["munmap",null,${step},null,null,0,0,${step * 4096},4096]` : JSON.stringify({ kind: 'generic', step, pid, line: step, syscall: 'close', result: { kind: 'ok', value: 0 } }),
    raw: step % 4 === 0 ? new TextEncoder().encode(rawText) : rawText,
    touched: changed === 0 || step % 7 === 0 ? null : `[${step * 4096},${step * 4096 + 4096}]`,
  };
}

// insertEventRow takes a row as readers see it; the writer takes bytes too (what insertEvent gets from the parse worker).
const asRow = (r: Row): EventRow => r as EventRow;

const textOf = (raw: string | Uint8Array): string => (typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));

// What a reader gets for a row: the texts as strings.
const expected = (r: Row) => ({ ...r, raw: textOf(r.raw) });

describe('event blocks', () => {
  const n = 2 * BATCH_ROWS + 321;
  const db = new Database(':memory:');
  const w = createWriter(db);
  for (let step = 1; step <= n; step++) {
    w.insertEventRow(asRow(rowOf(step)));
    if (step === 1000 || step === 1001 || step === 1003) w.flush(); // blocks of 1 and 2 steps
  }
  w.finish({});
  const q = new Queries(db);
  const blocks = db.prepare('SELECT first_step, last_step, json_array_length(pids) AS n, length(events) + length(touched) + length(raws) AS bytes FROM event_blocks ORDER BY first_step').all() as {
    first_step: number;
    last_step: number;
    n: number;
    bytes: number;
  }[];
  const rowsOf = (from: number, to: number) => q.events(from, to).map((e) => ({ step: e.step, pid: e.pid, proc_id: e.procId ?? null, space_id: e.spaceId ?? null, changed: e.changed ? 1 : 0, raw: e.raw }));
  const want = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => expected(rowOf(from + i))).map((r) => ({ step: r.step, pid: r.pid, proc_id: r.proc_id, space_id: r.space_id, changed: r.changed, raw: r.raw }));

  it('cuts blocks of consecutive steps by count, by bytes and at every commit', () => {
    expect(blocks[0]?.first_step).toBe(1);
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as (typeof blocks)[number];
      expect(b.n).toBe(b.last_step - b.first_step + 1);
      expect(b.n).toBeLessThanOrEqual(BLOCK_STEPS);
      if (i > 0) expect(b.first_step).toBe((blocks[i - 1] as (typeof blocks)[number]).last_step + 1);
    }
    expect(blocks[blocks.length - 1]?.last_step).toBe(n);
    expect(blocks.some((b) => b.n === BLOCK_STEPS)).toBe(true);
    expect(blocks.some((b) => b.n < BLOCK_STEPS && b.bytes >= BLOCK_BYTES)).toBe(true);
    expect(blocks.filter((b) => b.first_step === 1001 || b.first_step === 1002).map((b) => b.n)).toEqual([1, 2]);
    expect(q.maxStep()).toBe(n);
    expect(q.count('events')).toBe(n);
  });

  it('writes each block\'s offsets with as many digits as its largest offset needs', () => {
    const ends = db.prepare('SELECT json_array_length(pids) AS n, ends, max(length(events), length(raws), length(touched)) AS most FROM event_blocks').all() as { n: number; ends: Buffer; most: number }[];
    for (const { n: steps, ends: e, most } of ends) {
      const width = String(most).length;
      expect(e.toString('latin1', 0, 1)).toBe(String(width));
      expect(e.length).toBe(1 + 3 * (steps + 1) * width);
      expect(e.toString('latin1', 1, 1 + 3 * width)).toBe('0'.repeat(3 * width));
      expect(Number(e.toString('latin1', e.length - 3 * width, e.length - 2 * width))).toBeLessThanOrEqual(most);
    }
    expect(new Set(ends.map((b) => b.ends[0])).size).toBeGreaterThanOrEqual(3);
  });

  it('reads ranges across block edges and single steps at each edge', () => {
    const edges = blocks.slice(0, 40).flatMap((b) => [b.first_step, b.last_step]);
    for (const s of edges) {
      expect(rowsOf(s, s)).toEqual(want(s, s));
      expect(q.eventRow(s)).toEqual(expected(rowOf(s)));
      expect(q.vmEvents(s, s).map((e) => [e.step, e.pid])).toEqual([[s, rowOf(s).pid]]);
    }
    for (const [lo, hi] of [
      [1, 1],
      [BLOCK_STEPS - 3, BLOCK_STEPS + 3],
      [995, 1010],
      [1, 3 * BLOCK_STEPS + 17],
      [BATCH_ROWS - 40, BATCH_ROWS + 700],
      [n - 5, n + 100],
    ] as const) {
      expect(rowsOf(lo, hi)).toEqual(want(lo, Math.min(hi, n)));
      expect(rowsOf(lo + 1, hi - 1)).toEqual(want(lo + 1, Math.min(hi - 1, n))); // from the blocks just read, when it has them all
      expect(q.vmEvents(lo, hi).map((e) => e.step)).toEqual(want(lo, Math.min(hi, n)).map((r) => r.step));
    }
    expect(q.events(n + 1, n + 10)).toEqual([]);
    expect(q.eventRow(n + 1)).toBeUndefined();
    expect(q.eventRow(0)).toBeUndefined();
  });

  it('reads the steps of a pid or a task spanning many blocks', () => {
    for (const [lo, hi] of [
      [1, n],
      [700, 4100],
      [BLOCK_STEPS, BLOCK_STEPS],
    ] as const) {
      const byPid = q.events(lo, hi, { pid: 203 });
      expect(byPid.map((e) => e.step)).toEqual(want(lo, hi).filter((r) => r.pid === 203).map((r) => r.step));
      expect(byPid.map((e) => e.raw)).toEqual(want(lo, hi).filter((r) => r.pid === 203).map((r) => r.raw));
      const byTask = q.events(lo, hi, { procId: 12, spaceId: 4 });
      expect(byTask.map((e) => e.step)).toEqual(want(lo, hi).filter((r) => r.proc_id === 12 && r.space_id === 4).map((r) => r.step));
    }
  });

  it('shows one events_flat row per event with the columns the readers give', () => {
    const flat = db.prepare('SELECT step, pid, proc_id, space_id, changed, event, raw, touched FROM events_flat').all();
    expect(flat).toHaveLength(n);
    const wantFlat = Array.from({ length: n }, (_, i) => expected(rowOf(i + 1)));
    expect(flat).toEqual(wantFlat);
    const read = q.events(1, n).map((e) => ({ ...q.eventRow(e.step), changed: e.changed ? 1 : 0 }));
    expect(read).toEqual(flat);
    // The events view keeps schema 5's columns: the touched text as stored ('[]' for a change outside its own ranges).
    expect(db.prepare('SELECT step, pid, event, touched FROM events WHERE step IN (1, 7, 9)').all()).toEqual([
      { step: 1, pid: 201, event: rowOf(1).event, touched: '[4096,8192]' },
      { step: 7, pid: 202, event: rowOf(7).event, touched: '[]' },
      { step: 9, pid: 204, event: rowOf(9).event, touched: null },
    ]);
  });

  it('has the statistics a full ANALYZE writes (event_blocks\' row count written by the writer)', () => {
    const stats = () => db.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').all();
    const written = stats();
    expect(written).toContainEqual({ tbl: 'event_blocks', idx: null, stat: String(blocks.length) });
    db.exec('ANALYZE');
    expect(stats()).toEqual(written);
  });

  it('refuses steps that do not ascend, and cuts a block at a gap', () => {
    const db2 = new Database(':memory:');
    const w2 = createWriter(db2);
    w2.insertEventRow(asRow(rowOf(1)));
    w2.insertEventRow(asRow(rowOf(2)));
    expect(() => w2.insertEventRow(asRow(rowOf(2)))).toThrow(/ascend/);
    w2.insertEventRow(asRow(rowOf(5)));
    w2.finish({});
    expect(db2.prepare('SELECT first_step, last_step FROM event_blocks').all()).toEqual([
      { first_step: 1, last_step: 2 },
      { first_step: 5, last_step: 5 },
    ]);
    expect(new Queries(db2).events(1, 10).map((e) => e.step)).toEqual([1, 2, 5]);
  });
});

describe('event blocks: bytes of any value', () => {
  it('keeps raw lines with NUL, CR, control bytes, non-ASCII and invalid UTF-8 byte for byte', () => {
    const db = new Database(':memory:');
    const w = createWriter(db);
    const raws: (string | Uint8Array)[] = [
      new Uint8Array([0x31, 0x00, 0x0d, 0x1b, 0x5b, 0x32, 0x4a]),
      new Uint8Array([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98, 0x80]), // invalid, a pair joined by \n, an emoji
      'pid 1 open("/tmp/é/日本", O_RDONLY) = 3\n<... open resumed> = 3',
      new Uint8Array(0),
      new TextEncoder().encode('ünïcödé 😀'),
      'x'.repeat(70_000),
      'y'.repeat(2_100_000), // grows the block's buffers past 1 MiB: given back after the block
      'z',
    ];
    raws.forEach((raw, i) => w.insertEvent(i + 1, 7, 1, 1, 0, `{"kind":"generic","n":"é${i}"}`, raw, null));
    w.finish({});
    const bytes = (raw: string | Uint8Array): Buffer => Buffer.from(typeof raw === 'string' ? new TextEncoder().encode(raw) : raw);
    // Stored bytes: exactly those given (strings as UTF-8).
    const stored = db.prepare('SELECT CAST(raw AS BLOB) AS b FROM events ORDER BY step').pluck().all() as Buffer[];
    expect(stored).toEqual(raws.map(bytes));
    expect(db.prepare('SELECT typeof(raw) FROM events').pluck().all()).toEqual(raws.map(() => 'text'));
    // Offsets of 5, 7 and 2 digits: the 70 kB line's block, the 2.1 MB line's, the last one's.
    expect(db.prepare('SELECT CAST(substr(ends, 1, 1) AS TEXT) FROM event_blocks ORDER BY first_step').pluck().all()).toEqual(['5', '7', '2']);
    // Read back as strings the way SQLite TEXT was (invalid sequences become U+FFFD), by the readers and through the views.
    const q = new Queries(db);
    const texts = raws.map((r) => bytes(r).toString('utf8'));
    expect(q.events(1, raws.length).map((e) => e.raw)).toEqual(texts);
    expect(db.prepare('SELECT raw FROM events_flat ORDER BY step').pluck().all()).toEqual(texts);
    expect(q.events(1, raws.length).map((e) => (e.event as unknown as { n: string }).n)).toEqual(raws.map((_, i) => `é${i}`));
  });
});

describe('event blocks: a live reader', () => {
  it('sees whole committed blocks only, with the step lists and tasks of the same commit', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-blocks-')), 'live.db');
    const db = new Database(path);
    const w = createWriter(db, { live: true });
    const reader = new Database(path, { readonly: true });
    const q = new Queries(reader);
    const seen = (): { steps: number[]; byPid: number[]; blocks: { first_step: number; last_step: number; n: number }[] } => ({
      steps: q.events(1, 1e9).map((e) => e.step),
      byPid: q.steps('pid', 202),
      blocks: reader.prepare('SELECT first_step, last_step, json_array_length(pids) AS n FROM event_blocks').all() as { first_step: number; last_step: number; n: number }[],
    });
    const first = BLOCK_STEPS + 37;
    for (let step = 1; step <= first; step++) w.insertEventRow(asRow(rowOf(step)));
    // Full blocks are written at once, but nothing is visible before the commit.
    expect(seen().steps).toEqual([]);
    w.flush();
    const after = seen();
    expect(after.steps).toEqual(Array.from({ length: first }, (_, i) => i + 1));
    expect(after.byPid).toEqual(after.steps.filter((s) => rowOf(s).pid === 202));
    expect(after.blocks.every((b) => b.n === b.last_step - b.first_step + 1)).toBe(true);
    expect(after.blocks[after.blocks.length - 1]?.last_step).toBe(first);
    // More events, a full block among them, not committed: the reader still sees the first commit exactly.
    for (let step = first + 1; step <= first + BLOCK_STEPS + 5; step++) w.insertEventRow(asRow(rowOf(step)));
    expect(seen()).toEqual(after);
    expect(q.maxStep()).toBe(first);
    expect(q.events(first - 2, first + 10).map((e) => [e.step, e.procId ?? null, e.spaceId ?? null])).toEqual([first - 2, first - 1, first].map((s) => [s, rowOf(s).proc_id, rowOf(s).space_id]));
    w.finish({});
    expect(seen().steps).toHaveLength(first + BLOCK_STEPS + 5);
    reader.close();
    db.close();
  });
});
