// Which task a line belongs to. Prefixed lines name it; unprefixed lines of a
// stderr -f trace belong to the only live tracee (strace prints the prefix
// only while ≥2 tracees are alive). A trace that never names its first tracee
// gets a placeholder pid; if a later prefixed line turns out to be that task
// (an unknown pid that is not a new child), that pid is aliased to the placeholder.

import { RecentNumbers } from './recent.js';

/** Live-task bookkeeping for one trace. */
export class PidTracker {
  private readonly live = new Set<number>();
  private readonly known = new Set<number>();
  /** Pids certainly in both `live` and `known` (touched since they last ended). */
  private readonly touched = new RecentNumbers();
  private readonly alias = new Map<number, number>();
  private lastPid: number | undefined;
  /** Real pid found for the placeholder. */
  firstPid: number | undefined;
  placeholderUsed = false;

  constructor(readonly placeholder: number) {}

  // Pid of a prefixed line; `resumesPlaceholder` says the line would complete the placeholder's pending call.
  named(pid: number, mayBePlaceholder: boolean): number {
    const a = this.alias.size === 0 ? undefined : this.alias.get(pid);
    if (a !== undefined) return this.touch(a);
    if (mayBePlaceholder && !this.known.has(pid) && this.placeholderUsed && this.firstPid === undefined && this.live.has(this.placeholder) && pid !== this.placeholder) {
      this.alias.set(pid, this.placeholder);
      this.firstPid = pid;
      return this.touch(this.placeholder);
    }
    return this.touch(pid);
  }

  // Pid of an unprefixed line: the only live task; `ambiguous` when several are live.
  unnamed(): { readonly pid: number; readonly ambiguous: boolean } {
    if (this.live.size === 1) {
      for (const p of this.live) return { pid: p, ambiguous: false };
    }
    if (this.live.size === 0) {
      this.placeholderUsed = true;
      return { pid: this.touch(this.placeholder), ambiguous: false };
    }
    return { pid: this.lastPid ?? this.placeholder, ambiguous: true };
  }

  // Live tasks other than `except` (for an unprefixed `superseded` line).
  others(except: number): number[] {
    return [...this.live].filter((p) => p !== except);
  }

  private touch(pid: number): number {
    if (!this.touched.has(pid)) {
      this.live.add(pid);
      this.known.add(pid);
      this.touched.add(pid);
    }
    this.lastPid = pid;
    return pid;
  }

  // A pid announced by a clone result or `attached` message (a new task, never the placeholder).
  announce(pid: number): void {
    this.known.add(this.alias.get(pid) ?? pid);
  }

  attach(pid: number): void {
    this.known.add(pid);
    this.live.add(this.alias.get(pid) ?? pid);
  }

  // `+++ exited/killed`, `detached`, or a thread renamed by execve: no longer live; a later line with the pid is a new lifetime.
  end(pid: number): void {
    this.live.delete(pid);
    this.touched.delete(pid);
    for (const [real, p] of this.alias) if (p === pid) this.alias.delete(real);
  }

  isLive(pid: number): boolean {
    return this.live.has(pid);
  }
}
