// The event log's tables: one type map is the single source of truth for rows.
// Documented in docs/schema.md. Bump SCHEMA_VERSION on any change.

/** `PRAGMA user_version` of DBs this build writes and reads. */
export const SCHEMA_VERSION = 5;

/** Value of meta `app`; a DB without it is not ours. */
export const APP_ID = 'vmtrace';

/** Row shapes, table by table (SQL NULL appears as null only here and in queries.ts). */
export interface Tables {
  readonly meta: { key: string; value: string };
  // Only what is looked up and what the replay adds; the rest of the event (time, syscall, result, line…)
  // lives once, in `event`, and the `events_flat` view shows it as columns. Each bound column costs
  // about as much as a JSON field (16 → 8 columns: ~6 → ~3.5 µs per insert; 8 → 5 ~14 % less): a row's
  // task and space are in `event_tasks` (they change rarely), `changed` is `touched IS NOT NULL`.
  readonly events: {
    step: number;
    pid: number;
    event: string;
    raw: string;
    /** The touched ranges (touched-text.ts); '[]' when the event changed maps but none of its own space; NULL when it changed none. */
    touched: string | null;
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

/** An events row as the readers see it (EVENT_ROWS_SQL): the stored columns with the task, space and changed flag. */
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
  events: {
    step: 'INTEGER PRIMARY KEY',
    pid: 'INTEGER NOT NULL',
    event: 'TEXT NOT NULL',
    raw: 'TEXT NOT NULL',
    touched: 'TEXT',
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
 * Secondary indexes, created after the bulk insert. None on `events`: building one re-reads the whole
 * table (~0.5 s per index on 1M events); `step_lists` and `proc_spaces` answer those lookups instead.
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

/** The pid's latest `event_tasks` row at or before the events row `e`: one seek of its key. */
const taskOf = (column: 'proc_id' | 'space_id'): string =>
  `(SELECT t.${column} FROM event_tasks t WHERE t.pid = e.pid AND t.step <= e.step ORDER BY t.step DESC LIMIT 1)`;

/** The columns of EventRow for the events rows `e`: append `FROM events e WHERE …`. */
export const EVENT_ROWS_SQL = `SELECT e.step AS step, e.pid AS pid, ${taskOf('proc_id')} AS proc_id, ${taskOf('space_id')} AS space_id,
  e.touched IS NOT NULL AS changed, e.event AS event, e.raw AS raw, nullif(e.touched, '[]') AS touched`;

/**
 * Every events row with the fields of its event text as columns, for SQL users (vmtrace reads the table).
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
  return [...(Object.keys(COLUMNS) as TableName[]).map(createTableSql), EVENTS_FLAT_VIEW];
}
