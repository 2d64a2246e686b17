// Every read the store does: prepared statements, rows mapped to plain objects (SQL NULL → undefined).
import type Database from 'better-sqlite3';
import type { VmEvent } from '../model/events.js';
import type { ProcessView } from '../model/types.js';
import type { Tables } from './schema.js';
import type { Capture, StoredDiagnostic, StoredEvent } from './types.js';

/** Filters for `events()`. */
export interface EventFilter {
  readonly pid?: number;
  readonly procId?: number;
  readonly spaceId?: number;
}

type EventRow = Tables['events'];

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// One stored row as a StoredEvent (the VmEvent is the decoded JSON).
export function eventFromRow(row: EventRow, anomalies: readonly string[]): StoredEvent {
  const event = JSON.parse(row.event) as VmEvent;
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
    const where = ['step BETWEEN @from AND @to'];
    if (filter.pid !== undefined) where.push('pid = @pid');
    if (filter.procId !== undefined) where.push('proc_id = @procId');
    if (filter.spaceId !== undefined) where.push('space_id = @spaceId');
    const params = { from, to, ...filter };
    const rows = this.stmt(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY step`).all(params) as EventRow[];
    const anomalies = this.anomaliesBetween(from, to);
    return rows.map((r) => eventFromRow(r, anomalies.get(r.step) ?? []));
  }

  // Decoded events only (no anomalies), for replaying.
  vmEvents(from: number, to: number): VmEvent[] {
    // Plucked: no row object per event (a jump on churn reads ~2,000).
    const rows = this.stmt('SELECT event FROM events WHERE step BETWEEN ? AND ? ORDER BY step').pluck().all(from, to) as string[];
    return rows.map((r) => JSON.parse(r) as VmEvent);
  }

  eventRow(step: number): EventRow | undefined {
    return this.stmt('SELECT * FROM events WHERE step = ?').get(step) as EventRow | undefined;
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
    // Plucked: ~860k steps on the 1M-event churn DB, one object per row made this ~1.5 s.
    return this.stmt('SELECT step FROM events WHERE space_id = ? AND changed = 1 ORDER BY step').pluck().all(space) as number[];
  }

  // The space recorded on the task's latest event at or before `step`.
  spaceOfProcAt(procId: number, step: number): number | undefined {
    const row = this.stmt('SELECT space_id FROM events WHERE proc_id = ? AND step <= ? AND space_id IS NOT NULL ORDER BY step DESC LIMIT 1').get(procId, step) as
      | { space_id: number }
      | undefined;
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
