// Shapes the store hands to its readers (TUI, commands, run).
import type { VmEvent } from '../model/events.js';
import type { ProcId, Replay, SpaceId } from '../model/types.js';

/** One event as read back from the log. */
export interface StoredEvent {
  readonly step: number;
  readonly pid: number;
  readonly procId?: ProcId;
  readonly spaceId?: SpaceId;
  /** Microseconds, when the trace had timestamps. */
  readonly time?: number;
  readonly kind: VmEvent['kind'];
  readonly syscall?: string;
  /** The raw trace line(s), joined by `\n` (entry line first for unfinished/resumed pairs). */
  readonly raw: string;
  readonly line: number;
  readonly source: number;
  readonly changed: boolean;
  readonly anomalies: readonly string[];
  readonly event: VmEvent;
}

/** One trace file the log was built from. */
export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What `TraceDb.info()` returns. */
export interface TraceInfoRow {
  readonly command?: string;
  readonly sources: readonly SourceFile[];
  readonly flags: readonly string[];
  readonly straceVersion?: string;
  readonly personality?: string;
  readonly stepCount: number;
  readonly lineCount: number;
  readonly diagnosticCount: number;
  readonly anomalyCount: number;
  readonly complete: boolean;
  readonly firstTime?: number;
  readonly lastTime?: number;
}

/** A trace line that did not become an event (kept, with why). */
export interface StoredDiagnostic {
  readonly line: number;
  readonly source: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly reason: string;
  readonly text: string;
}

/** A /proc/PID/maps text read live by `run` (at exec or at exit). */
export interface Capture {
  readonly pid: number;
  readonly procId?: ProcId;
  readonly step: number;
  readonly kind: 'exec' | 'exit';
  readonly text: string;
}

/** How the store makes replays (injected so the store never picks a model implementation itself). */
export interface ReplayFactory {
  create(): Replay;
  restore(saved: Uint8Array): Replay;
}
