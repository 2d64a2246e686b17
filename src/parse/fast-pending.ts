// The unfinished calls the byte fast path took, kept beside the parser's pending map rather than in it:
// half the lines of a big trace added a call to that Map and the next one of the task deleted it (a
// hash lookup each, a new table whenever the deleted entries filled it, and a new call object each).
// Here a handful of calls sit in insertion order in a few slots found by a short scan, their objects
// reused once completed; the parser moves them into its map (settle) before anything else reads it.

/** Slots: more tasks with a call in flight than this go to the map. */
const SLOTS = 8;

/** A few pending calls by pid, oldest first, plus the objects of calls completed lately for reuse. */
export class FastPending<T extends object> {
  private readonly pids = new Float64Array(SLOTS).fill(NaN);
  private readonly calls: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);
  private count = 0;
  private readonly free: T[] = [];

  /** How many calls are held. */
  get size(): number {
    return this.count;
  }

  /** The slot of `pid`'s call, or -1. */
  find(pid: number): number {
    for (let k = 0; k < this.count; k++) if (this.pids[k] === pid) return k;
    return -1;
  }

  /** The call in slot `k` (from find). */
  at(k: number): T {
    return this.calls[k] as T;
  }

  /** Whether another call fits. */
  hasRoom(): boolean {
    return this.count < SLOTS;
  }

  /** Adds `call` for `pid` (no call of its own held, room checked), as the newest. */
  add(pid: number, call: T): void {
    this.pids[this.count] = pid;
    this.calls[this.count++] = call;
  }

  /** Drops the call in slot `k`, keeping the order of the others; its object may be reused (reuse()). */
  removeAt(k: number): void {
    const call = this.calls[k] as T;
    for (let j = k + 1; j < this.count; j++) {
      this.pids[j - 1] = this.pids[j] as number;
      this.calls[j - 1] = this.calls[j];
    }
    this.count--;
    this.pids[this.count] = NaN;
    this.calls[this.count] = undefined;
    if (this.free.length < SLOTS) this.free.push(call);
  }

  /** An object of a call removed earlier (referenced from nowhere else), or undefined. */
  reuse(): T | undefined {
    return this.free.pop();
  }

  /** Moves every call into `map` in the order they came, leaving none here. */
  settle(map: Map<number, T>): void {
    for (let k = 0; k < this.count; k++) {
      map.set(this.pids[k] as number, this.calls[k] as T);
      this.pids[k] = NaN;
      this.calls[k] = undefined;
    }
    this.count = 0;
  }
}
