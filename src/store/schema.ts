// The event log's tables: one type map is the single source of truth for rows.
// Documented in docs/schema.md. Bump SCHEMA_VERSION on any change.

/** `PRAGMA user_version` of DBs this build writes and reads. */
export const SCHEMA_VERSION = 7;

/** Value of meta `app`; a DB without it is not ours. */
export const APP_ID = 'vmtrace';

/** Row shapes, table by table (SQL NULL appears as null only here and in queries.ts). */
export interface Tables {
  readonly meta: { key: string; value: string };
  // Events in blocks of consecutive steps, one row per block (the `events` view shows a row per event).
  // SQLite's cost is mostly per row: 1M rows of 5 columns took ~2.4 s of the import's busiest thread, 16k
  // blocks a fraction of that. Only what the replay adds and what is looked up is kept beside the event's own
  // text: a row's task and space are in `event_tasks` (they change rarely), `changed` is whether `touched` is NULL.
  readonly event_blocks: {
    /** The block holds steps first_step…last_step, each once. */
    first_step: number;
    last_step: number;
    /** JSON text: each step's pid, `[pid, …]`. */
    pids: string;
    /** ASCII digits: a width W, then where each step's texts end in the three columns below, W digits each (event-blocks.ts). */
    ends: Uint8Array;
    /** Each step's event text (parse/event-text.ts), back to back (UTF-8). */
    events: Uint8Array;
    /** Each step's touched ranges (touched-text.ts), back to back: none when it changed no maps, '[]' when none of its own space. */
    touched: Uint8Array;
    /** Each step's raw line(s), back to back, the bytes the writer was given (last: a reader of the events alone stops before it). */
    raws: Uint8Array;
  };
  readonly layouts: { step: number; layout: string };
  readonly processes: { proc_id: number; pid: number; parent: number | null; leader: number; first_step: number; end_step: number | null; view: string };
  readonly diagnostics: { id: number | null; line: number; source: number; severity: string; reason: string; text: string };
  readonly anomalies: { step: number; message: string };
  readonly checkpoints: { step: number; state: Uint8Array };
  readonly captures: { id: number | null; pid: number; proc_id: number | null; step: number; kind: string; text: string };
  readonly files: { path: string; dev: string; inode: number };
  // What SQL indexes on events would give, gathered during the import (step-lists.ts).
  readonly step_lists: { kind: string; key: number; first_step: number; last_step: number; count: number; steps: Uint8Array };
  readonly proc_spaces: { proc_id: number; step: number; space_id: number };
  // The task and space of a pid's events from `step` on, until the pid's next row (one row per change).
  readonly event_tasks: { pid: number; step: number; proc_id: number | null; space_id: number | null };
}

/** An event as the readers see it (EVENT_ROWS_SQL, queries.ts): its stored texts with the task, space and changed flag. */
export interface EventRow {
  readonly step: number;
  readonly pid: number;
  readonly proc_id: number | null;
  readonly space_id: number | null;
  /** 1 when some address space's maps changed. */
  readonly changed: number;
  readonly event: string;
  readonly raw: string;
  /** The ranges it changed in its own space (touched-text.ts), or NULL. */
  readonly touched: string | null;
}

export type TableName = keyof Tables;

type Columns = { readonly [T in TableName]: { readonly [C in keyof Tables[T]]-?: string } };

/** Column SQL per table, in insert order (the keys are exactly the row fields). */
export const COLUMNS: Columns = {
  meta: { key: 'TEXT PRIMARY KEY', value: 'TEXT NOT NULL' },
  event_blocks: {
    first_step: 'INTEGER PRIMARY KEY',
    last_step: 'INTEGER NOT NULL',
    pids: 'TEXT NOT NULL',
    ends: 'BLOB NOT NULL',
    events: 'BLOB NOT NULL',
    touched: 'BLOB NOT NULL',
    raws: 'BLOB NOT NULL',
  },
  layouts: { step: 'INTEGER PRIMARY KEY', layout: 'TEXT NOT NULL' },
  processes: {
    proc_id: 'INTEGER PRIMARY KEY',
    pid: 'INTEGER NOT NULL',
    parent: 'INTEGER',
    leader: 'INTEGER NOT NULL',
    first_step: 'INTEGER NOT NULL',
    end_step: 'INTEGER',
    view: 'TEXT NOT NULL',
  },
  diagnostics: { id: 'INTEGER PRIMARY KEY', line: 'INTEGER NOT NULL', source: 'INTEGER NOT NULL', severity: 'TEXT NOT NULL', reason: 'TEXT NOT NULL', text: 'TEXT NOT NULL' },
  anomalies: { step: 'INTEGER NOT NULL', message: 'TEXT NOT NULL' },
  checkpoints: { step: 'INTEGER PRIMARY KEY', state: 'BLOB NOT NULL' },
  captures: { id: 'INTEGER PRIMARY KEY', pid: 'INTEGER NOT NULL', proc_id: 'INTEGER', step: 'INTEGER NOT NULL', kind: 'TEXT NOT NULL', text: 'TEXT NOT NULL' },
  files: { path: 'TEXT PRIMARY KEY', dev: 'TEXT NOT NULL', inode: 'INTEGER NOT NULL' },
  step_lists: { kind: 'TEXT NOT NULL', key: 'INTEGER NOT NULL', first_step: 'INTEGER NOT NULL', last_step: 'INTEGER NOT NULL', count: 'INTEGER NOT NULL', steps: 'BLOB NOT NULL' },
  proc_spaces: { proc_id: 'INTEGER NOT NULL', step: 'INTEGER NOT NULL', space_id: 'INTEGER NOT NULL' },
  event_tasks: { pid: 'INTEGER NOT NULL', step: 'INTEGER NOT NULL', proc_id: 'INTEGER', space_id: 'INTEGER' },
};

/** Composite keys: these tables are stored in key order (WITHOUT ROWID), so a lookup by key reads one B-tree. */
const TABLE_KEYS: Partial<Readonly<Record<TableName, string>>> = {
  step_lists: 'kind, key, first_step',
  proc_spaces: 'proc_id, step',
  event_tasks: 'pid, step',
};

/**
 * Secondary indexes, created after the bulk insert. None on events: building one re-reads every event
 * (~0.5 s per index on 1M events); `step_lists` and `proc_spaces` answer those lookups instead.
 */
export const INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS anomalies_step ON anomalies(step)',
  'CREATE INDEX IF NOT EXISTS processes_pid ON processes(pid)',
];

// Column names of a table, in COLUMNS order.
export function columnsOf<T extends TableName>(table: T): readonly (keyof Tables[T] & string)[] {
  return Object.keys(COLUMNS[table]) as (keyof Tables[T] & string)[];
}

// `CREATE TABLE` for one table.
export function createTableSql(table: TableName): string {
  const cols = Object.entries(COLUMNS[table] as Record<string, string>).map(([name, type]) => `${name} ${type}`);
  const key = TABLE_KEYS[table];
  return key === undefined ? `CREATE TABLE ${table} (${cols.join(', ')})` : `CREATE TABLE ${table} (${cols.join(', ')}, PRIMARY KEY (${key})) WITHOUT ROWID`;
}

// `INSERT INTO t (a, b) VALUES (@a, @b)` with named parameters.
export function insertSql(table: TableName): string {
  const cols = columnsOf(table);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

/**
 * A row per event, the columns of the tables before blocks (schema 5), for SQL users and the events_flat view
 * (vmtrace's readers decode the blocks themselves, queries.ts). json_each over `pids` gives each step; its texts
 * are the bytes between its entry of `ends` and the previous one (event-blocks.ts: after the block's width w, one
 * digit, three w-digit offsets per entry after a zero entry; substr of an empty blob is NULL, hence coalesce). The
 * inner query is kept apart (OFFSET 0: not flattened into the outer one) so that each offset is read once per event.
 * A condition on `step` does not reach the blocks: a lookup reads every block (see docs/schema.md).
 */
export const EVENTS_VIEW = `CREATE VIEW events AS SELECT
  first_step + key AS step, pid,
  coalesce(CAST(substr(events, e0 + 1, e1 - e0) AS TEXT), '') AS event,
  coalesce(CAST(substr(raws, r0 + 1, r1 - r0) AS TEXT), '') AS raw,
  CASE WHEN t1 > t0 THEN CAST(substr(touched, t0 + 1, t1 - t0) AS TEXT) END AS touched
FROM (SELECT b.first_step, b.events, b.raws, b.touched, j.key, j.value AS pid,
    ${['e0', 'r0', 't0', 'e1', 'r1', 't1'].map((name, k) => `CAST(substr(b.ends, 2 + b.w * (3 * j.key + ${k}), b.w) AS INTEGER) AS ${name}`).join(',\n    ')}
  FROM (SELECT *, CAST(substr(ends, 1, 1) AS INTEGER) AS w FROM event_blocks) b, json_each(b.pids) j LIMIT -1 OFFSET 0)`;

/** The pid's latest `event_tasks` row at or before the events row `e`: one seek of its key. */
const taskOf = (column: 'proc_id' | 'space_id'): string =>
  `(SELECT t.${column} FROM event_tasks t WHERE t.pid = e.pid AND t.step <= e.step ORDER BY t.step DESC LIMIT 1)`;

/** The columns of EventRow for rows `e` of the events view: append `FROM events e …` (SQL users, events_flat, tests). */
export const EVENT_ROWS_SQL = `SELECT e.step AS step, e.pid AS pid, ${taskOf('proc_id')} AS proc_id, ${taskOf('space_id')} AS space_id,
  e.touched IS NOT NULL AS changed, e.event AS event, e.raw AS raw, nullif(e.touched, '[]') AS touched`;

/**
 * Every event with the fields of its event text as columns, for SQL users (vmtrace reads the blocks).
 * `a`: the text is the array form of parse/event-text.ts (positions), else the event's JSON object (keys).
 */
export const EVENTS_FLAT_VIEW = `CREATE VIEW events_flat AS SELECT
  step, pid, proc_id, space_id,
  CASE WHEN a THEN event ->> '$[1]' ELSE event ->> '$.time' END AS time_us,
  CASE WHEN NOT a THEN event ->> '$.kind' WHEN event ->> '$[0]' IN ('mmap2', 'old_mmap', 'mmap_pgoff') THEN 'mmap' WHEN event ->> '$[0]' = 'break' THEN 'brk' ELSE event ->> '$[0]' END AS kind,
  CASE WHEN a THEN event ->> '$[0]' ELSE event ->> '$.syscall' END AS syscall,
  CASE WHEN a THEN CASE json_type(event, '$[5]') WHEN 'null' THEN '?' WHEN 'text' THEN '-1' ELSE CAST(event ->> '$[5]' AS TEXT) END
    ELSE CASE event ->> '$.result.kind' WHEN 'ok' THEN CAST(event ->> '$.result.value' AS TEXT) WHEN 'error' THEN '-1' WHEN 'none' THEN '?' END END AS result,
  CASE WHEN NOT a THEN event ->> '$.result.errno' WHEN json_type(event, '$[5]') = 'text' THEN event ->> '$[5]' END AS errno,
  CASE WHEN a THEN event ->> '$[2]' ELSE event ->> '$.line' END AS line,
  CASE WHEN a THEN event ->> '$[3]' ELSE event ->> '$.entryLine' END AS entry_line,
  coalesce(CASE WHEN a THEN event ->> '$[4]' ELSE event ->> '$.source' END, 0) AS source,
  event, raw, changed, touched
FROM (${EVENT_ROWS_SQL}, substr(e.event, 1, 1) = '[' AS a FROM events e)`;

// Every CREATE TABLE, in a fixed order, then the views.
export function schemaSql(): readonly string[] {
  return [...(Object.keys(COLUMNS) as TableName[]).map(createTableSql), EVENTS_VIEW, EVENTS_FLAT_VIEW];
}
