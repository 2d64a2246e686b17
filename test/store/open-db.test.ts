import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { createDbFile, isSqliteFile, openExistingDb } from '../../src/store/open-db.js';
import { createWriter } from '../../src/store/writer.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-open-'));

function completeDb(path: string): void {
  const db = createDbFile(path, { force: true });
  createWriter(db).finish({});
  db.close();
}

describe('opening DBs', () => {
  it('refuses a file that is not SQLite, naming it', () => {
    const p = join(dir, 'text.db');
    writeFileSync(p, '1234  mmap(NULL, 4096) = 0x1000\n');
    expect(isSqliteFile(p)).toBe(false);
    expect(() => openExistingDb(p)).toThrow(new StoreError(`${p}: not a vmtrace database (no SQLite header)`));
  });

  it('refuses an SQLite file of another kind', () => {
    const p = join(dir, 'other.db');
    const db = new Database(p);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(isSqliteFile(p)).toBe(true);
    expect(() => openExistingDb(p)).toThrow(/not a vmtrace database \(an SQLite file of another kind\)/);
  });

  it('refuses a newer schema', () => {
    const p = join(dir, 'newer.db');
    completeDb(p);
    const db = new Database(p);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openExistingDb(p)).toThrow(/newer vmtrace \(schema 99/);
  });

  it('refuses a schema-5 DB (one row per event, before blocks): load the trace again', () => {
    const p = join(dir, 'schema5.db');
    completeDb(p);
    const db = new Database(p);
    db.pragma('user_version = 5');
    db.close();
    expect(() => openExistingDb(p)).toThrow(new StoreError(`${p}: old vmtrace schema 5; load the trace again to rebuild it`));
  });

  it('refuses an incomplete import unless asked', () => {
    const p = join(dir, 'partial.db');
    const db = createDbFile(p);
    const w = createWriter(db);
    w.insert('anomalies', { step: 1, message: 'x' });
    w.flush();
    db.close(); // as if killed before finish()
    expect(() => openExistingDb(p)).toThrow(/incomplete import/);
    expect(() => openExistingDb(p, { allowIncomplete: true }).close()).not.toThrow();
  });

  it('opens a complete DB', () => {
    const p = join(dir, 'ok.db');
    completeDb(p);
    expect(() => openExistingDb(p).close()).not.toThrow();
  });
});

describe('creating DBs', () => {
  it('does not overwrite without force', () => {
    const p = join(dir, 'exists.db');
    writeFileSync(p, 'precious');
    expect(() => createDbFile(p)).toThrow(/already exists; use --force/);
    expect(readFileSync(p, 'utf8')).toBe('precious');
  });

  it('never writes through a planted symlink', () => {
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'victim');
    const link = join(dir, 'link.db');
    symlinkSync(target, link);
    expect(() => createDbFile(link)).toThrow(/a symlink already exists/);
    const db = createDbFile(link, { force: true });
    createWriter(db).finish({});
    db.close();
    expect(readFileSync(target, 'utf8')).toBe('victim');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
  });
});
