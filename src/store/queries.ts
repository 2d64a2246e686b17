// Every read the store does: prepared statements, rows mapped to plain objects (SQL NULL → undefined).
import type Database from 'better-sqlite3';
import type { VmEvent } from '../model/events.js';
import { eventFromText } from '../parse/event-text.js';
import type { ProcessView } from '../model/types.js';
import { StoredBlock } from './event-blocks.js';
import type { EventRow, Tables } from './schema.js';
import { decodeSteps, type StepListKind } from './step-lists.js';
import type { Capture, StoredDiagnostic, StoredEvent } from './types.js';

/** Filters for `events()`. */
export interface EventFilter {
  readonly pid?: number;
  readonly procId?: number;
  readonly spaceId?: number;
}

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Blocks kept from the latest reads. */
const RECENT_BLOCKS = 4;

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
  /** The last RECENT_BLOCKS blocks read with all their columns (a TUI step reads its event and its effect from one). */
  private readonly recent: StoredBlock[] = [];
  private nextRecent = 0;

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

  // The number of rows of a fixed table (events: of steps).
  count(table: 'events' | 'diagnostics' | 'anomalies' | 'processes'): number {
    if (table === 'events') return (this.stmt('SELECT coalesce(sum(last_step - first_step + 1), 0) AS n FROM event_blocks').get() as { n: number }).n;
    return (this.stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  maxStep(): number {
    return (this.stmt('SELECT coalesce((SELECT last_step FROM event_blocks ORDER BY first_step DESC LIMIT 1), 0) AS n').get() as { n: number }).n;
  }

  // The blocks holding steps from…to (`all`: with the touched ranges and raw lines, else the events only), in step order.
  private blocks(from: number, to: number, all: boolean): StoredBlock[] {
    // A block never changes once written (and a reader sees only committed ones): steps within blocks read lately are read
    // again from them (a TUI step reads its event, its effect and the ~30 events around it from one or two blocks).
    const cached = this.cachedBlocks(from, to);
    if (cached !== undefined) return cached;
    const rows = this.stmt(
      `SELECT first_step, pids, ends, events${all ? ', touched, raws' : ''} FROM event_blocks
       WHERE first_step BETWEEN coalesce((SELECT first_step FROM event_blocks WHERE first_step <= ? ORDER BY first_step DESC LIMIT 1), ?) AND ? ORDER BY first_step`,
    )
      .raw()
      .all(from, from, to) as [number, string, Buffer, Buffer, Buffer?, Buffer?][];
    const blocks = rows.map((r) => new StoredBlock(r[0], r[1], r[2], r[3], r[4], r[5]));
    if (all) for (const b of blocks.slice(-RECENT_BLOCKS)) this.recent[this.nextRecent++ % RECENT_BLOCKS] = b;
    return blocks;
  }

  // Recent blocks that hold every step from…to, in step order, or undefined.
  private cachedBlocks(from: number, to: number): StoredBlock[] | undefined {
    const out: StoredBlock[] = [];
    let next = from;
    while (next <= to) {
      const b = this.recent.find((r) => r.first <= next && next <= r.last);
      if (b === undefined) return undefined;
      out.push(b);
      next = b.last + 1;
    }
    return out;
  }

  // The blocks holding the given steps (ascending), in step order.
  private blocksOf(steps: readonly number[]): StoredBlock[] {
    const rows = this.stmt(
      `SELECT first_step, pids, ends, events, touched, raws FROM event_blocks
       WHERE first_step IN (SELECT (SELECT first_step FROM event_blocks WHERE first_step <= s.value ORDER BY first_step DESC LIMIT 1) FROM json_each(?) s) ORDER BY first_step`,
    )
      .raw()
      .all(JSON.stringify(steps)) as [number, string, Buffer, Buffer, Buffer, Buffer][];
    return rows.map((r) => new StoredBlock(r[0], r[1], r[2], r[3], r[4], r[5]));
  }

  // The event rows of `steps` (ascending, or all of [from, to] when undefined) from their blocks, with each pid's task and space.
  private rows(blocks: readonly StoredBlock[], from: number, to: number, steps?: readonly number[]): EventRow[] {
    const out: EventRow[] = [];
    const tasks = new TaskLookup(this, from, to);
    let k = 0;
    for (const b of blocks) {
      const lo = Math.max(from, b.first);
      const hi = Math.min(to, b.last);
      for (let step = lo; step <= hi; step++) {
        if (steps !== undefined) {
          while (k < steps.length && (steps[k] as number) < step) k++;
          if (k >= steps.length) return out;
          if (steps[k] !== step) {
            // Skip to the next listed step within this block.
            step = Math.min(hi + 1, steps[k] as number) - 1;
            continue;
          }
        }
        const i = step - b.first;
        const pid = b.pid(i);
        const task = tasks.at(pid, step);
        const touched = b.touchedText(i);
        out.push({
          step,
          pid,
          proc_id: task === undefined ? null : task[1],
          space_id: task === undefined ? null : task[2],
          changed: touched === null ? 0 : 1,
          event: b.event(i),
          raw: b.raw(i),
          touched: touched === '[]' ? null : touched,
        });
      }
    }
    return out;
  }

  // The `event_tasks` rows of a pid that apply to steps from…to: its latest row at or before `from`, then the later ones.
  taskRows(pid: number, from: number, to: number): [number, number | null, number | null][] {
    return this.stmt(
      `SELECT step, proc_id, space_id FROM event_tasks WHERE pid = ? AND step <= ?
       AND step >= coalesce((SELECT step FROM event_tasks WHERE pid = ? AND step <= ? ORDER BY step DESC LIMIT 1), ?) ORDER BY step`,
    )
      .raw()
      .all(pid, to, pid, from, from) as [number, number | null, number | null][];
  }

  // Events with step in [from, to], optionally filtered, in step order.
  events(from: number, to: number, filter: EventFilter = {}): StoredEvent[] {
    let rows: EventRow[];
    if (filter.pid === undefined && filter.procId === undefined) {
      rows = this.rows(this.blocks(from, to, true), from, to);
    } else {
      // The pid's or task's steps from its step list, then those steps from their blocks (what an index would do).
      const byPid = filter.pid === undefined ? undefined : this.steps('pid', filter.pid, from, to);
      const byProc = filter.procId === undefined ? undefined : this.steps('proc', filter.procId, from, to);
      const steps = byPid === undefined ? (byProc as number[]) : byProc === undefined ? byPid : intersect(byPid, byProc);
      if (steps.length === 0) return [];
      rows = this.rows(this.blocksOf(steps), from, to, steps);
    }
    if (filter.spaceId !== undefined) rows = rows.filter((r) => r.space_id === filter.spaceId);
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
    const out: VmEvent[] = [];
    for (const b of this.blocks(from, to, false)) {
      const hi = Math.min(to, b.last);
      for (let step = Math.max(from, b.first); step <= hi; step++) {
        const i = step - b.first;
        out.push(eventFromText(b.event(i), step, b.pid(i)));
      }
    }
    return out;
  }

  eventRow(step: number): EventRow | undefined {
    return this.rows(this.blocks(step, step, true), step, step)[0];
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

/** Each pid's task and space at the steps of one read, from its `event_tasks` rows (read once per pid). */
class TaskLookup {
  private readonly byPid = new Map<number, { readonly rows: [number, number | null, number | null][]; at: number }>();

  constructor(
    private readonly queries: Queries,
    private readonly from: number,
    private readonly to: number,
  ) {}

  // The pid's latest row at or before `step` (steps asked in ascending order), or undefined.
  at(pid: number, step: number): [number, number | null, number | null] | undefined {
    let t = this.byPid.get(pid);
    if (t === undefined) {
      t = { rows: this.queries.taskRows(pid, this.from, this.to), at: -1 };
      this.byPid.set(pid, t);
    }
    const rows = t.rows;
    while (t.at + 1 < rows.length && (rows[t.at + 1] as [number, number | null, number | null])[0] <= step) t.at++;
    return t.at < 0 ? undefined : rows[t.at];
  }
}
