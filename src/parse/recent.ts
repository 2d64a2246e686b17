// A few numbers remembered to skip a Set or Map operation for them: a trace interleaves a handful of
// tasks, and hashing a pid into a set on every line was a measurable part of the parse.

const SLOTS = 8;

/** The last few numbers added (no hashing: a scan of eight slots). */
export class RecentNumbers {
  private readonly slots = new Float64Array(SLOTS).fill(NaN);
  private next = 0;

  has(v: number): boolean {
    for (let i = 0; i < SLOTS; i++) if (this.slots[i] === v) return true;
    return false;
  }

  add(v: number): void {
    this.slots[this.next] = v;
    this.next = (this.next + 1) % SLOTS;
  }

  delete(v: number): void {
    for (let i = 0; i < SLOTS; i++) if (this.slots[i] === v) this.slots[i] = NaN;
  }
}
