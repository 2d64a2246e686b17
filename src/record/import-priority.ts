// Once the reader thread has the trace, the main thread's import (parser, replay, SQLite) runs at
// a lower CPU priority, so the target and strace never wait for a core behind it, and neither
// does the reader, whose /proc reads must land within the injected delay (docs/recording.md,
// "Overhead"). Linux keeps a nice value per thread: only the calling thread changes, and the
// reader thread, started before, keeps its own.
import { getPriority, setPriority } from 'node:os';

/** The nice value of the import thread while the target runs. */
export const IMPORT_NICE = 10;

/** Lowers the calling thread's priority; `restore` puts it back when allowed (raising needs privilege). */
export interface PriorityDrop {
  restore(): void;
}

// Sets the calling thread's nice value to `nice` (never raises it); a failure is not an error.
export function lowerThreadPriority(nice = IMPORT_NICE): PriorityDrop {
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
        // EACCES without CAP_SYS_NICE: the rest of the import runs at the lower priority
      }
      before = undefined;
    },
  };
}
