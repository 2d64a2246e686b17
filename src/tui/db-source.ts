// TraceDb → TuiSource: the only TUI file that knows about the store; memoizes per step.
import type { ProcId, ProcessView, RegionView, SpaceId, StepEffect } from '../model/types.js';
import type { TraceDb } from '../store/trace-db.js';
import type { StoredEvent } from '../store/types.js';
import { Lru } from './lru.js';
import type { TimelineMarker, TuiEvent, TuiInfo, TuiSource } from './source.js';

/** Up to this many steps the markers come from reading every event; above, from the process table. */
const EXACT_MARKER_STEPS = 50_000;
const SCAN_CHUNK = 10_000;
/**
 * Steps read at once, oldest first, when the view steps back: the store's replay only moves forward, so a step back
 * restores a checkpoint and replays up to 1,000 events (~5 ms on the 1M-event churn trace); reading this window in
 * one forward pass makes that one ← in this many.
 */
const BACK_WINDOW = 32;

const toTuiEvent = (e: StoredEvent): TuiEvent => e;

// Execve, fork/clone and exit steps, read from the processes (and each space's first change).
function markersFromProcesses(db: TraceDb, procs: readonly ProcessView[], changedSteps: (space: SpaceId) => readonly number[]): TimelineMarker[] {
  const out: TimelineMarker[] = [];
  const seenSpaces = new Set<SpaceId>();
  for (const p of procs) {
    if (p.parent !== undefined) out.push({ step: p.firstStep, kind: 'fork' });
    if (p.endStep !== undefined) out.push({ step: p.endStep, kind: 'exit' });
    for (const space of p.spaces) {
      if (seenSpaces.has(space)) continue;
      seenSpaces.add(space);
      const first = changedSteps(space)[0];
      if (first !== undefined && db.event(first)?.kind === 'execve') out.push({ step: first, kind: 'exec' });
    }
  }
  return out.sort((a, b) => a.step - b.step);
}

// The same markers read from every event (exact; for small traces).
function markersFromEvents(db: TraceDb, total: number): TimelineMarker[] {
  const out: TimelineMarker[] = [];
  for (let from = 1; from <= total; from += SCAN_CHUNK) {
    for (const e of db.events(from, Math.min(total, from + SCAN_CHUNK - 1))) {
      const ev = e.event;
      if (ev.kind === 'execve' && ev.result.kind === 'ok') out.push({ step: e.step, kind: 'exec' });
      else if (ev.kind === 'clone' && ev.result.kind === 'ok') out.push({ step: e.step, kind: 'fork' });
      else if (ev.kind === 'end') out.push({ step: e.step, kind: 'exit' });
    }
  }
  return out;
}

// Wraps an open TraceDb (the caller keeps ownership and closes it).
export function dbSource(db: TraceDb): TuiSource {
  const info = db.info();
  const total = info.stepCount;
  const tuiInfo: TuiInfo = { command: info.command, stepCount: total, firstTime: info.firstTime, lastTime: info.lastTime };
  const procs = db.processes();
  const events = new Lru<number, TuiEvent | undefined>(512);
  const effects = new Lru<number, StepEffect | undefined>(512);
  const regions = new Lru<string, readonly RegionView[]>(2 * BACK_WINDOW + 16);
  let lastRegionStep = 0;
  const spaces = new Lru<string, SpaceId | undefined>(512);
  let changed: readonly number[] | undefined;
  // Per space, read once: the density strip and the exec markers both use them.
  const spaceSteps = new Map<SpaceId, readonly number[]>();
  const changedOf = (space: SpaceId): readonly number[] => {
    let steps = spaceSteps.get(space);
    if (steps === undefined) spaceSteps.set(space, (steps = db.changedSteps(space)));
    return steps;
  };
  let markers: TimelineMarker[] | undefined;
  return {
    info: () => tuiInfo,
    event: (step) => events.get(step, () => db.event(step)),
    events: (from, to, procId?: ProcId) => db.events(Math.max(1, from), Math.min(total, to), procId === undefined ? undefined : { procId }).map(toTuiEvent),
    processes: () => procs,
    regionsAt: (step, space) => {
      const key = `${step}:${space}`;
      const back = step < lastRegionStep && lastRegionStep - step <= BACK_WINDOW;
      lastRegionStep = step;
      if (back && !regions.has(key)) {
        for (let s = Math.max(0, step - BACK_WINDOW + 1); s < step; s++) regions.get(`${s}:${space}`, () => db.regionsAt(s, space));
      }
      return regions.get(key, () => db.regionsAt(step, space));
    },
    effectAt: (step) => effects.get(step, () => db.effectAt(step)),
    spaceOfProcAt: (procId, step) => spaces.get(`${procId}:${step}`, () => db.spaceOfProcAt(procId, step)),
    changedSteps: () => {
      if (changed === undefined) {
        // One sorted list per space: merged as a typed array (a Set and a comparator sort of ~1M steps took ~1.5 s).
        const lists = [...new Set(procs.flatMap((p) => p.spaces))].map(changedOf).filter((l) => l.length > 0);
        if (lists.length <= 1) changed = lists[0] ?? [];
        else {
          const all = Float64Array.from(lists.flat()).sort();
          changed = Array.from(all.filter((s, i) => i === 0 || s !== all[i - 1]));
        }
      }
      return changed;
    },
    markers: () => {
      markers ??= total <= EXACT_MARKER_STEPS ? markersFromEvents(db, total) : markersFromProcesses(db, procs, changedOf);
      return markers;
    },
  };
}
