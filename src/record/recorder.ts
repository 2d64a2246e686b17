// `run`'s engine: the target under strace, its output read live by the capture worker and
// imported into the DB while it runs; the exit status is the target's.
//
// Start-up order matters (docs/recording.md, "Overhead"): only this file's light imports load
// before strace is spawned; the main thread reads the trace first, the reader thread boots once the
// target's own exec has been captured, and the parser, replay and SQLite load while the target runs.
import type Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordError, StoreError, VmtraceError } from '../errors.js';
import type { IngestOptions, IngestSummary } from '../ingest/types.js';
import { deferOptimization, type RecordingTiering } from '../threads/tiering.js';
import { batchFromEnv, startCaptureWorker, type CaptureReader, type WorkerMessage } from './capture-worker.js';
import { findStrace } from './find-strace.js';
import { lowerThreadPriority, type PriorityDrop } from './import-priority.js';
import type { CaptureStats, LiveImport } from './live-import.js';
import { checkOutputs, createTraceFile, type OutputPaths } from './output-files.js';
import { startEarlyReader } from './early-reader.js';
import { createPhaseClock, type PhaseClock } from './phase-clock.js';
import { resolveCommand } from './resolve-command.js';
import { firstChildOf, forwardSignals } from './signals.js';
import { spawnStrace, type StraceEnd } from './spawn-strace.js';
import { delaysFromEnv, machineLoad, othersRunnable, seccompFromEnv, straceArgs, straceFlags, type Delays } from './strace-args.js';
import { straceFailure } from './strace-failure.js';

/** What to record, and where. */
export interface RecordOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly out: OutputPaths;
  readonly force?: boolean;
  readonly strace?: string;
  readonly delays?: Delays;
  /** strace's --seccomp-bpf (default: unless VMTRACE_SECCOMP=0). */
  readonly seccomp?: boolean;
  /** The target's stdin/stdout/stderr (default: this process's, untouched). Tests pass file descriptors. */
  readonly stdio?: readonly [number, number, number];
  readonly env?: NodeJS.ProcessEnv;
  readonly shell?: string;
  /** Extra pipeline options (tests inject parser/replay). */
  readonly ingest?: IngestOptions;
  /** Phase marks (VMTRACE_PROFILE=1); default: from the environment. */
  readonly clock?: PhaseClock;
  /** Called once the target runs and the import has loaded: work that can overlap the run (the CLI preloads its summary code). */
  readonly whileRunning?: () => void;
}

/** How a recording ended. */
export interface RecordResult {
  /** The target's exit status (128+N when killed by signal N). */
  readonly exitCode: number;
  readonly signal?: string;
  readonly program: string;
  readonly summary: IngestSummary;
  readonly captures: CaptureStats;
  /** The delays strace injected for the captures. */
  readonly delays: Delays;
  readonly rootPid?: number;
  /** Signals vmtrace received (and forwarded) while the target ran. */
  readonly interrupted: readonly string[];
}

/**
 * How long the reader thread's boot waits for the first capture (normally 5–20 ms after strace starts).
 * Its boot (~40 ms of CPU) used to run while the target exec'd: on 2 cores it delayed the main thread's
 * read of that first capture past the hold (docs/recording.md, "The reader thread boots after the first capture").
 */
export const READER_BOOT_WAIT_MS = 250;

const signalNumber = (name: string): number => (osConstants.signals as Record<string, number>)[name] ?? 0;
const isSqliteError = (error: unknown): boolean => error instanceof Error && error.name === 'SqliteError';

// Runs the target under strace and imports the trace live; throws RecordError on strace failures.
export async function recordCommand(options: RecordOptions): Promise<RecordResult> {
  let reader: CaptureReader | undefined;
  let tmp: string | undefined;
  const opened: { db?: Database.Database } = {};
  // V8's compiles share the cores with the target: until the trace is busy, only what runs really hot is compiled.
  const tiering = deferOptimization();
  // A first look at what else runs, for the delays (strace-args.ts); the second comes right before strace starts.
  const runnableAtStart = othersRunnable();
  try {
    const env = options.env ?? process.env;
    const program = resolveCommand(options.command, env);
    const strace = findStrace(options.strace, env);
    const force = options.force === true;
    checkOutputs(options.out, force);
    createTraceFile(options.out.trace, force);
    tmp = mkdtempSync(join(tmpdir(), 'vmtrace-run-'));
    return await recordInto(opened, (r) => (reader = r), tmp, program, strace, options, tiering, runnableAtStart);
  } catch (error) {
    if (isSqliteError(error)) throw new StoreError(`${options.out.db}: cannot write: ${(error as Error).message}`, { cause: error });
    throw error;
  } finally {
    tiering.end();
    await reader?.worker.terminate();
    opened.db?.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

// The DB and the live import, loaded (parser, replay, SQLite) while the target already runs.
async function openImport(opened: { db?: Database.Database }, program: string, options: RecordOptions, delays: Delays, seccomp: boolean): Promise<LiveImport> {
  const [{ createDbFile }, { createLiveImport }] = await Promise.all([import('../store/open-db.js'), import('./live-import.js')]);
  const db = createDbFile(options.out.db, { force: options.force === true });
  opened.db = db;
  const meta = { recordedWith: JSON.stringify({ strace: straceFlags(delays, seccomp), delays }) };
  return createLiveImport(db, { command: [program, ...options.args].join(' '), meta, ...options.ingest });
}

function makeFifo(tmp: string): string {
  const fifo = join(tmp, 'trace.fifo');
  const r = spawnSync('mkfifo', ['-m', '600', fifo], { encoding: 'utf8' });
  if (r.status !== 0) throw new RecordError(`mkfifo ${fifo} failed: ${r.error?.message ?? r.stderr.trim()}`, { cause: r.error });
  return fifo;
}

// `booted` is told of the reader thread when it starts (the caller terminates it).
async function recordInto(
  opened: { db?: Database.Database },
  booted: (reader: CaptureReader) => void,
  tmp: string,
  program: string,
  strace: string,
  options: RecordOptions,
  tiering: RecordingTiering,
  runnableAtStart: number | undefined,
): Promise<RecordResult> {
  const clock = options.clock ?? createPhaseClock(options.env ?? process.env);
  const fifo = makeFifo(tmp);
  const errPath = join(tmp, 'strace.err');
  let live: LiveImport | undefined;
  const pending: WorkerMessage[] = []; // messages that arrive before the import has loaded
  let importError: unknown;
  let done: Extract<WorkerMessage, { type: 'done' }> | undefined;
  let firstPid: number | undefined;
  let resolveDone: () => void = () => undefined;
  const workerDone = new Promise<void>((res) => {
    resolveDone = res;
  });
  let firstCapture: (() => void) | undefined;
  const captured = new Promise<void>((res) => {
    firstCapture = () => {
      clock.mark('first capture');
      firstCapture = undefined;
      res();
    };
  });
  const feed = (m: WorkerMessage): void => {
    if (importError !== undefined) return;
    try {
      live?.handle(m);
    } catch (error) {
      importError = error; // the worker keeps draining the FIFO; the error is reported at the end
    }
  };
  const onMessage = (m: WorkerMessage): void => {
    if (m.type === 'done') {
      done = m;
      resolveDone();
    }
    if (m.type === 'capture') firstCapture?.();
    if (m.type === 'data') tiering.seen(m.chunk.length);
    if (m.type === 'data' && firstPid === undefined) clock.mark('first trace bytes');
    if (m.type === 'data' && firstPid === undefined) firstPid = Number(/^(\d+) /.exec(Buffer.from(m.chunk.subarray(0, 32)).toString('latin1'))?.[1]) || undefined;
    if (live === undefined) pending.push(m);
    else feed(m);
  };
  let workerError: unknown;
  let handedOver = false;
  // The main thread reads until the worker is up (early-reader.ts): strace can start the target at once.
  const early = startEarlyReader(fifo, options.out.trace, onMessage, (error) => {
    workerError = error;
    resolveDone();
  });
  const bootReader = (): CaptureReader => {
    const reader = startCaptureWorker(batchFromEnv(options.env ?? process.env));
    booted(reader);
    reader.worker.on('error', (error) => {
      workerError = error;
      resolveDone();
      // Keep strace from blocking on the FIFO (open or a full pipe): drain and drop the rest (before the
      // hand-over the early reader still reads it).
      if (handedOver) createReadStream(fifo).on('error', (drainError) => void process.emitWarning(`vmtrace: draining the trace FIFO: ${drainError.message}`)).resume();
    });
    return reader;
  };
  const delays = options.delays ?? delaysFromEnv(options.env ?? process.env, machineLoad(runnableAtStart));
  const seccomp = options.seccomp ?? seccompFromEnv(options.env ?? process.env);
  const child = spawnStrace(
    strace,
    straceArgs(fifo, options.shell ?? '/bin/sh', program, options.args, delays, seccomp),
    { target: options.stdio ?? [0, 1, 2], straceErrPath: errPath },
    options.env,
  );
  clock.mark('strace spawned');
  const interrupted: string[] = [];
  const stopForwarding = forwardSignals(
    () => (child.pid === undefined ? firstPid : (firstChildOf(child.pid) ?? firstPid)),
    (name) => interrupted.push(name),
  );
  let result: StraceEnd;
  let drop: PriorityDrop | undefined;
  try {
    // The reader thread boots once the target's exec is captured (READER_BOOT_WAIT_MS at most), and not at
    // all when the trace ends first; the stream moves to it once it is up. The parser, replay and SQLite
    // load only then (they would block the main thread's reads, and compete with the worker's boot).
    let waited: NodeJS.Timeout | undefined;
    const ended = child.ended.then(() => true);
    const over = await Promise.race([captured.then(() => false), workerDone.then(() => true), ended, new Promise<boolean>((r) => (waited = setTimeout(() => r(false), READER_BOOT_WAIT_MS)))]);
    clearTimeout(waited);
    const reader = over || done !== undefined || workerError !== undefined ? undefined : bootReader();
    // The hand-over waits until the thread is ready to read at once: stopping at its 'online' event left nobody reading
    // for 3–10 ms while it compiled and first ran its code, and captures due then were lost (docs/recording.md).
    if (reader !== undefined) await Promise.race([reader.ready, workerDone]);
    clock.mark(reader === undefined ? 'trace ended before the reader thread' : 'reader online');
    if (reader !== undefined && done === undefined && workerError === undefined) {
      const from = early.stop();
      if (from !== undefined) {
        handedOver = true;
        reader.start({ fifo, rawPath: options.out.trace, from }, onMessage, () => early.close());
        // From here the main thread only imports: behind the target, strace and the reader (import-priority.ts).
        drop = lowerThreadPriority();
      }
    }
    try {
      live = await openImport(opened, program, options, delays, seccomp);
    } catch (error) {
      importError = error; // the target runs on; its raw trace is still written in full
    }
    clock.mark('import loaded');
    options.whileRunning?.();
    for (const m of pending.splice(0)) feed(m);
    result = await child.ended;
    clock.mark('target exited');
    drop?.restore();
    // strace that never opened the FIFO (failed start) leaves the worker blocked in open(): let it see EOF.
    while (done === undefined && workerError === undefined) {
      closeSync(openSync(fifo, 'r+'));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([workerDone, new Promise((r) => (timer = setTimeout(r, 100)))]);
      clearTimeout(timer); // a pending timer would keep the process alive after the summary
    }
    await workerDone;
    clock.mark(done === undefined ? 'trace read' : `trace read (${done.reads} reads)`);
  } finally {
    drop?.restore();
    stopForwarding();
    early.close();
  }
  if (workerError !== undefined) throw new RecordError(`trace reader failed: ${(workerError as Error).message}`, { cause: workerError });
  if (result.spawnError !== undefined) throw new RecordError(`cannot start ${strace}: ${result.spawnError.message}`, { cause: result.spawnError });
  if (importError !== undefined || live === undefined) throw importError instanceof VmtraceError || isSqliteError(importError) ? importError : new RecordError(`import failed: ${(importError as Error).message}`, { cause: importError });
  const summary = live.end();
  clock.mark('import ended');
  if (done?.error !== undefined) throw new RecordError(`${options.out.trace}: ${done.error}`);
  const root = live.rootEnd;
  if (root === undefined) {
    // The target never ended in the trace: strace failed to start it, or strace itself died.
    // An empty recording is removed; a partial one is kept (consistent, with every event read).
    if (done?.bytes === 0) {
      opened.db?.close();
      opened.db = undefined;
      for (const p of [options.out.db, options.out.trace]) rmSync(p, { force: true });
    }
    throw straceFailure(readFileSync(errPath, 'utf8'), { exitCode: result.exitCode, signal: result.signal });
  }
  const exitCode = root.signal !== undefined ? 128 + (/^\d+$/.test(root.signal) ? Number(root.signal) : signalNumber(root.signal)) : (root.status ?? result.exitCode ?? 1);
  return { exitCode, signal: root.signal, program, summary, captures: live.stats, delays, rootPid: root.pid, interrupted };
}
