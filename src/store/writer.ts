// Batched writes: one prepared insert per table, rows run inside transactions of BATCH_ROWS.
import type Database from 'better-sqlite3';
import { APP_ID, INDEXES, SCHEMA_VERSION, columnsOf, schemaSql, type EventRow, type TableName, type Tables } from './schema.js';
import { BLOCK_BYTES, BLOCK_STEPS, BlockBuilder } from './event-blocks.js';
import { StepListCollector } from './step-lists.js';

type Range = { readonly start: number; readonly end: number };

/** Rows per committed transaction. */
export const BATCH_ROWS = 10_000;

/** `touched` of an event that changed some space's maps but has no range of its own (changed = 1, no ranges). */
const CHANGED_ELSEWHERE = '[]';

// Tables whose rows replace an older row with the same key.
const REPLACING: ReadonlySet<TableName> = new Set(['meta', 'files', 'processes', 'layouts']);

/** Batched writer over a fresh DB. */
export interface TraceWriter {
  /** A row of any table but `event_blocks` (insertEvent: events go in blocks, their task and space to `event_tasks`). */
  insert<T extends TableName>(table: T, row: Tables[T]): void;
  /**
   * An event, its columns as arguments (no row object to build and read back per event), appended to the open block
   * (event-blocks.ts; steps ascending). `event`, `raw` and `touched` may be their text's UTF-8 bytes (the parse worker
   * sends the first two so): copied into the block as they are (when the block is written: they must not change
   * until the next flush), strings encoded. `touched` (the ranges in its own space) is NULL exactly when `changed` is 0.
   */
  insertEvent(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string | Uint8Array, raw: string | Uint8Array, touched: string | Uint8Array | null): void;
  /**
   * insertEvent of texts given as a string or as bytes [from, to) of an ArrayBuffer (the parse worker's batches: no
   * view per text; unchanged until the next flush), and of the ranges the event changed in its own space (empty when
   * `changed` is 0; written as touchedText's bytes, '[]' when `changed` is 1 and there are none).
   */
  insertEventSpans(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string | ArrayBufferLike, eventFrom: number, eventTo: number, raw: string | ArrayBufferLike, rawFrom: number, rawTo: number, touched: readonly Range[]): void;
  /** insertEvent with the columns of a row as the readers see it. */
  insertEventRow(row: EventRow): void;
  setMeta(key: string, value: string): void;
  /** Commits the open transaction. */
  flush(): void;
  /** Commits, builds the indexes and writes `meta` + `complete = 1` in one last transaction. */
  finish(meta: Readonly<Record<string, string>>): void;
}

/** Options of `createWriter`. */
export interface WriterOptions {
  /** Readers in other connections follow the import (WAL journal instead of an in-memory one). */
  readonly live?: boolean;
}

// Creates the schema (marked incomplete) and returns a batched writer.
export function createWriter(db: Database.Database, options: WriterOptions = {}): TraceWriter {
  // Import tuning: no fsync, journal kept in memory (a crash leaves an incomplete DB, never a whole-looking one).
  // Live imports use WAL so that a reader (the TUI during `run`) never blocks the writer.
  // 16 KiB pages (before anything is written, and before WAL, which fixes the page size): a quarter of the
  // pages and page writes for rows of ~600 bytes. 200k churn events alone, alternated 6x: ~3.5 -> ~3.2 us per
  // insert; the end-of-import index build, which scans every page, ~330-390 -> ~270-280 ms.
  db.pragma('page_size = 16384');
  db.pragma(options.live === true ? 'journal_mode = WAL' : 'journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32768'); // 32 MiB: inserts append by step; more cache only raised peak RSS
  db.transaction(() => {
    for (const sql of schemaSql()) db.exec(sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  // Positional parameters: binding by name costs about as much as the insert itself (measured 1.8 s vs 0.95 s per 200k events).
  const statements = new Map<TableName, { readonly stmt: Database.Statement; readonly columns: readonly string[]; readonly values: unknown[] }>();
  const statement = (table: TableName): { readonly stmt: Database.Statement; readonly columns: readonly string[]; readonly values: unknown[] } => {
    let s = statements.get(table);
    if (s === undefined) {
      const columns = columnsOf(table);
      const verb = REPLACING.has(table) ? 'INSERT OR REPLACE' : 'INSERT';
      const stmt = db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      s = { stmt, columns, values: new Array<unknown>(columns.length) };
      statements.set(table, s);
    }
    return s;
  };
  const run = <T extends TableName>(table: T, row: Tables[T]): void => {
    const { stmt, columns, values } = statement(table);
    const r = row as Readonly<Record<string, unknown>>;
    for (let i = 0; i < columns.length; i++) values[i] = r[columns[i] as string];
    stmt.run(values);
  };
  // Events go into a block of consecutive steps, bound as one row when it is full, before a gap in the steps and at
  // every commit (a reader of a live import sees whole blocks only, with the step lists of the same commit).
  const block = new BlockBuilder();
  const blockInsert = db.prepare('INSERT INTO event_blocks (first_step, last_step, pids, ends, events, touched, raws) VALUES (?, ?, CAST(? AS TEXT), ?, ?, ?, ?)');
  const writeBlock = (): void => {
    const b = block.take();
    blockInsert.run(b.first, b.last, b.pids, b.ends, b.events, b.touched, b.raws);
  };
  let lastStep = 0;
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  // Rows run at once inside an open transaction (only the open block's events wait in JS); COMMIT every
  // BATCH_ROWS rows and events. `began`: our BEGIN is open (db.inTransaction is a native call per row).
  let open = 0;
  let began = false;
  // The step lists of the events since the last commit go in with them (a live reader sees both or neither).
  const stepLists = new StepListCollector();
  // Each pid's task and space as its last event_tasks row gave them: a row only when they change.
  const taskOfPid = new Map<number, { procId: number | null; spaceId: number | null }>();
  const flush = (): void => {
    if (block.count > 0) writeBlock();
    for (const p of stepLists.drain()) run('step_lists', { kind: p.kind, key: p.key, first_step: p.first, last_step: p.last, count: p.count, steps: p.steps });
    if (db.inTransaction) commit.run();
    began = false;
    open = 0;
  };
  // What every event does before its texts go into the block: checks, the transaction, step lists, tasks, a cut at a gap.
  const admit = (step: number, pid: number, procId: number | null, spaceId: number | null, changed: number): void => {
    if (step <= lastStep) throw new Error(`writer: step ${step} after step ${lastStep}: steps must ascend`);
    if (!began) {
      if (!db.inTransaction) begin.run();
      began = true;
    }
    const moved = stepLists.add(step, pid, procId, spaceId, changed);
    if (moved !== undefined) run('proc_spaces', { proc_id: moved.procId, step: moved.step, space_id: moved.spaceId });
    const task = taskOfPid.get(pid);
    if (task === undefined || task.procId !== procId || task.spaceId !== spaceId) {
      run('event_tasks', { pid, step, proc_id: procId, space_id: spaceId });
      if (task === undefined) taskOfPid.set(pid, { procId, spaceId });
      else {
        task.procId = procId;
        task.spaceId = spaceId;
      }
    }
    if (block.count > 0 && step !== lastStep + 1) writeBlock();
    lastStep = step;
  };
  // ... and after: the cuts by size and the commit.
  const added = (): void => {
    if (block.count >= BLOCK_STEPS || block.size >= BLOCK_BYTES) writeBlock();
    if (++open >= BATCH_ROWS) flush();
  };
  const insertEvent = (step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string | Uint8Array, raw: string | Uint8Array, touched: string | Uint8Array | null): void => {
    // `changed` is stored as whether `touched` is NULL: '[]' for a change with no range in the event's own space.
    if (changed === 0 ? touched !== null : changed !== 1) throw new Error(`writer: step ${step}: touched ranges without changed = 1, or changed not 0/1`);
    admit(step, pid, procId, spaceId, changed);
    block.add(step, pid, event, raw, changed === 1 && touched === null ? CHANGED_ELSEWHERE : touched);
    added();
  };
  const insertEventSpans = (step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string | ArrayBufferLike, eventFrom: number, eventTo: number, raw: string | ArrayBufferLike, rawFrom: number, rawTo: number, touched: readonly Range[]): void => {
    if (changed === 0 ? touched.length > 0 : changed !== 1) throw new Error(`writer: step ${step}: touched ranges without changed = 1, or changed not 0/1`);
    admit(step, pid, procId, spaceId, changed);
    block.addSpans(step, pid, event, eventFrom, eventTo, raw, rawFrom, rawTo, changed === 1 ? touched : undefined);
    added();
  };
  const writer: TraceWriter = {
    insert(table, row) {
      if (table === 'event_blocks') throw new Error('writer: events go through insertEvent');
      if (!began) {
        if (!db.inTransaction) begin.run();
        began = true;
      }
      run(table, row);
      if (++open >= BATCH_ROWS) flush();
    },
    insertEvent,
    insertEventSpans,
    insertEventRow(r) {
      insertEvent(r.step, r.pid, r.proc_id, r.space_id, r.changed, r.event, r.raw, r.touched);
    },
    setMeta(key, value) {
      writer.insert('meta', { key, value });
    },
    flush,
    finish(meta) {
      flush();
      for (const sql of INDEXES) db.exec(sql);
      db.transaction(() => {
        for (const [key, value] of Object.entries(meta)) run('meta', { key, value });
        run('meta', { key: 'complete', value: '1' });
      })();
      // Sampled statistics: a full ANALYZE reads every row of a 1M-event log again (~0.5 s per 200k).
      db.pragma('analysis_limit = 1000');
      db.exec('ANALYZE');
    },
  };
  writer.setMeta('app', APP_ID);
  writer.setMeta('complete', '0');
  flush();
  return writer;
}
