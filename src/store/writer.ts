// Batched writes: one prepared insert per table, run inside db.transaction batches.
import type Database from 'better-sqlite3';
import { APP_ID, INDEXES, SCHEMA_VERSION, insertSql, schemaSql, type TableName, type Tables } from './schema.js';

/** Rows buffered before a transaction is committed. */
export const BATCH_ROWS = 10_000;

// Tables whose rows replace an older row with the same key.
const REPLACING: ReadonlySet<TableName> = new Set(['meta', 'files', 'processes', 'layouts']);

/** Buffered writer over a fresh DB. */
export interface TraceWriter {
  insert<T extends TableName>(table: T, row: Tables[T]): void;
  setMeta(key: string, value: string): void;
  /** Commits what is buffered. */
  flush(): void;
  /** Flushes, builds the indexes and writes `meta` + `complete = 1` in one last transaction. */
  finish(meta: Readonly<Record<string, string>>): void;
}

// Creates the schema (marked incomplete) and returns a batched writer.
export function createWriter(db: Database.Database): TraceWriter {
  // Import tuning: no fsync, journal kept in memory (a crash leaves an incomplete DB, never a whole-looking one).
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  db.transaction(() => {
    for (const sql of schemaSql()) db.exec(sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  const statements = new Map<TableName, Database.Statement>();
  const statement = (table: TableName): Database.Statement => {
    let s = statements.get(table);
    if (s === undefined) {
      const sql = insertSql(table);
      s = db.prepare(REPLACING.has(table) ? sql.replace(/^INSERT/, 'INSERT OR REPLACE') : sql);
      statements.set(table, s);
    }
    return s;
  };
  let pending: { table: TableName; row: object }[] = [];
  const commit = db.transaction((rows: readonly { table: TableName; row: object }[]) => {
    for (const { table, row } of rows) statement(table).run(row);
  });
  const flush = (): void => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    commit(rows);
  };
  const writer: TraceWriter = {
    insert(table, row) {
      pending.push({ table, row });
      if (pending.length >= BATCH_ROWS) flush();
    },
    setMeta(key, value) {
      writer.insert('meta', { key, value });
    },
    flush,
    finish(meta) {
      flush();
      for (const sql of INDEXES) db.exec(sql);
      db.transaction(() => {
        for (const [key, value] of Object.entries(meta)) statement('meta').run({ key, value });
        statement('meta').run({ key: 'complete', value: '1' });
      })();
      db.exec('ANALYZE');
    },
  };
  writer.setMeta('app', APP_ID);
  writer.setMeta('complete', '0');
  flush();
  return writer;
}
