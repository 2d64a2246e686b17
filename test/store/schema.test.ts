import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS, SCHEMA_VERSION, createTableSql, insertSql, schemaSql } from '../../src/store/schema.js';
import { BATCH_ROWS, createWriter } from '../../src/store/writer.js';

describe('schema', () => {
  it('derives DDL and inserts from the one column map', () => {
    expect(createTableSql('anomalies')).toBe('CREATE TABLE anomalies (step INTEGER NOT NULL, message TEXT NOT NULL)');
    expect(insertSql('files')).toBe('INSERT INTO files (path, dev, inode) VALUES (@path, @dev, @inode)');
    expect(schemaSql()).toHaveLength(Object.keys(COLUMNS).length);
  });

  it('creates every table, the schema version and an incomplete mark', () => {
    const db = new Database(':memory:');
    createWriter(db);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['anomalies', 'captures', 'checkpoints', 'diagnostics', 'events', 'files', 'layouts', 'meta', 'processes']);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    expect(meta).toEqual({ app: 'vmtrace', complete: '0' });
    const cols = (db.prepare('PRAGMA table_info(events)').all() as { name: string; type: string }[]).map((c) => `${c.name}:${c.type}`);
    expect(cols).toContain('time_us:INTEGER');
    expect(cols).toContain('raw:TEXT');
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
    const idx = (reader.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_space_changed'").all() as unknown[]).length;
    expect(idx).toBe(1);
  });

  it('stores timestamps as INTEGER, never REAL', () => {
    const db = new Database(':memory:');
    const w = createWriter(db);
    w.insert('events', { step: 1, pid: 5, proc_id: null, space_id: null, time_us: 1795316102729099, kind: 'brk', syscall: 'brk', event: '{}', result: '0', errno: null, line: 1, entry_line: null, source: 0, raw: 'x', changed: 0, touched: null });
    w.flush();
    expect(db.prepare('SELECT typeof(time_us) AS t, time_us FROM events').get()).toEqual({ t: 'integer', time_us: 1795316102729099 });
  });
});
