// Views of the model that other layers (store, render, tui, commands) consume.
// The model owns these shapes; nobody outside src/model mutates model state.

import type { Addr, Pid, VmEvent } from './events.js';

/** Our own address-space id (never a kernel id: pids get reused). */
export type SpaceId = number;
/** Our own process/thread id: one per task lifetime. */
export type ProcId = number;

/** One line of /proc/PID/maps, plus what we know about how sure we are. */
export interface RegionView {
  readonly start: Addr;
  readonly end: Addr;
  /** `r-xp` style: r|- w|- x|- s|p. */
  readonly perms: string;
  readonly offset: number;
  /** `fe:00` style; `00:00` when unknown or anonymous. */
  readonly dev: string;
  readonly inode: number;
  /** Path, `[heap]`, `[stack]`, `[vdso]`, `/dev/zero (deleted)`…; '' when unnamed. */
  readonly name: string;
  /** Set when the exact shape depends on something no trace shows (page faults, inferred exec layout…): the reason. */
  readonly uncertain?: string;
}

/** A task (thread or process leader) over its lifetime. */
export interface ProcessView {
  readonly procId: ProcId;
  readonly pid: Pid;
  /** Parent's ProcId (the task that cloned it), if seen. */
  readonly parent?: ProcId;
  /** ProcId of the thread-group leader (itself for a leader). */
  readonly leader: ProcId;
  /** Every address space this task used, in order (exec replaces, vfork shares…). */
  readonly spaces: readonly SpaceId[];
  /** Images it exec'd, in order. */
  readonly images: readonly string[];
  readonly firstStep: number;
  /** Step of its end (exit/kill/superseded), if seen. */
  readonly endStep?: number;
  readonly end?: { readonly how: 'exited' | 'killed' | 'superseded' | 'exit' | 'vanished'; readonly status?: number; readonly signal?: string };
  /**
   * True when the task was already running when the trace began: it appears without a clone that
   * created it and its first event is not a successful execve (`strace -p`, a trace whose head was
   * cut, a filter without the process class). Its first address space (`spaces[0]`) lacks whatever
   * was mapped before the trace; children cloned while it was in that space inherit the mark.
   */
  readonly startUnknown?: true;
}

/** How many following events callers pass to `Replay.apply` as `upcoming`. */
export const LOOKAHEAD = 64;

/** Something the trace says that contradicts the model; the replay goes on. */
export interface Anomaly {
  readonly step: number;
  readonly message: string;
}

/** What applying one event did. */
export interface StepEffect {
  /** The address space the event acted on (the task's current one after the event), if any. */
  readonly space?: SpaceId;
  /** True when some address space's maps changed. */
  readonly changed: boolean;
  /** Regions added, removed or changed in `space` (half-open byte ranges), for highlighting. */
  readonly touched: readonly { readonly start: Addr; readonly end: Addr }[];
  readonly anomalies: readonly Anomaly[];
}

/**
 * The replay engine: feed events in step order, query state at any time.
 * `save()` returns a snapshot of the whole state as bytes (replay-state.ts); `restoreReplay(saved)`
 * continues exactly as the original would (checkpoints rely on it).
 */
export interface Replay {
  /**
   * Apply one event. `upcoming` is the window of events that follow it (callers pass
   * the same window size, LOOKAHEAD, everywhere so results do not depend on the caller): the replay may
   * apply one of them early when the trace order contradicts the kernel order (a child's
   * line before its parent's `clone` returned; an mmap result over a region whose munmap by
   * another thread was still in flight). An event applied early is a no-op at its own step.
   * `from`/`to` (default: all of `upcoming`) let a caller pass a window of its own queue without copying it.
   */
  apply(event: VmEvent, upcoming?: readonly VmEvent[], from?: number, to?: number): StepEffect;
  /**
   * Current maps of a space, sorted by start; empty when the space is gone. A region equal to one of `like` (a list
   * read at a nearby step) may be returned as that same object, so lists of nearby steps share unchanged regions.
   */
  regions(space: SpaceId, like?: readonly RegionView[]): readonly RegionView[];
  /** The current space of the task known by this pid at this moment. */
  spaceOfPid(pid: Pid): SpaceId | undefined;
  /** The task currently known by this pid. */
  procOfPid(pid: Pid): ProcId | undefined;
  processes(): readonly ProcessView[];
  /** Last step applied (0 before any). */
  readonly step: number;
  save(): Uint8Array;
}
