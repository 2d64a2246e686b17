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
export function encodeSteps(steps: readonly number[], from: number, to: number): Uint8Array {
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

/** Steps gathered per key since the last commit. */
class Lists {
  private readonly byKey = new Map<number, number[]>();
  constructor(private readonly kind: StepListKind) {}

  add(key: number, step: number): void {
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [step]);
    else list.push(step);
  }

  drain(out: StepListPiece[]): void {
    for (const [key, steps] of this.byKey) {
      out.push({ kind: this.kind, key, first: steps[0] as number, last: steps[steps.length - 1] as number, count: steps.length, steps: encodeSteps(steps, 0, steps.length) });
    }
    this.byKey.clear();
  }
}

/** Gathers the step lists of the events rows as the writer takes them. */
export class StepListCollector {
  private readonly pids = new Lists('pid');
  private readonly procs = new Lists('proc');
  private readonly changed = new Lists('changed');
  private readonly lastSpace = new Map<number, number>();

  /**
   * Records one events row (steps ascending); returns the task's new space when this row is the first
   * of that task to name it (what `proc_spaces` stores), else undefined.
   */
  add(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number): ProcSpaceChange | undefined {
    this.pids.add(pid, step);
    if (spaceId !== null && changed === 1) this.changed.add(spaceId, step);
    if (procId === null) return undefined;
    this.procs.add(procId, step);
    if (spaceId === null || this.lastSpace.get(procId) === spaceId) return undefined;
    this.lastSpace.set(procId, spaceId);
    return { procId, step, spaceId };
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
