// Where the writer's rows go: SQLite on this thread (directTarget), or the same calls run by a writer thread
// (thread-target.ts) so that the import's busiest thread does not bind rows and write pages.
import type Database from 'better-sqlite3';
import { COLUMNS, INDEXES, SCHEMA_VERSION, columnsOf, schemaSql, type TableName } from './schema.js';

// Tables whose rows replace an older row with the same key.
const REPLACING: ReadonlySet<TableName> = new Set(['meta', 'files', 'processes', 'layouts']);

/** The SQL the writer runs, in the order it runs it; the first row or block after a commit opens a transaction. */
export interface WriteTarget {
  /** An INSERT into `table` (not event_blocks) of `values` in column order (columnsOf). */
  row(table: TableName, values: readonly unknown[]): void;
  /** An INSERT into event_blocks (the arrays are read during the call only). */
  block(first: number, last: number, pids: Uint8Array, ends: Uint8Array, events: Uint8Array, touched: Uint8Array, raws: Uint8Array): void;
  /** Commits the open transaction, if any. */
  commit(): void;
  /** commit(), the indexes, the `meta` rows and complete = 1 in one last transaction, sampled statistics; done on return. */
  finish(meta: readonly (readonly [string, string])[]): void;
}

/** Options of the targets. */
export interface TargetOptions {
  /** Readers in other connections follow the import (WAL journal instead of an in-memory one). */
  readonly live?: boolean;
  /** SQLite's page cache (default 32 MiB). */
  readonly cacheKiB?: number;
}

// Creates the schema (nothing marked yet) on `db` and returns a target running the SQL on it.
export function directTarget(db: Database.Database, options: TargetOptions = {}): WriteTarget {
  // Import tuning: no fsync, journal kept in memory (a crash leaves an incomplete DB, never a whole-looking one).
  // Live imports use WAL so that a reader (the TUI during `run`) never blocks the writer.
  // 16 KiB pages (before anything is written, and before WAL, which fixes the page size): a quarter of the
  // pages and page writes for rows of ~600 bytes. 200k churn events alone, alternated 6x: ~3.5 -> ~3.2 us per
  // insert; the end-of-import index build, which scans every page, ~330-390 -> ~270-280 ms.
  db.pragma('page_size = 16384');
  db.pragma(options.live === true ? 'journal_mode = WAL' : 'journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = MEMORY');
  // 32 MiB: inserts append by step; more cache only raised peak RSS.
  db.pragma(`cache_size = -${options.cacheKiB ?? 32_768}`);
  db.transaction(() => {
    for (const sql of schemaSql()) db.exec(sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  // Positional parameters: binding by name costs about as much as the insert itself (measured 1.8 s vs 0.95 s per 200k events).
  const statements = new Map<TableName, Database.Statement>();
  const statement = (table: TableName): Database.Statement => {
    let s = statements.get(table);
    if (s === undefined) {
      const columns = columnsOf(table);
      const verb = REPLACING.has(table) ? 'INSERT OR REPLACE' : 'INSERT';
      s = db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(table, s);
    }
    return s;
  };
  const blockInsert = db.prepare('INSERT INTO event_blocks (first_step, last_step, pids, ends, events, touched, raws) VALUES (?, ?, CAST(? AS TEXT), ?, ?, ?, ?)');
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  // `began`: our BEGIN is open (db.inTransaction is a native call per row).
  let began = false;
  // Rows of event_blocks (for its statistics).
  let blocks = 0;
  const open = (): void => {
    if (began) return;
    if (!db.inTransaction) begin.run();
    began = true;
  };
  const target: WriteTarget = {
    row(table, values) {
      open();
      statement(table).run(values);
    },
    block(first, last, pids, ends, events, touched, raws) {
      open();
      blockInsert.run(first, last, pids, ends, events, touched, raws);
      blocks++;
    },
    commit() {
      if (db.inTransaction) commit.run();
      began = false;
    },
    finish(meta) {
      target.commit();
      for (const sql of INDEXES) db.exec(sql);
      db.transaction(() => {
        for (const [key, value] of meta) statement('meta').run([key, value]);
        statement('meta').run(['complete', '1']);
      })();
      // Sampled statistics: a full ANALYZE reads every row of a 1M-event log again (~0.5 s per 200k).
      db.pragma('analysis_limit = 1000');
      // Even so, ANALYZE counts the rows of a table without an index by reading each of its leaf pages: for
      // event_blocks, a row per page, the whole file again (~18,500 page reads of 1M churn events, ~0.1 s at the very
      // end of the import). Its statistics are that count, which the writer knows: written as ANALYZE would.
      for (const table of Object.keys(COLUMNS) as TableName[]) if (table !== 'event_blocks') db.exec(`ANALYZE ${table}`);
      if (blocks > 0) db.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('event_blocks', NULL, ?)").run(String(blocks));
    },
  };
  return target;
}
