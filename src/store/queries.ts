// Every read the store does: prepared statements, rows mapped to plain objects (SQL NULL → undefined).
import type Database from 'better-sqlite3';
import type { VmEvent } from '../model/events.js';
import { eventFromText } from '../parse/event-text.js';
import type { ProcessView } from '../model/types.js';
import { EVENT_ROWS_SQL, type EventRow, type Tables } from './schema.js';
import { decodeSteps, type StepListKind } from './step-lists.js';
import type { Capture, StoredDiagnostic, StoredEvent } from './types.js';

/** Filters for `events()`. */
export interface EventFilter {
  readonly pid?: number;
  readonly procId?: number;
  readonly spaceId?: number;
}

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// One stored row as a StoredEvent (the VmEvent decoded from its text, parse/event-text.ts).
export function eventFromRow(row: EventRow, anomalies: readonly string[]): StoredEvent {
  const event = eventFromText(row.event, row.step, row.pid);
  const stored: StoredEvent = {
    step: row.step,
    pid: row.pid,
    procId: orUndef(row.proc_id),
    spaceId: orUndef(row.space_id),
    time: event.time,
    kind: event.kind,
    syscall: 'syscall' in event ? event.syscall : undefined,
    raw: row.raw,
    line: event.line,
    source: event.source ?? 0,
    changed: row.changed === 1,
    anomalies,
    event,
  };
  return stored;
}

// Steps in both ascending lists.
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) out.push(x);
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

/** Prepared reads over one open DB. */
export class Queries {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  // All meta rows as a record.
  meta(): Record<string, string> {
    const rows = this.stmt('SELECT key, value FROM meta').all() as Tables['meta'][];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  // `SELECT count(*)` of a fixed table name.
  count(table: 'events' | 'diagnostics' | 'anomalies' | 'processes'): number {
    return (this.stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  maxStep(): number {
    return (this.stmt('SELECT coalesce(max(step), 0) AS n FROM events').get() as { n: number }).n;
  }

  // Events with step in [from, to], optionally filtered, in step order.
  events(from: number, to: number, filter: EventFilter = {}): StoredEvent[] {
    let rows: EventRow[];
    if (filter.pid === undefined && filter.procId === undefined) {
      const range = `${EVENT_ROWS_SQL} FROM events e WHERE e.step BETWEEN ? AND ?`;
      const sql = filter.spaceId === undefined ? `${range} ORDER BY e.step` : `SELECT * FROM (${range}) WHERE space_id = ? ORDER BY step`;
      rows = this.stmt(sql).all(from, to, ...(filter.spaceId === undefined ? [] : [filter.spaceId])) as EventRow[];
    } else {
      // The pid's or task's steps from its step list, then those rows by step (what an index would do).
      const byPid = filter.pid === undefined ? undefined : this.steps('pid', filter.pid, from, to);
      const byProc = filter.procId === undefined ? undefined : this.steps('proc', filter.procId, from, to);
      const steps = byPid === undefined ? (byProc as number[]) : byProc === undefined ? byPid : intersect(byPid, byProc);
      if (steps.length === 0) return [];
      rows = this.stmt(`${EVENT_ROWS_SQL} FROM events e WHERE e.step IN (SELECT value FROM json_each(?)) ORDER BY e.step`).all(JSON.stringify(steps)) as EventRow[];
      if (filter.spaceId !== undefined) rows = rows.filter((r) => r.space_id === filter.spaceId);
    }
    if (rows.length === 0) return [];
    const anomalies = this.anomaliesBetween(from, to);
    return rows.map((r) => eventFromRow(r, anomalies.get(r.step) ?? []));
  }

  // The steps of one step list (step-lists.ts) within [from, to], ascending.
  steps(kind: StepListKind, key: number, from = 0, to = Number.MAX_SAFE_INTEGER): number[] {
    const pieces = this.stmt('SELECT first_step, steps FROM step_lists WHERE kind = ? AND key = ? AND first_step <= ? AND last_step >= ? ORDER BY first_step').raw().all(kind, key, to, from) as [number, Uint8Array][];
    const out: number[] = [];
    for (const [first, bytes] of pieces) decodeSteps(first, bytes, from, to, out);
    return out;
  }

  // Decoded events only (no anomalies), for replaying.
  vmEvents(from: number, to: number): VmEvent[] {
    // Raw arrays: no row object per event (a jump on churn reads up to ~1,000).
    const rows = this.stmt('SELECT event, step, pid FROM events WHERE step BETWEEN ? AND ? ORDER BY step').raw().all(from, to) as [string, number, number][];
    return rows.map((r) => eventFromText(r[0], r[1], r[2]));
  }

  eventRow(step: number): EventRow | undefined {
    return this.stmt(`${EVENT_ROWS_SQL} FROM events e WHERE e.step = ?`).get(step) as EventRow | undefined;
  }

  // Anomaly messages by step, for steps in [from, to].
  anomaliesBetween(from: number, to: number): Map<number, string[]> {
    const rows = this.stmt('SELECT step, message FROM anomalies WHERE step BETWEEN ? AND ? ORDER BY rowid').all(from, to) as Tables['anomalies'][];
    const map = new Map<number, string[]>();
    for (const r of rows) {
      const list = map.get(r.step) ?? [];
      list.push(r.message);
      map.set(r.step, list);
    }
    return map;
  }

  // The first `limit` anomalies in step order.
  anomalies(limit: number): { step: number; message: string }[] {
    return this.stmt('SELECT step, message FROM anomalies ORDER BY step, rowid LIMIT ?').all(limit) as Tables['anomalies'][];
  }

  processes(): ProcessView[] {
    const rows = this.stmt('SELECT view FROM processes ORDER BY proc_id').all() as { view: string }[];
    return rows.map((r) => JSON.parse(r.view) as ProcessView);
  }

  // The step of the latest checkpoint at or before `step`, without reading (and parsing) its state.
  checkpointStepAtOrBefore(step: number): number | undefined {
    const row = this.stmt('SELECT step FROM checkpoints WHERE step <= ? ORDER BY step DESC LIMIT 1').get(step) as { step: number } | undefined;
    return row?.step;
  }

  // The latest checkpoint at or before `step`.
  checkpointAtOrBefore(step: number): { step: number; state: Uint8Array } | undefined {
    const row = this.stmt('SELECT step, state FROM checkpoints WHERE step <= ? ORDER BY step DESC LIMIT 1').get(step) as Tables['checkpoints'] | undefined;
    return row === undefined ? undefined : { step: row.step, state: row.state };
  }

  changedSteps(space: number): number[] {
    return this.steps('changed', space);
  }

  // The space recorded on the task's latest event at or before `step` (proc_spaces keeps each change of it).
  spaceOfProcAt(procId: number, step: number): number | undefined {
    const row = this.stmt('SELECT space_id FROM proc_spaces WHERE proc_id = ? AND step <= ? ORDER BY step DESC LIMIT 1').get(procId, step) as { space_id: number } | undefined;
    return row?.space_id;
  }

  diagnostics(limit: number): StoredDiagnostic[] {
    const rows = this.stmt('SELECT line, source, severity, reason, text FROM diagnostics ORDER BY id LIMIT ?').all(limit) as Tables['diagnostics'][];
    return rows.map((r) => ({ line: r.line, source: r.source, severity: r.severity as StoredDiagnostic['severity'], reason: r.reason, text: r.text }));
  }

  captures(kind?: 'exec' | 'exit'): Capture[] {
    const rows = (
      kind === undefined
        ? this.stmt('SELECT * FROM captures ORDER BY step, id').all()
        : this.stmt('SELECT * FROM captures WHERE kind = ? ORDER BY step, id').all(kind)
    ) as Tables['captures'][];
    return rows.map((r) => ({ pid: r.pid, procId: orUndef(r.proc_id), step: r.step, kind: r.kind as Capture['kind'], text: r.text }));
  }
}
