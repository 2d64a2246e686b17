// Read side of the event log: what the TUI, `maps`, `events`, `ps` and `run` use.
import type Database from 'better-sqlite3';
import type { ProcId, ProcessView, RegionView, SpaceId, StepEffect } from '../model/types.js';
import { defaultReplayFactory } from './default-replay.js';
import { openExistingDb } from './open-db.js';
import { Queries, type EventFilter } from './queries.js';
import { ReplayCursor } from './replay-cursor.js';
import { touchedFromText } from './touched-text.js';
import type { Capture, ReplayFactory, SourceFile, StoredDiagnostic, StoredEvent, TraceInfoRow } from './types.js';

/** Options of `TraceDb.open`. */
export interface OpenOptions {
  /** Open a DB whose import has not finished (the live `run` view). */
  readonly allowIncomplete?: boolean;
  readonly replay?: ReplayFactory;
}

const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));

/** One opened event-log DB. */
export class TraceDb {
  private readonly queries: Queries;
  private readonly cursor: ReplayCursor;
  private processCache: ProcessView[] | undefined;

  private constructor(
    private readonly db: Database.Database,
    factory: ReplayFactory,
  ) {
    this.queries = new Queries(db);
    this.cursor = new ReplayCursor(this.queries, factory);
  }

  // Opens a DB file; refuses non-vmtrace files, newer schemas and incomplete imports (StoreError).
  static open(path: string, options: OpenOptions = {}): TraceDb {
    const db = openExistingDb(path, options);
    return new TraceDb(db, options.replay ?? defaultReplayFactory());
  }

  // Wraps an already open handle (tests, `:memory:` DBs just written).
  static fromHandle(db: Database.Database, factory: ReplayFactory = defaultReplayFactory()): TraceDb {
    return new TraceDb(db, factory);
  }

  close(): void {
    this.db.close();
  }

  info(): TraceInfoRow {
    const m = this.queries.meta();
    const json = <T>(key: string, fallback: T): T => (m[key] === undefined ? fallback : (JSON.parse(m[key]) as T));
    return {
      command: m.command,
      sources: json<SourceFile[]>('sources', []),
      flags: json<string[]>('flags', []),
      straceVersion: m.straceVersion,
      personality: m.personality,
      stepCount: this.stepCount(),
      lineCount: num(m.lineCount) ?? 0,
      diagnosticCount: this.queries.count('diagnostics'),
      anomalyCount: this.queries.count('anomalies'),
      complete: m.complete === '1',
      firstTime: num(m.firstTime),
      lastTime: num(m.lastTime),
    };
  }

  stepCount(): number {
    return this.queries.maxStep();
  }

  event(step: number): StoredEvent | undefined {
    return this.queries.events(step, step)[0];
  }

  events(fromStep: number, toStep: number, filter?: EventFilter): StoredEvent[] {
    return this.queries.events(fromStep, toStep, filter);
  }

  processes(): ProcessView[] {
    // A complete DB never changes: read the processes once.
    if (this.processCache !== undefined) return [...this.processCache];
    const procs = this.queries.processes();
    if (this.queries.meta().complete === '1') this.processCache = procs;
    return [...procs];
  }

  // The maps of `space` right after event `step` (0 = before any event).
  regionsAt(step: number, space: SpaceId): RegionView[] {
    return [...this.cursor.regionsAt(Math.max(0, Math.min(step, this.stepCount())), space)];
  }

  effectAt(step: number): StepEffect | undefined {
    const row = this.queries.eventRow(step);
    if (row === undefined) return undefined;
    const anomalies = (this.queries.anomaliesBetween(step, step).get(step) ?? []).map((message) => ({ step, message }));
    const touched = touchedFromText(row.touched);
    return { space: row.space_id ?? undefined, changed: row.changed === 1, touched, anomalies };
  }

  changedSteps(space: SpaceId): number[] {
    return this.queries.changedSteps(space);
  }

  // The space the task used right after `step`: from its own latest event, else its first space.
  spaceOfProcAt(procId: ProcId, step: number): SpaceId | undefined {
    const seen = this.queries.spaceOfProcAt(procId, step);
    if (seen !== undefined) return seen;
    const proc = this.processes().find((p) => p.procId === procId);
    if (proc === undefined || proc.firstStep > step) return undefined;
    return proc.spaces[0];
  }

  diagnostics(limit = 1000): StoredDiagnostic[] {
    return this.queries.diagnostics(limit);
  }

  // The first anomalies of the whole trace, in step order.
  anomalies(limit = 1000): { step: number; message: string }[] {
    return this.queries.anomalies(limit);
  }

  // The parser's own line tally as it reported it at import (`{}` if none).
  parserCounts(): Record<string, unknown> {
    const raw = this.queries.meta().counts;
    const parsed = raw === undefined ? {} : (JSON.parse(raw) as unknown);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }

  captures(kind?: 'exec' | 'exit'): Capture[] {
    return this.queries.captures(kind);
  }
}
