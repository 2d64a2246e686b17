// Which steps belong to a pid, a task, or changed an address space — kept as lists written while
// the events go in, instead of SQL indexes built at the end of an import. The three indexes
// (pid, step), (proc_id, step) and (space_id, step) WHERE changed each re-read the whole events
// table: ~1.6 s of a 1M-event import's busiest thread, against ~0.1 s for these lists.
//
// A list is cut into pieces at every commit of the writer, so a reader following a live import sees
// exactly the steps of the committed events. A piece holds the steps after its first one as
// unsigned LEB128 deltas (1 byte per step while they are closer than 128).

/** What a list is keyed by: the events' `pid`, `proc_id`, or `space_id` of events that changed it. */
export type StepListKind = 'pid' | 'proc' | 'changed';

/** One stored piece of a list: its steps are first_step, then first_step + each delta in `steps`. */
export interface StepListPiece {
  readonly kind: StepListKind;
  readonly key: number;
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly steps: Uint8Array;
}

/** A task's address space from `step` on, as its events recorded it (one entry per change). */
export interface ProcSpaceChange {
  readonly procId: number;
  readonly step: number;
  readonly spaceId: number;
}

// Deltas of ascending steps (from `first`) as LEB128 bytes.
export function encodeSteps(steps: ArrayLike<number>, from: number, to: number): Uint8Array {
  let size = 0;
  for (let i = from + 1; i < to; i++) {
    for (let d = (steps[i] as number) - (steps[i - 1] as number); d >= 0x80; d = Math.floor(d / 0x80)) size++;
    size++;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = from + 1; i < to; i++) {
    let d = (steps[i] as number) - (steps[i - 1] as number);
    while (d >= 0x80) {
      out[o++] = (d % 0x80) | 0x80;
      d = Math.floor(d / 0x80);
    }
    out[o++] = d;
  }
  return out;
}

// Appends the steps of one piece to `out`, keeping those in [lo, hi].
export function decodeSteps(first: number, bytes: Uint8Array, lo: number, hi: number, out: number[]): void {
  let step = first;
  if (step >= lo && step <= hi) out.push(step);
  let i = 0;
  while (i < bytes.length && step <= hi) {
    let d = 0;
    let scale = 1;
    let b: number;
    do {
      if (i >= bytes.length) throw new Error('step list: truncated delta');
      b = bytes[i++] as number;
      d += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b & 0x80);
    step += d;
    if (step >= lo && step <= hi) out.push(step);
  }
}

/**
 * The steps of one key gathered since the last commit, in an array kept from commit to commit: arrays emptied at each
 * commit grew again by copies (~70 MB of the writer thread's garbage on the 1M churn load).
 */
class StepList {
  steps = new Float64Array(4);
  count = 0;
  constructor(readonly key: number) {}

  push(step: number): void {
    if (this.count === this.steps.length) {
      const bigger = new Float64Array(2 * this.count);
      bigger.set(this.steps);
      this.steps = bigger;
    }
    this.steps[this.count++] = step;
  }
}

/** The lists of one kind: the keys' lists, and those with steps since the last commit in the order they got their first. */
class Lists {
  private readonly byKey = new Map<number, StepList>();
  private readonly active: StepList[] = [];
  constructor(private readonly kind: StepListKind) {}

  list(key: number): StepList {
    let list = this.byKey.get(key);
    if (list === undefined) {
      list = new StepList(key);
      this.byKey.set(key, list);
    }
    return list;
  }

  add(list: StepList, step: number): void {
    if (list.count === 0) this.active.push(list);
    list.push(step);
  }

  drain(out: StepListPiece[]): void {
    for (const list of this.active) {
      const { key, steps, count } = list;
      out.push({ kind: this.kind, key, first: steps[0] as number, last: steps[count - 1] as number, count, steps: encodeSteps(steps, 0, count) });
      list.count = 0;
    }
    this.active.length = 0;
  }
}

/** What the collector keeps per pid: its list, and the task and space of its events with their lists (looked up once per change). */
class PidState {
  /** Whether an event of the pid was seen (its task and space below are those of its last `event_tasks` row). */
  seen = false;
  procId: number | null = null;
  spaceId: number | null = null;
  /** The lists of procId (undefined when null) and of spaceId's changes (undefined when null). */
  proc: ProcState | undefined;
  changed: StepList | undefined;
  constructor(readonly steps: StepList) {}
}

/** Per task: its list, and the space its events named last. */
class ProcState {
  lastSpace: number | undefined;
  constructor(readonly steps: StepList) {}
}

/** add()'s answer, bits: the pid's task or space differs from its last `event_tasks` row (or it is its first event). */
export const TASK_CHANGED = 1;
/** ... the task names a space it did not name in its last event (a `proc_spaces` row: procId, step, spaceId). */
export const SPACE_MOVED = 2;

/**
 * Gathers the step lists of the events rows as the writer takes them, and which of them start an `event_tasks` or
 * a `proc_spaces` row. One Map lookup per event (its pid's state), the task's and space's lists found again only
 * when they change: five lookups per event were ~4 % of the writer thread's CPU on the 1M churn load.
 */
export class StepListCollector {
  private readonly pids = new Lists('pid');
  private readonly procs = new Lists('proc');
  private readonly changed = new Lists('changed');
  private readonly byPid = new Map<number, PidState>();
  private readonly byProc = new Map<number, ProcState>();

  /** Records one events row (steps ascending); returns TASK_CHANGED and SPACE_MOVED bits. */
  add(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number): number {
    let p = this.byPid.get(pid);
    if (p === undefined) {
      p = new PidState(this.pids.list(pid));
      this.byPid.set(pid, p);
    }
    let out = 0;
    if (!p.seen || p.procId !== procId || p.spaceId !== spaceId) {
      out = TASK_CHANGED;
      if (!p.seen || p.procId !== procId) p.proc = procId === null ? undefined : this.procOf(procId);
      if (!p.seen || p.spaceId !== spaceId) p.changed = spaceId === null ? undefined : this.changed.list(spaceId);
      p.seen = true;
      p.procId = procId;
      p.spaceId = spaceId;
    }
    this.pids.add(p.steps, step);
    if (changed === 1 && p.changed !== undefined) this.changed.add(p.changed, step);
    const proc = p.proc;
    if (proc === undefined) return out;
    this.procs.add(proc.steps, step);
    if (spaceId === null || proc.lastSpace === spaceId) return out;
    proc.lastSpace = spaceId;
    return out | SPACE_MOVED;
  }

  private procOf(procId: number): ProcState {
    let proc = this.byProc.get(procId);
    if (proc === undefined) {
      proc = new ProcState(this.procs.list(procId));
      this.byProc.set(procId, proc);
    }
    return proc;
  }

  /** The pieces gathered since the last call. */
  drain(): StepListPiece[] {
    const out: StepListPiece[] = [];
    this.pids.drain(out);
    this.procs.drain(out);
    this.changed.drain(out);
    return out;
  }
}
