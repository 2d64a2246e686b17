import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS, EVENT_ROWS_SQL, SCHEMA_VERSION, createTableSql, insertSql, schemaSql } from '../../src/store/schema.js';
import type { VmEvent } from '../../src/model/events.js';
import { eventText } from '../../src/parse/event-text.js';
import { BATCH_ROWS, createWriter } from '../../src/store/writer.js';

describe('schema', () => {
  it('derives DDL and inserts from the one column map', () => {
    expect(createTableSql('anomalies')).toBe('CREATE TABLE anomalies (step INTEGER NOT NULL, message TEXT NOT NULL)');
    expect(createTableSql('proc_spaces')).toBe('CREATE TABLE proc_spaces (proc_id INTEGER NOT NULL, step INTEGER NOT NULL, space_id INTEGER NOT NULL, PRIMARY KEY (proc_id, step)) WITHOUT ROWID');
    expect(insertSql('files')).toBe('INSERT INTO files (path, dev, inode) VALUES (@path, @dev, @inode)');
    expect(schemaSql()).toHaveLength(Object.keys(COLUMNS).length + 2); // + the events and events_flat views
  });

  it('creates every table, the schema version and an incomplete mark', () => {
    const db = new Database(':memory:');
    createWriter(db);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['anomalies', 'captures', 'checkpoints', 'diagnostics', 'event_blocks', 'event_tasks', 'files', 'layouts', 'meta', 'proc_spaces', 'processes', 'step_lists']);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    expect(meta).toEqual({ app: 'vmtrace', complete: '0' });
    const cols = (db.prepare('PRAGMA table_info(event_blocks)').all() as { name: string; type: string }[]).map((c) => `${c.name}:${c.type}`);
    expect(cols).toEqual(['first_step:INTEGER', 'last_step:INTEGER', 'pids:TEXT', 'ends:BLOB', 'events:BLOB', 'touched:BLOB', 'raws:BLOB']);
    // The view keeps the columns of the events table of schema 5.
    expect((db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name)).toEqual(['step', 'pid', 'event', 'raw', 'touched']);
    const views = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(views).toEqual(['events', 'events_flat']);
  });
});

describe('batched writer', () => {
  it('commits in batches of BATCH_ROWS and marks complete only at finish', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-writer-')), 'w.db');
    const db = new Database(path);
    const w = createWriter(db);
    // A second connection sees only committed rows.
    const reader = new Database(path, { readonly: true });
    const count = (): number => (reader.prepare('SELECT count(*) AS n FROM anomalies').get() as { n: number }).n;
    for (let i = 0; i < BATCH_ROWS - 1; i++) w.insert('anomalies', { step: i, message: `m${i}` });
    expect(count()).toBe(0); // not committed yet
    w.insert('anomalies', { step: -1, message: 'x' });
    expect(count()).toBe(BATCH_ROWS);
    for (let i = 0; i < 5; i++) w.insert('anomalies', { step: i, message: 'tail' });
    expect(count()).toBe(BATCH_ROWS);
    const complete = (): string => (reader.prepare("SELECT value FROM meta WHERE key = 'complete'").get() as { value: string }).value;
    expect(complete()).toBe('0');
    w.finish({ lineCount: '7' });
    expect(count()).toBe(BATCH_ROWS + 5);
    expect(complete()).toBe('1');
    const idx = (reader.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'anomalies_step'").all() as unknown[]).length;
    expect(idx).toBe(1);
  });

  it('writes events rows in multi-row inserts without losing or reordering any (37 rows, then a commit boundary)', () => {
    const db = new Database(':memory:');
    const w = createWriter(db);
    // Tasks and spaces that change (event_tasks), changed rows with and without ranges of their own.
    const row = (step: number) => {
      const changed = step % 2;
      return { step, pid: 100 + (step % 3), proc_id: step % 4 === 0 ? null : 1 + (step % 7 === 0 ? 1 : 0), space_id: step < 20 ? 2 : 3, changed, event: `{"n":${step}}`, raw: `line ${step}`, touched: changed === 0 || step % 5 === 0 ? null : `[${step}]` };
    };
    for (let step = 1; step <= 37; step++) w.insertEventRow(row(step));
    w.flush();
    expect(db.prepare(`${EVENT_ROWS_SQL} FROM events e ORDER BY step`).all()).toEqual(Array.from({ length: 37 }, (_, i) => row(i + 1)));
    expect(db.prepare('SELECT step, pid, proc_id, space_id, changed, event, raw, touched FROM events_flat ORDER BY step').all()).toEqual(Array.from({ length: 37 }, (_, i) => row(i + 1)));
    // Changed rows without ranges of their own keep '[]': `changed` is whether touched is NULL.
    expect(db.prepare('SELECT touched FROM events WHERE step = 5').pluck().get()).toBe('[]');
    expect(() => w.insertEventRow({ ...row(38), changed: 0, touched: '[1,2]' })).toThrow(/changed/);
    expect(() => w.insert('event_blocks', { first_step: 38, last_step: 38, pids: '[]', ends: new Uint8Array(0), events: new Uint8Array(0), touched: new Uint8Array(0), raws: new Uint8Array(0) })).toThrow(/insertEvent/);
    for (let step = 38; step <= 38 + BATCH_ROWS; step++) w.insertEventRow(row(step));
    // BATCH_ROWS inserts since the last flush committed everything up to then, the pending ones included.
    expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBeGreaterThanOrEqual(37 + BATCH_ROWS);
    w.finish({});
    expect((db.prepare('SELECT count(*) AS n, sum(step) AS s FROM events').get() as { n: number; s: number })).toEqual({ n: 38 + BATCH_ROWS, s: ((38 + BATCH_ROWS) * (39 + BATCH_ROWS)) / 2 });
  });

  it('shows the event JSON as columns in events_flat: integer timestamps, result text, errno', () => {
    const db = new Database(':memory:');
    const w = createWriter(db);
    const ok = { kind: 'brk', step: 1, pid: 5, time: 1795316102729099, line: 1, source: 0, syscall: 'brk', addr: 0, result: { kind: 'ok', value: 94_000_000_000_000 } };
    const err = { kind: 'mmap', step: 2, pid: 5, line: 3, entryLine: 2, syscall: 'mmap', result: { kind: 'error', errno: 'ENOMEM' } };
    const none = { kind: 'end', step: 3, pid: 5, line: 4, result: { kind: 'none' } };
    for (const e of [ok, err, none]) w.insertEventRow({ step: e.step, pid: e.pid, proc_id: 1, space_id: 1, changed: 0, event: JSON.stringify(e), raw: 'x', touched: null });
    w.flush();
    const rows = db.prepare('SELECT step, typeof(time_us) AS t, time_us, kind, syscall, result, errno, line, entry_line, source FROM events_flat ORDER BY step').all();
    expect(rows).toEqual([
      { step: 1, t: 'integer', time_us: 1795316102729099, kind: 'brk', syscall: 'brk', result: '94000000000000', errno: null, line: 1, entry_line: null, source: 0 },
      { step: 2, t: 'null', time_us: null, kind: 'mmap', syscall: 'mmap', result: '-1', errno: 'ENOMEM', line: 3, entry_line: 2, source: 0 },
      { step: 3, t: 'null', time_us: null, kind: 'end', syscall: null, result: '?', errno: null, line: 4, entry_line: null, source: 0 },
    ]);
  });

  it('shows the array-form events the same way in events_flat', () => {
    const db = new Database(':memory:');
    const w = createWriter(db);
    const base = { pid: 5, line: 7, source: 0, skipped: undefined };
    const events: VmEvent[] = [
      { ...base, kind: 'brk', step: 1, time: 1795316102729099, syscall: 'brk', addr: 0, result: { kind: 'ok', value: 94_000_000_000_000 } },
      { ...base, kind: 'mremap', step: 2, entryLine: 2, syscall: 'mremap', oldAddr: 4096, oldLength: 4096, newLength: 8192, flags: 1, result: { kind: 'error', errno: 'EFAULT' } },
      { ...base, kind: 'mmap', step: 3, syscall: 'mmap2', addr: 0, length: 4096, prot: 3, flags: 34, offset: 0, file: undefined, result: { kind: 'none' } },
    ];
    for (const e of events) {
      expect(eventText(e)).toMatch(/^\[/);
      w.insertEventRow({ step: e.step, pid: e.pid, proc_id: 1, space_id: 1, changed: 0, event: eventText(e), raw: 'x', touched: null });
    }
    w.flush();
    const rows = db.prepare('SELECT step, typeof(time_us) AS t, time_us, kind, syscall, result, errno, line, entry_line, source FROM events_flat ORDER BY step').all();
    expect(rows).toEqual([
      { step: 1, t: 'integer', time_us: 1795316102729099, kind: 'brk', syscall: 'brk', result: '94000000000000', errno: null, line: 7, entry_line: null, source: 0 },
      { step: 2, t: 'null', time_us: null, kind: 'mremap', syscall: 'mremap', result: '-1', errno: 'EFAULT', line: 7, entry_line: 2, source: 0 },
      { step: 3, t: 'null', time_us: null, kind: 'mmap', syscall: 'mmap2', result: '?', errno: null, line: 7, entry_line: null, source: 0 },
    ]);
  });
});
