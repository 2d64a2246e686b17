// `vmtrace load`: TRACE → DB (cached unless --out), and the summary it prints.
import Database from 'better-sqlite3';
import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError, VmtraceError } from '../errors.js';
import { createIngest } from '../ingest/ingest.js';
import { isSmallTrace } from '../ingest/small-trace.js';
import type { IngestOptions } from '../ingest/types.js';
import { resolveTrace, type ResolvedTrace } from '../input/resolve.js';
import { createDbFile, isSqliteFile, openExistingDb } from '../store/open-db.js';
import { TraceDb } from '../store/trace-db.js';
import { cachePathFor } from './shared-cache.js';
import { feedTrace } from './shared-read.js';

/** Options of `loadTrace`. */
export interface LoadOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly strict?: boolean;
  /** Extra pipeline options (tests inject parser/replay here). */
  readonly ingest?: IngestOptions;
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the DB is and whether it was reused. */
export interface LoadResult {
  readonly dbPath: string;
  readonly reused: boolean;
  readonly trace: ResolvedTrace;
}

// True when `path` is a vmtrace DB we may rebuild without --force: an interrupted import of ours.
function isOurIncompleteDb(path: string): boolean {
  try {
    if (lstatSync(path).isSymbolicLink() || !isSqliteFile(path)) return false;
  } catch {
    return false; // absent: nothing to rebuild
  }
  try {
    const db = openExistingDb(path, { allowIncomplete: true });
    const row = db.prepare("SELECT value FROM meta WHERE key = 'complete'").get() as { value: string } | undefined;
    db.close();
    return row?.value !== '1';
  } catch (error) {
    // An SQLite file that SQLite itself cannot read back was cut short mid-write: rebuild it too.
    if (error instanceof StoreError) return error.message.includes('damaged database');
    throw error;
  }
}

// True when the cached DB exists and opens as complete.
function cacheUsable(path: string): boolean {
  try {
    TraceDb.open(path).close();
    return true;
  } catch (error) {
    if (error instanceof VmtraceError) return false;
    throw error;
  }
}

// Imports a trace into a DB (or reuses the cached one) and returns where it is.
export async function loadTrace(traceArg: string, options: LoadOptions = {}): Promise<LoadResult> {
  const trace = resolveTrace(traceArg);
  const dbPath = options.out === undefined ? cachePathFor(trace, options.env) : resolve(options.out);
  if (options.out === undefined && options.force !== true && cacheUsable(dbPath)) return { dbPath, reused: true, trace };
  const force = options.force === true || options.out === undefined || isOurIncompleteDb(dbPath);
  const db = createDbFile(dbPath, { force });
  try {
    const ingest = createIngest(db, {
      // A small trace on this thread alone (ingest/small-trace.ts).
      inThread: isSmallTrace(trace.files),
      ...options.ingest,
      strict: options.strict,
      sources: trace.files.map((f) => ({ path: f.path, size: f.size, mtimeMs: f.mtimeMs })),
      sourceNames: trace.files.map((f) => f.path),
      sourcePids: trace.files.map((f) => f.pid),
    });
    await feedTrace(trace, ingest);
    ingest.end();
  } catch (error) {
    // SQLite failures (disk full, I/O error) name the DB they hit.
    if (error instanceof Database.SqliteError) throw new StoreError(`${dbPath}: cannot write: ${error.message}`, { cause: error });
    throw error;
  } finally {
    db.close();
  }
  return { dbPath, reused: false, trace };
}
