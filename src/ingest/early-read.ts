// `vmtrace load FILE --out DB` / `--force` of a large trace: the parse worker starts reading FILE first thing, while
// the main thread still loads yargs, the commands and better-sqlite3 and creates the DB (~200 ms). The first parsed
// batches then wait for the replay instead of the replay waiting ~150 ms for them (docs/bench.md, thirteenth round).
import { existsSync } from 'node:fs';
import { resolveTrace } from '../input/resolve.js';
import { warmWriterThread } from '../store/writer-thread-url.js';
import { startReadingEarly } from './parse-pool.js';
import { warmParseWorker } from './parse-worker-url.js';
import { isSmallTrace } from './small-trace.js';

// The TRACE argument of a `load` command line (options and their values skipped), when there is exactly one.
export function loadTraceArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('load');
  const found: string[] = [];
  for (let i = at + 1; at >= 0 && i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      found.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--out') i++; // its value
    else if (!a.startsWith('-') && a !== 'true' && a !== 'false') found.push(a);
  }
  return found.length === 1 ? found[0] : undefined;
}

// Whether the import of `argv` will likely refuse to start: an --out file that exists, without --force (then a
// worker busy reading would only delay the error's exit, ~200 ms measured).
function refusesOut(argv: readonly string[]): boolean {
  if (argv.some((a) => a === '--force' || a.startsWith('--force='))) return false;
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  return out !== undefined && existsSync(out);
}

// For a trace large enough for the threaded import (small-trace.ts): boots the parse worker and the writer thread
// now, and starts reading the trace on the parse worker when it is one file (a -ff trace is read line by line on
// this thread). A small trace is imported on the main thread alone: nothing starts. Anything unusual (no such
// file…) is left for the import itself to report.
export function readTraceEarly(argv: readonly string[]): void {
  const arg = loadTraceArgument(argv);
  if (arg === undefined || refusesOut(argv)) return;
  let trace;
  try {
    trace = resolveTrace(arg);
  } catch {
    return;
  }
  if (isSmallTrace(trace.files)) return;
  warmParseWorker();
  warmWriterThread();
  if (trace.kind !== 'single') return;
  startReadingEarly(
    trace.files.map((f) => f.path),
    trace.files.map((f) => f.pid),
  );
}
