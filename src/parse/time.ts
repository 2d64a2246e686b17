// Event times in integer microseconds from line leaders: -ttt is epoch time,
// -t/-tt are time of day (a jump back of more than 12 h is taken as midnight
// and adds a day, so times stay monotonic), -r deltas are summed into time
// since the trace start.

import type { Leader } from './leader.js';

const DAY = 86_400_000_000;
const HALF_DAY = DAY / 2;

/** Turns leader timestamps into event times; flags lines whose time goes backwards. */
export class TimeTracker {
  /**
   * The last line's time; -Infinity before the first (no time is below it: every test below reads as
   * "no previous time" then). A number from the start, not undefined: a field that may hold undefined
   * stores each time as a new heap number (one per line).
   */
  private last = -Infinity;
  private dayOffset = 0;
  private relative = 0;
  /** Set by at(): this line's time is earlier than the previous line's. */
  backwards = false;

  /** Whether at() of a -ttt leader of time `t` would not go backwards. */
  canTake(t: number): boolean {
    return t >= this.last;
  }

  /** at() of a -ttt leader of time `t` for which canTake holds. */
  take(t: number): void {
    this.backwards = false;
    this.last = t;
  }

  at(l: Leader): number | undefined {
    this.backwards = false;
    if (l.time === undefined) return undefined;
    let t: number;
    switch (l.timeStyle) {
      case 'r':
        this.relative += l.time;
        t = this.relative;
        break;
      case 't':
      case 'tt':
      case 't-r':
        t = l.time + this.dayOffset;
        if (t < this.last - HALF_DAY) {
          this.dayOffset += DAY;
          t += DAY;
        }
        break;
      default:
        t = l.time;
    }
    if (t < this.last) this.backwards = true;
    this.last = t;
    return t;
  }
}
