// What the TUI needs from an event log (and nothing more): the UI depends on this, not on SQLite.
import type { VmEvent } from '../model/events.js';
import type { ProcId, ProcessView, RegionView, SpaceId, StepEffect } from '../model/types.js';

/** One event as the TUI shows it. */
export interface TuiEvent {
  readonly step: number;
  readonly pid: number;
  readonly procId?: ProcId;
  /** Microseconds, when the trace had timestamps. */
  readonly time?: number;
  /** The raw trace line(s), joined by `\n`. */
  readonly raw: string;
  readonly changed: boolean;
  readonly anomalies: readonly string[];
  readonly event: VmEvent;
}

/** Trace-wide facts for the header. */
export interface TuiInfo {
  readonly command?: string;
  readonly stepCount: number;
  readonly firstTime?: number;
  readonly lastTime?: number;
}

/** A point on the timeline worth marking. */
export interface TimelineMarker {
  readonly step: number;
  readonly kind: 'exec' | 'fork' | 'exit';
}

/** Everything the TUI reads; steps are 1-based and "at step N" means right after event N. */
export interface TuiSource {
  info(): TuiInfo;
  event(step: number): TuiEvent | undefined;
  /** Events with step in [from, to], in order; only those of `procId` when given. */
  events(from: number, to: number, procId?: ProcId): readonly TuiEvent[];
  processes(): readonly ProcessView[];
  regionsAt(step: number, space: SpaceId): readonly RegionView[];
  effectAt(step: number): StepEffect | undefined;
  spaceOfProcAt(procId: ProcId, step: number): SpaceId | undefined;
  /** Steps that changed some address space, ascending (for the density strip). */
  changedSteps(): readonly number[];
  markers(): readonly TimelineMarker[];
}
