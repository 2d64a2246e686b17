// Rebuilds the replay at any step: nearest checkpoint, then forward with the same lookahead the import used.
import type { VmEvent } from '../model/events.js';
import { LOOKAHEAD, type RegionView, type Replay, type SpaceId } from '../model/types.js';
import type { Queries } from './queries.js';
import type { ReplayFactory } from './types.js';

/** Events fetched per query while replaying forward. */
const CHUNK = 4096;
/**
 * A replay less than this many events behind a newer checkpoint moves forward instead of restoring it (a step
 * forward across a checkpoint used to restore it). Chosen when a restore of the 2,900-VMA churn state cost ~10 ms
 * against ~7 µs per event; restores are cheaper since (fixed-shape unpack), but 256 and 1,024 measured alike.
 */
const RESTORE_GAIN = 1024;

/** A replay positioned at some step, moved forward on demand and reset from checkpoints. */
export class ReplayCursor {
  private replay: Replay | undefined;
  private readonly memo = new Map<string, readonly RegionView[]>();

  constructor(
    private readonly queries: Queries,
    private readonly factory: ReplayFactory,
    // Small on purpose: the TUI memoizes its own reads, and 256 maps of ~2,800 regions kept
    // ~700k objects alive, which made major GC pauses the p99 of a random-step read.
    private readonly memoSize = 16,
  ) {}

  // The replay state right after `step` (0 = before any event).
  at(step: number): Replay {
    // Only the checkpoint's step first: its state (~250 KB of JSON for 2,800 VMAs) is parsed only to restore.
    const base = this.queries.checkpointStepAtOrBefore(step) ?? 0;
    if (this.replay === undefined || this.replay.step > step || this.replay.step < base - RESTORE_GAIN) {
      const checkpoint = base > 0 ? this.queries.checkpointAtOrBefore(base) : undefined;
      this.replay = checkpoint === undefined ? this.factory.create() : this.factory.restore(checkpoint.state);
    }
    const replay = this.replay;
    while (replay.step < step) {
      const from = replay.step + 1;
      const to = Math.min(step, from + CHUNK - 1);
      const events = this.queries.vmEvents(from, to + LOOKAHEAD);
      if (events.length === 0) break;
      const count = Math.min(events.length, to - from + 1);
      // One lookahead array, refilled per event (apply() reads it only during the call): a 64-slot slice per
      // event was ~1 MB of garbage per 2,000-event read.
      const upcoming: VmEvent[] = [];
      for (let i = 0; i < count; i++) {
        const event = events[i];
        if (event === undefined) break;
        upcoming.length = 0;
        for (let j = i + 1; j < events.length && j <= i + LOOKAHEAD; j++) upcoming.push(events[j] as VmEvent);
        replay.apply(event, upcoming);
      }
      if (replay.step < to) break; // replay did not advance (should not happen): avoid looping forever
    }
    return replay;
  }

  // Regions of `space` after `step`, memoized (small LRU).
  regionsAt(step: number, space: SpaceId): readonly RegionView[] {
    const key = `${step}:${space}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) {
      this.memo.delete(key);
      this.memo.set(key, hit);
      return hit;
    }
    const regions = [...this.at(step).regions(space)];
    this.memo.set(key, regions);
    if (this.memo.size > this.memoSize) {
      const oldest = this.memo.keys().next();
      if (oldest.done !== true) this.memo.delete(oldest.value);
    }
    return regions;
  }
}
