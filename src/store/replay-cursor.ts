// Rebuilds the replay at any step: nearest checkpoint, then forward with the same lookahead the import used.
import type { VmEvent } from '../model/events.js';
import { LOOKAHEAD, type RegionView, type Replay, type SpaceId } from '../model/types.js';
import type { Queries } from './queries.js';
import type { ReplayFactory } from './types.js';

/** Events fetched per query while replaying forward. */
const CHUNK = 4096;
/**
 * A replay less than this many events behind a newer checkpoint moves forward instead of restoring it (a step
 * forward across a checkpoint used to restore it). A restore of the 2,800-VMA churn state costs ~0.7 ms since
 * checkpoints are bytes, an event read, parsed and applied ~3.5 µs: the break-even is ~200 events.
 */
const RESTORE_GAIN = 256;
/**
 * Events read past what a forward move needs, kept for the next moves: a step forward applies one event but needs
 * its LOOKAHEAD followers, and fetched and parsed those 65 events again at every step (~0.25 ms; a step back on the
 * node trace reads the 32 steps behind one by one: ~8 ms of it).
 */
const READ_AHEAD = 256;

/**
 * Steps apart within which a new region list is matched against the previous one (`Replay.regions`' `like`):
 * consecutive steps share all but a few of their ~2,800 regions on churn, so the caches that hold a step's list
 * keep one copy of each region, fresh copies die young (scavenges no longer copy and promote them) and equal
 * regions compare by identity. After a jump few regions are equal and the walk would cost ~1 ms for nothing.
 */
const SHARE_DISTANCE = 64;

/** A replay positioned at some step, moved forward on demand and reset from checkpoints. */
export class ReplayCursor {
  private replay: Replay | undefined;
  /** Parsed events of steps `from`… read ahead for the live replay (dropped when it is replaced). */
  private ahead: { readonly from: number; readonly events: readonly VmEvent[] } | undefined;
  private readonly memo = new Map<string, readonly RegionView[]>();
  /** The last list read per space and its step: a list of a nearby step reuses its equal regions (see SHARE_DISTANCE). */
  private readonly lastOf = new Map<SpaceId, { readonly step: number; readonly regions: readonly RegionView[] }>();

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
      // Events the old replay was given are not reused by a new one (apply() may have marked them).
      this.ahead = undefined;
    }
    const replay = this.replay;
    while (replay.step < step) {
      const from = replay.step + 1;
      const to = Math.min(step, from + CHUNK - 1);
      const { events, offset } = this.eventsFrom(from, to + LOOKAHEAD);
      if (events.length <= offset) break;
      const count = Math.min(events.length - offset, to - from + 1);
      // Each event's LOOKAHEAD followers as a window of the read array (apply() reads it only during the call).
      for (let i = offset; i < offset + count; i++) replay.apply(events[i] as VmEvent, events, i + 1, Math.min(events.length, i + 1 + LOOKAHEAD));
      // Keep only the events not applied yet (the applied ones of a 2,000-event move would otherwise stay alive).
      const ahead = this.ahead;
      if (ahead !== undefined && ahead.events === events) this.ahead = { from: from + count, events: events.slice(offset + count) };
      if (replay.step < to) break; // replay did not advance (should not happen): avoid looping forever
    }
    return replay;
  }

  // Events of steps from…last (fewer at the end of the trace) as `events` from index `offset`: from what was read
  // ahead when it holds all of them, else read now, with READ_AHEAD more steps when the move is short (a long one
  // reads enough at once; the next short one reads ahead). Near the end of the trace it reads each time: a live
  // `run` DB grows, so a short read is never taken as the end.
  private eventsFrom(from: number, last: number): { events: readonly VmEvent[]; offset: number } {
    const a = this.ahead;
    if (a !== undefined && a.from <= from && a.from + a.events.length - 1 >= last) return { events: a.events, offset: from - a.from };
    const events = this.queries.vmEvents(from, last - from < 2 * LOOKAHEAD ? last + READ_AHEAD : last);
    this.ahead = { from, events };
    return { events, offset: 0 };
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
    const last = this.lastOf.get(space);
    const regions = this.at(step).regions(space, last !== undefined && Math.abs(last.step - step) <= SHARE_DISTANCE ? last.regions : undefined);
    this.lastOf.set(space, { step, regions });
    this.memo.set(key, regions);
    if (this.memo.size > this.memoSize) {
      const oldest = this.memo.keys().next();
      if (oldest.done !== true) this.memo.delete(oldest.value);
    }
    return regions;
  }
}
