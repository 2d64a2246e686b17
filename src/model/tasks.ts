// Tasks (threads and process leaders) and their lifetimes. Keyed by our own
// ProcId; the pid map only says which task a pid names right now.

import type { Pid } from './events.js';
import type { ProcessView, ProcId, SpaceId } from './types.js';

/** Mutable task record owned by the replay. */
export interface Task {
  readonly procId: ProcId;
  pid: Pid;
  leader: ProcId;
  readonly parent?: ProcId;
  space: SpaceId;
  fds: number;
  readonly spaces: SpaceId[];
  readonly images: string[];
  readonly firstStep: number;
  endStep?: number;
  end?: ProcessView['end'];
  alive: boolean;
  /** Created from a spawn hint before its parent's clone returned (that clone is then a no-op). */
  hinted?: boolean;
  /** Its first address space began before the trace (see ProcessView.startUnknown). */
  startUnknown?: true;
}

// The public view of a task.
export function taskView(t: Task): ProcessView {
  return {
    procId: t.procId,
    pid: t.pid,
    ...(t.parent === undefined ? {} : { parent: t.parent }),
    leader: t.leader,
    spaces: [...t.spaces],
    images: [...t.images],
    firstStep: t.firstStep,
    ...(t.endStep === undefined ? {} : { endStep: t.endStep }),
    ...(t.end === undefined ? {} : { end: t.end }),
    ...(t.startUnknown === undefined ? {} : { startUnknown: t.startUnknown }),
  };
}

// Whether `space` is the first address space of a task that was already running when the trace
// began: what it mapped before the trace is missing from it.
export function beganBeforeTrace(proc: ProcessView | undefined, space: SpaceId | undefined): boolean {
  return proc?.startUnknown === true && space !== undefined && space === proc.spaces[0];
}
