// Batched writes: one prepared insert per table, rows run inside transactions of BATCH_ROWS.
import type Database from 'better-sqlite3';
import { APP_ID, columnsOf, type EventRow, type TableName, type Tables } from './schema.js';
import { directTarget, type TargetOptions, type WriteTarget } from './write-target.js';
import { BLOCK_BYTES, BLOCK_STEPS, BlockBuilder } from './event-blocks.js';
import { SPACE_MOVED, StepListCollector, TASK_CHANGED } from './step-lists.js';

type Range = { readonly start: number; readonly end: number };

/** Rows per committed transaction. */
export const BATCH_ROWS = 10_000;

/** `touched` of an event that changed some space's maps but has no range of its own (changed = 1, no ranges). */
const CHANGED_ELSEWHERE = '[]';

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
export type WriterOptions = TargetOptions;

// Creates the schema (marked incomplete) on `db` and returns a batched writer running its SQL there.
export function createWriter(db: Database.Database, options: WriterOptions = {}): TraceWriter {
  return writerOn(directTarget(db, options));
}

// A batched writer whose SQL goes to `target` (created with the schema): marks the DB incomplete first.
function writerOn(target: WriteTarget): TraceWriter {
  const run = <T extends TableName>(table: T, row: Tables[T]): void => {
    const columns = columnsOf(table);
    const r = row as Readonly<Record<string, unknown>>;
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) values[i] = r[columns[i] as string];
    target.row(table, values);
  };
  // Events go into a block of consecutive steps, bound as one row when it is full, before a gap in the steps and at
  // every commit (a reader of a live import sees whole blocks only, with the step lists of the same commit).
  const block = new BlockBuilder();
  const writeBlock = (): void => {
    const b = block.take();
    target.block(b.first, b.last, b.pids, b.ends, b.events, b.touched, b.raws);
  };
  let lastStep = 0;
  // Rows go to the target at once (only the open block's events wait in JS); a commit every BATCH_ROWS rows and events.
  let open = 0;
  // The step lists of the events since the last commit go in with them (a live reader sees both or neither).
  const stepLists = new StepListCollector();
  const flush = (): void => {
    if (block.count > 0) writeBlock();
    for (const p of stepLists.drain()) run('step_lists', { kind: p.kind, key: p.key, first_step: p.first, last_step: p.last, count: p.count, steps: p.steps });
    target.commit();
    open = 0;
  };
  // What every event does before its texts go into the block: checks, the transaction, step lists, tasks, a cut at a gap.
  const admit = (step: number, pid: number, procId: number | null, spaceId: number | null, changed: number): void => {
    if (step <= lastStep) throw new Error(`writer: step ${step} after step ${lastStep}: steps must ascend`);
    // The lists, and an `event_tasks` row when the pid's task or space changes (its first event's included).
    const rows = stepLists.add(step, pid, procId, spaceId, changed);
    if (rows !== 0) {
      if ((rows & SPACE_MOVED) !== 0) run('proc_spaces', { proc_id: procId as number, step, space_id: spaceId as number });
      if ((rows & TASK_CHANGED) !== 0) run('event_tasks', { pid, step, proc_id: procId, space_id: spaceId });
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
      target.finish(Object.entries(meta));
    },
  };
  writer.setMeta('app', APP_ID);
  writer.setMeta('complete', '0');
  flush();
  return writer;
}
