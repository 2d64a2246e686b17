// Lowering the calling thread's CPU priority. Linux keeps a nice value per thread: only the calling thread changes,
// threads started before or after keep their own. Used by the batch import's writer thread (writer-thread.ts) and by
// `run`'s import while the target runs (record/import-priority.ts).
import { getPriority, setPriority } from 'node:os';

/** Lowers the calling thread's priority; `restore` puts it back when allowed (raising needs privilege). */
export interface PriorityDrop {
  restore(): void;
}

// Sets the calling thread's nice value to `nice` (never raises it); a failure (a sandbox without setpriority) is not
// an error: the thread keeps its priority.
export function lowerThreadPriority(nice: number): PriorityDrop {
  let before: number | undefined;
  try {
    before = getPriority(0);
    if (before < nice) setPriority(0, nice);
    else before = undefined;
  } catch {
    before = undefined;
  }
  return {
    restore() {
      if (before === undefined) return;
      try {
        setPriority(0, before);
      } catch {
        // EACCES without CAP_SYS_NICE: the thread goes on at the lower priority
      }
      before = undefined;
    },
  };
}
