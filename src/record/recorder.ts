// `run`'s engine: the target under strace, its output read live by the capture worker and
// imported into the DB while it runs; the exit status is the target's.
import Database from 'better-sqlite3';
import { execa, type Options } from 'execa';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { RecordError, StoreError, VmtraceError } from '../errors.js';
import type { IngestOptions, IngestSummary } from '../ingest/types.js';
import { createDbFile } from '../store/open-db.js';
import { startCaptureWorker, type WorkerMessage } from './capture-worker.js';
import { findStrace } from './find-strace.js';
import { createLiveImport, type CaptureStats } from './live-import.js';
import { checkOutputs, createTraceFile, type OutputPaths } from './output-files.js';
import { resolveCommand } from './resolve-command.js';
import { firstChildOf, forwardSignals } from './signals.js';
import { delaysFromEnv, straceArgs, type Delays } from './strace-args.js';
import { straceFailure } from './strace-failure.js';

/** What to record, and where. */
export interface RecordOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly out: OutputPaths;
  readonly force?: boolean;
  readonly strace?: string;
  readonly delays?: Delays;
  /** The target's stdin/stdout/stderr (default: this process's, untouched). Tests pass file descriptors. */
  readonly stdio?: readonly [number, number, number];
  readonly env?: NodeJS.ProcessEnv;
  readonly shell?: string;
  /** Extra pipeline options (tests inject parser/replay). */
  readonly ingest?: IngestOptions;
}

/** How a recording ended. */
export interface RecordResult {
  /** The target's exit status (128+N when killed by signal N). */
  readonly exitCode: number;
  readonly signal?: string;
  readonly program: string;
  readonly summary: IngestSummary;
  readonly captures: CaptureStats;
  readonly rootPid?: number;
  /** Signals vmtrace received (and forwarded) while the target ran. */
  readonly interrupted: readonly string[];
}

const signalNumber = (name: string): number => (osConstants.signals as Record<string, number>)[name] ?? 0;

// Runs the target under strace and imports the trace live; throws RecordError on strace failures.
export async function recordCommand(options: RecordOptions): Promise<RecordResult> {
  const env = options.env ?? process.env;
  const program = resolveCommand(options.command, env);
  const strace = findStrace(options.strace, env);
  const force = options.force === true;
  checkOutputs(options.out, force);
  createTraceFile(options.out.trace, force);
  const db = createDbFile(options.out.db, { force });
  const tmp = mkdtempSync(join(tmpdir(), 'vmtrace-run-'));
  try {
    return await recordInto(db, tmp, program, strace, options);
  } catch (error) {
    if (error instanceof Database.SqliteError) throw new StoreError(`${options.out.db}: cannot write: ${error.message}`, { cause: error });
    throw error;
  } finally {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function recordInto(db: Database.Database, tmp: string, program: string, strace: string, options: RecordOptions): Promise<RecordResult> {
  const fifo = join(tmp, 'trace.fifo');
  const errPath = join(tmp, 'strace.err');
  await execa('mkfifo', ['-m', '600', fifo]);
  const live = createLiveImport(db, { command: [program, ...options.args].join(' '), ...options.ingest });
  let importError: unknown;
  let done: Extract<WorkerMessage, { type: 'done' }> | undefined;
  let firstPid: number | undefined;
  let resolveDone: () => void = () => undefined;
  const workerDone = new Promise<void>((res) => {
    resolveDone = res;
  });
  const onMessage = (m: WorkerMessage): void => {
    if (m.type === 'done') {
      done = m;
      resolveDone();
    }
    if (m.type === 'data' && firstPid === undefined) firstPid = Number(/^(\d+) /.exec(Buffer.from(m.chunk.subarray(0, 32)).toString('latin1'))?.[1]) || undefined;
    if (importError !== undefined) return;
    try {
      live.handle(m);
    } catch (error) {
      importError = error; // the worker keeps draining the FIFO; the error is reported at the end
    }
  };
  const worker: Worker = startCaptureWorker({ fifo, rawPath: options.out.trace }, onMessage);
  let workerError: unknown;
  worker.on('error', (error) => {
    workerError = error;
    resolveDone();
    // Keep strace from blocking on the FIFO (open or a full pipe): drain and drop the rest.
    createReadStream(fifo).on('error', (drainError) => void process.emitWarning(`vmtrace: draining the trace FIFO: ${drainError.message}`)).resume();
  });
  const [stdin, stdout, stderr] = options.stdio ?? [0, 1, 2];
  const child = execa(strace, straceArgs(fifo, options.shell ?? '/bin/sh', program, options.args, options.delays ?? delaysFromEnv(options.env ?? process.env)), {
    // strace's own messages go to a file; the target gets the real stderr back from fd 3 (see LAUNCHER_SCRIPT).
    // (execa's types only allow literal fd numbers; any open fd works at run time)
    stdio: [stdin, stdout, { file: errPath }, stderr] as unknown as Options['stdio'],
    reject: false,
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
  });
  const interrupted: string[] = [];
  const stopForwarding = forwardSignals(
    () => (child.pid === undefined ? firstPid : (firstChildOf(child.pid) ?? firstPid)),
    (name) => interrupted.push(name),
  );
  let result: Awaited<typeof child>;
  try {
    result = await child;
    // strace that never opened the FIFO (failed start) leaves the worker blocked in open(): let it see EOF.
    while (done === undefined && workerError === undefined) {
      closeSync(openSync(fifo, 'r+'));
      await Promise.race([workerDone, new Promise((r) => setTimeout(r, 100))]);
    }
    await workerDone;
  } finally {
    stopForwarding();
    await worker.terminate();
  }
  if (workerError !== undefined) throw new RecordError(`trace reader failed: ${(workerError as Error).message}`, { cause: workerError });
  if (importError !== undefined) throw importError instanceof VmtraceError || importError instanceof Database.SqliteError ? importError : new RecordError(`import failed: ${(importError as Error).message}`, { cause: importError });
  const summary = live.end();
  if (done?.error !== undefined) throw new RecordError(`${options.out.trace}: ${done.error}`);
  const root = live.rootEnd;
  const straceSignal = typeof result.signal === 'string' ? result.signal : undefined;
  if (root === undefined) {
    // The target never ended in the trace: strace failed to start it, or strace itself died.
    // An empty recording is removed; a partial one is kept (consistent, with every event read).
    if (done?.bytes === 0) for (const p of [options.out.db, options.out.trace]) rmSync(p, { force: true });
    throw straceFailure(readFileSync(errPath, 'utf8'), { exitCode: result.exitCode, signal: straceSignal });
  }
  const exitCode = root.signal !== undefined ? 128 + (/^\d+$/.test(root.signal) ? Number(root.signal) : signalNumber(root.signal)) : (root.status ?? result.exitCode ?? 1);
  return { exitCode, signal: root.signal, program, summary, captures: live.stats, rootPid: root.pid, interrupted };
}
