// Opening and creating DB files safely: refuse what is not ours, never write through symlinks.
import Database from 'better-sqlite3';
import { closeSync, lstatSync, openSync, readSync, unlinkSync, constants } from 'node:fs';
import { StoreError } from '../errors.js';
import { APP_ID, SCHEMA_VERSION } from './schema.js';

/** The first 16 bytes of every SQLite 3 database file. */
export const SQLITE_HEADER = 'SQLite format 3\u0000';

// True when the file at `path` starts with the SQLite header.
export function isSqliteFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_HEADER;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return false;
    throw new StoreError(`${path}: cannot read: ${(error as Error).message}`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Opens an existing vmtrace DB read-only after checking it is one, of a schema we know.
export function openExistingDb(path: string, options: { allowIncomplete?: boolean } = {}): Database.Database {
  if (!isSqliteFile(path)) throw new StoreError(`${path}: not a vmtrace database (no SQLite header)`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new StoreError(`${path}: cannot open database: ${(error as Error).message}`, { cause: error });
  }
  try {
    checkDb(db, path, options.allowIncomplete ?? false);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    // SQLite itself failed: a file cut short or overwritten mid-import.
    throw new StoreError(`${path}: damaged database (${(error as Error).message}); load the trace again`, { cause: error });
  }
  return db;
}

function checkDb(db: Database.Database, path: string, allowIncomplete: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path}: written by a newer vmtrace (schema ${version}, this build reads up to ${SCHEMA_VERSION})`);
  }
  const hasMeta = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() as { n: number };
  const app = hasMeta.n === 1 ? (db.prepare("SELECT value FROM meta WHERE key = 'app'").get() as { value: string } | undefined) : undefined;
  if (app?.value !== APP_ID) throw new StoreError(`${path}: not a vmtrace database (an SQLite file of another kind)`);
  if (version < SCHEMA_VERSION) throw new StoreError(`${path}: old vmtrace schema ${version}; load the trace again to rebuild it`);
  const complete = db.prepare("SELECT value FROM meta WHERE key = 'complete'").get() as { value: string } | undefined;
  if (complete?.value !== '1' && !allowIncomplete) {
    throw new StoreError(`${path}: incomplete import (interrupted?); run \`vmtrace load\` again to rebuild it`);
  }
}

// Creates a new, empty DB file: refuses an existing file unless `force`, and never follows a symlink.
export function createDbFile(path: string, options: { force?: boolean } = {}): Database.Database {
  if (path === ':memory:') return new Database(':memory:');
  const existing = lstatOrUndefined(path);
  if (existing !== undefined) {
    if (!options.force) {
      const what = existing.isSymbolicLink() ? 'a symlink' : 'a file';
      throw new StoreError(`${path}: ${what} already exists; use --force to replace it`);
    }
    if (existing.isDirectory()) throw new StoreError(`${path}: is a directory`);
    // Remove the link or file itself (never its target), and any SQLite side files.
    unlinkSync(path);
  }
  for (const side of ['-journal', '-wal', '-shm']) {
    const st = lstatOrUndefined(path + side);
    if (st !== undefined) unlinkSync(path + side);
  }
  try {
    // O_EXCL|O_NOFOLLOW: fails if something (even a dangling symlink) appeared meanwhile.
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644));
  } catch (error) {
    throw new StoreError(`${path}: cannot create: ${(error as Error).message}`, { cause: error });
  }
  return new Database(path);
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
