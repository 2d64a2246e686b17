// The event log's tables: one type map is the single source of truth for rows.
// Documented in docs/schema.md. Bump SCHEMA_VERSION on any change.

/** `PRAGMA user_version` of DBs this build writes and reads. */
export const SCHEMA_VERSION = 1;

/** Value of meta `app`; a DB without it is not ours. */
export const APP_ID = 'vmtrace';

/** Row shapes, table by table (SQL NULL appears as null only here and in queries.ts). */
export interface Tables {
  readonly meta: { key: string; value: string };
  readonly events: {
    step: number;
    pid: number;
    proc_id: number | null;
    space_id: number | null;
    time_us: number | null;
    kind: string;
    syscall: string | null;
    event: string;
    result: string | null;
    errno: string | null;
    line: number;
    entry_line: number | null;
    source: number;
    raw: string;
    changed: number;
    touched: string | null;
  };
  readonly layouts: { step: number; layout: string };
  readonly processes: { proc_id: number; pid: number; parent: number | null; leader: number; first_step: number; end_step: number | null; view: string };
  readonly diagnostics: { id: number | null; line: number; source: number; severity: string; reason: string; text: string };
  readonly anomalies: { step: number; message: string };
  readonly checkpoints: { step: number; state: string };
  readonly captures: { id: number | null; pid: number; proc_id: number | null; step: number; kind: string; text: string };
  readonly files: { path: string; dev: string; inode: number };
}

export type TableName = keyof Tables;

type Columns = { readonly [T in TableName]: { readonly [C in keyof Tables[T]]-?: string } };

/** Column SQL per table, in insert order (the keys are exactly the row fields). */
export const COLUMNS: Columns = {
  meta: { key: 'TEXT PRIMARY KEY', value: 'TEXT NOT NULL' },
  events: {
    step: 'INTEGER PRIMARY KEY',
    pid: 'INTEGER NOT NULL',
    proc_id: 'INTEGER',
    space_id: 'INTEGER',
    time_us: 'INTEGER',
    kind: 'TEXT NOT NULL',
    syscall: 'TEXT',
    event: 'TEXT NOT NULL',
    result: 'TEXT',
    errno: 'TEXT',
    line: 'INTEGER NOT NULL',
    entry_line: 'INTEGER',
    source: 'INTEGER NOT NULL',
    raw: 'TEXT NOT NULL',
    changed: 'INTEGER NOT NULL',
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
  checkpoints: { step: 'INTEGER PRIMARY KEY', state: 'TEXT NOT NULL' },
  captures: { id: 'INTEGER PRIMARY KEY', pid: 'INTEGER NOT NULL', proc_id: 'INTEGER', step: 'INTEGER NOT NULL', kind: 'TEXT NOT NULL', text: 'TEXT NOT NULL' },
  files: { path: 'TEXT PRIMARY KEY', dev: 'TEXT NOT NULL', inode: 'INTEGER NOT NULL' },
};

/** Secondary indexes, created after the bulk insert. */
export const INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS events_pid ON events(pid, step)',
  'CREATE INDEX IF NOT EXISTS events_proc ON events(proc_id, step)',
  'CREATE INDEX IF NOT EXISTS events_space_changed ON events(space_id, step) WHERE changed = 1',
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
  return `CREATE TABLE ${table} (${cols.join(', ')})`;
}

// `INSERT INTO t (a, b) VALUES (@a, @b)` with named parameters.
export function insertSql(table: TableName): string {
  const cols = columnsOf(table);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

// Every CREATE TABLE, in a fixed order.
export function schemaSql(): readonly string[] {
  return (Object.keys(COLUMNS) as TableName[]).map(createTableSql);
}
