// The event log (the only place with SQL).
export { TraceDb, type OpenOptions } from './trace-db.js';
export { createWriter, BATCH_ROWS, type TraceWriter, type WriterOptions } from './writer.js';
export { createDbFile, openExistingDb, isSqliteFile, SQLITE_HEADER } from './open-db.js';
export { SCHEMA_VERSION, APP_ID, type Tables, type TableName } from './schema.js';
export type { StoredEvent, SourceFile, TraceInfoRow, StoredDiagnostic, Capture, ReplayFactory } from './types.js';
export type { EventFilter } from './queries.js';
