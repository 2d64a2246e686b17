// Once the reader thread has the trace, the main thread's import (parser, replay, SQLite) runs at
// a lower CPU priority, so the target and strace never wait for a core behind it, and neither
// does the reader, whose /proc reads must land within the injected delay (docs/recording.md,
// "Overhead"). Linux keeps a nice value per thread: only the calling thread changes, and the
// reader thread, started before, keeps its own.
import { lowerThreadPriority as lowerTo, type PriorityDrop } from '../store/thread-priority.js';

export type { PriorityDrop };

/** The nice value of the import thread while the target runs. */
export const IMPORT_NICE = 10;

// Sets the calling thread's nice value to `nice` (never raises it); a failure is not an error.
export function lowerThreadPriority(nice = IMPORT_NICE): PriorityDrop {
  return lowerTo(nice);
}
