// `vmtrace maps`: the address space of one pid at chosen steps, in one of four formats.
import { UsageError } from '../errors.js';
import { beganBeforeTrace } from '../model/tasks.js';
import type { ProcessView, RegionView } from '../model/types.js';
import { formatGdb } from '../render/gdb.js';
import { formatJson } from '../render/json.js';
import { formatMaps } from '../render/maps.js';
import { formatPmap } from '../render/pmap.js';
import type { TraceDb } from '../store/trace-db.js';
import { parseAtSpec } from './shared-at.js';

/** Output formats of `maps`. */
export const MAPS_FORMATS = ['maps', 'pmap', 'gdb', 'json'] as const;
export type MapsFormat = (typeof MAPS_FORMATS)[number];

/** Options of `renderMaps`. */
export interface MapsOptions {
  readonly pid?: number;
  readonly at?: string;
  readonly format?: MapsFormat;
  /** Names the DB in errors. */
  readonly dbName?: string;
  /** Told once when a shown state lacks what was mapped before the trace began (`maps` prints it on stderr). */
  readonly onNote?: (text: string) => void;
}

// The note for such a state.
export function beganBeforeNote(pid: number): string {
  return `pid ${pid}: its start is not in the trace (no execve of it: strace -p, a cut trace, or a filter without execve), so what it mapped before the trace shows it is missing; only regions the trace maps are shown`;
}

// The task of `pid` that is alive at `step` (else the latest one started by then, else the first).
export function procAt(candidates: readonly ProcessView[], step: number): ProcessView | undefined {
  const started = candidates.filter((p) => p.firstStep <= step);
  return started.find((p) => p.endStep === undefined || step < p.endStep) ?? started[started.length - 1] ?? candidates[0];
}

// The steps SPEC selects for these tasks (`last` = the last state while alive).
function stepsFor(db: TraceDb, candidates: readonly ProcessView[], spec: string): { steps: number[]; many: boolean } {
  const at = parseAtSpec(spec);
  const total = db.stepCount();
  switch (at.kind) {
    case 'step':
      if (at.step > total) throw new UsageError(`--at ${at.step}: the trace has ${total} steps`);
      return { steps: [at.step], many: false };
    case 'last': {
      const p = candidates[candidates.length - 1];
      const end = p?.endStep;
      return { steps: [end === undefined ? total : Math.max(0, end - 1)], many: false };
    }
    case 'range':
      if (at.to > total) throw new UsageError(`--at ${at.from}..${at.to}: the trace has ${total} steps`);
      return { steps: Array.from({ length: at.to - at.from + 1 }, (_, i) => at.from + i), many: true };
    case 'all': {
      const set = new Set<number>();
      for (const p of candidates) {
        for (const space of p.spaces) {
          for (const s of db.changedSteps(space)) if (s >= p.firstStep && (p.endStep === undefined || s <= p.endStep)) set.add(s);
        }
      }
      return { steps: [...set].sort((a, b) => a - b), many: true };
    }
  }
}

// The text of `vmtrace maps` for one DB.
export function renderMaps(db: TraceDb, options: MapsOptions = {}): string {
  const procs = db.processes();
  const dbName = options.dbName ?? 'trace';
  if (procs.length === 0) throw new UsageError(`${dbName}: the trace has no processes`);
  const pid = options.pid ?? (procs[0] as ProcessView).pid;
  const candidates = procs.filter((p) => p.pid === pid);
  if (candidates.length === 0) throw new UsageError(`--pid ${pid}: no such pid in ${dbName}`);
  const format = options.format ?? 'maps';
  const { steps, many } = stepsFor(db, candidates, options.at ?? 'last');
  const out: string[] = [];
  let noted = false;
  for (const step of steps) {
    const proc = procAt(candidates, step);
    const space = proc === undefined ? undefined : db.spaceOfProcAt(proc.procId, step);
    const regions: RegionView[] = space === undefined ? [] : db.regionsAt(step, space);
    const partial = beganBeforeTrace(proc, space);
    if (partial && !noted) {
      noted = true;
      options.onNote?.(beganBeforeNote(pid));
    }
    if (format === 'json') {
      const anomalies = db.effectAt(step)?.anomalies ?? [];
      out.push(`${formatJson(regions, { step, pid, procId: proc?.procId, space, anomalies, ...(partial ? { startUnknown: true as const } : {}) })}\n`);
      continue;
    }
    if (many) out.push(`# step ${step}\n`);
    if (format === 'maps') out.push(formatMaps(regions));
    else if (format === 'pmap') out.push(formatPmap(regions, { header: { pid, command: proc?.images[proc.images.length - 1] ?? db.info().command ?? '' } }));
    else out.push(formatGdb(regions, { pid }));
  }
  return out.join('');
}
