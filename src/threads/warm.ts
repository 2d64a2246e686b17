// Worker threads started before they are needed. A thread's boot (a new V8 isolate, Node's own modules, then
// our code) takes ~35 ms plus its code's load, on the other core; `vmtrace load` starts its parse worker and writer
// thread first thing, while the main thread loads yargs, the commands and better-sqlite3 (docs/bench.md, tenth
// round: the parse worker then reads its first line ~50 ms sooner). A thread started this way gets nothing to work
// on at start: it waits for its setup as its first message (both thread entries do), and takes no CPU meanwhile.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const warm = new Map<string, Worker>();

function spawn(url: URL, resourceLimits: ResourceLimits): Worker {
  const worker = new Worker(url, { resourceLimits });
  // Nothing keeps the process alive for a thread that waits for work (an unused warm one, e.g. a cached load).
  worker.unref();
  return worker;
}

/**
 * The compiled thread entry `file` next to the module at `base` (its import.meta.url), when running from dist/;
 * undefined from TypeScript sources (tests), where the caller does the work on its own thread.
 */
export function builtThreadUrl(file: string, base: string): URL | undefined {
  const url = new URL(`./${file}`, base);
  return base.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Starts the thread of `url` now, for a later takeThread(url) in this process (no-op when one is waiting or no url). */
export function warmThread(url: URL | undefined, resourceLimits: ResourceLimits): void {
  if (url !== undefined && !warm.has(url.href)) warm.set(url.href, spawn(url, resourceLimits));
}

/** The thread of `url` warmThread started, or a new one: each is handed out once, then belongs to the caller. */
export function takeThread(url: URL, resourceLimits: ResourceLimits): Worker {
  const worker = warm.get(url.href);
  if (worker === undefined) return spawn(url, resourceLimits);
  warm.delete(url.href);
  return worker;
}
