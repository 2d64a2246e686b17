// DB|TRACE arguments: a DB if the file starts with the SQLite header, else a trace loaded through the cache.
import { VmtraceError } from '../errors.js';
import { isSqliteFile } from '../store/open-db.js';
import { TraceDb } from '../store/trace-db.js';
import { loadTrace, type LoadOptions } from './shared-load.js';

/** An opened DB and where it lives. */
export interface Opened {
  readonly db: TraceDb;
  readonly dbPath: string;
}

// Opens the DB an argument names (loading and caching a trace first when it is one).
export async function openDbOrTrace(arg: string, options: LoadOptions = {}): Promise<Opened> {
  if (isSqliteFile(arg)) return { db: TraceDb.open(arg, { replay: options.ingest?.replay }), dbPath: arg };
  const { dbPath } = await loadTrace(arg, { ...options, out: undefined });
  try {
    return { db: TraceDb.open(dbPath, { replay: options.ingest?.replay }), dbPath };
  } catch (error) {
    if (error instanceof VmtraceError) throw new VmtraceError(`${arg}: ${error.message}`, { cause: error });
    throw error;
  }
}
