// Everything the panels show for one step and process, read from the source (memoized there per step).
import type { ProcessView, SpaceId, StepEffect } from '../model/types.js';
import { markRegions, type MarkedRegion } from './diff.js';
import type { TuiEvent, TuiSource } from './source.js';

/** The data behind one frame. */
export interface StepView {
  readonly step: number;
  readonly event?: TuiEvent;
  readonly effect?: StepEffect;
  readonly proc?: ProcessView;
  readonly space?: SpaceId;
  /** Regions of the shown space, marked with what this step did (removed ones included). */
  readonly rows: readonly MarkedRegion[];
  /** Whether this step acted on the shown space. */
  readonly touchedHere: boolean;
}

// Reads the view of `procId` at `step`.
export function readStepView(source: TuiSource, step: number, procId: number | undefined): StepView {
  const event = step > 0 ? source.event(step) : undefined;
  const effect = step > 0 ? source.effectAt(step) : undefined;
  const proc = source.processes().find((p) => p.procId === procId);
  const space = proc === undefined ? undefined : source.spaceOfProcAt(proc.procId, step);
  if (space === undefined) return { step, event, effect, proc, space, rows: [], touchedHere: false };
  const touchedHere = effect !== undefined && effect.space === space && effect.changed;
  // Read step − 1 before step: a replay cursor moves forward cheaply, backward only from a checkpoint.
  const before = touchedHere && step > 1 ? source.regionsAt(step - 1, space) : touchedHere ? [] : undefined;
  const after = source.regionsAt(step, space);
  return { step, event, effect, proc, space, rows: markRegions(before, after), touchedHere };
}
