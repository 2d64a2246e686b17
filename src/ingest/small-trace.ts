// Which imports are small enough for one thread. A batch import runs on three threads (parse worker, main
// thread's replay, writer thread), each with its own V8 isolate to boot and its own code to compile and warm:
// worth it for a large trace, not for the few thousand lines most real programs make. Loads in-process,
// alternated (docs/bench.md, fifteenth round), three threads / one: 6,800 lines of node (0.6 MB) 590-650 /
// 405-415 ms; 20,000 lines of churn (1.5 MB) 580 / 484 ms; 60,000 lines (4.4 MB) 818 / 822 ms; 200,000 lines
// (14.6 MB) 1,031 / 1,659 ms.

/** Traces up to this many bytes in all are imported on the main thread alone. */
export const SMALL_TRACE_BYTES = 2 * 1024 * 1024;

/** Whether files of these sizes make a small trace. */
export function isSmallTrace(files: readonly { readonly size: number }[]): boolean {
  let total = 0;
  for (const f of files) total += f.size;
  return total <= SMALL_TRACE_BYTES;
}
