// The FIFO reader: a worker thread that only reads strace's output, copies it to the .strace
// file, and does the /proc reads and stats that cannot wait. The main thread (parser, replay,
// SQLite) can lag as far behind as it likes: the tracee never waits on it.
import { Worker } from 'node:worker_threads';
import { createLineWatch, type LineWatch, type LineWatchHandlers } from './line-watch.js';
import { captureProcMaps, type ProcCapture } from './proc-capture.js';

/** Messages from the worker, in stream order (a capture precedes the bytes that complete its line). */
export type WorkerMessage =
  | { readonly type: 'capture'; readonly capture: ProcCapture }
  | { readonly type: 'file'; readonly path: string; readonly dev: string; readonly inode: number }
  | { readonly type: 'data'; readonly chunk: Uint8Array }
  | { readonly type: 'root-end'; readonly pid: number; readonly status?: number; readonly signal?: string }
  | { readonly type: 'done'; readonly bytes: number; readonly lines: number; readonly rootPid?: number; readonly error?: string };

/** What the worker needs. */
export interface WorkerInput {
  readonly fifo: string;
  /** Existing empty file the raw trace is appended to. */
  readonly rawPath: string;
}

type Deps = { createLineWatch: (h: LineWatchHandlers) => LineWatch; captureProcMaps: typeof captureProcMaps };

// The worker body (runs from its source text; everything it uses comes in `deps` or process.getBuiltinModule).
function workerMain(deps: Deps): void {
  // getBuiltinModule works whether the eval'd code runs as CommonJS or (--input-type=module) as ESM.
  const fs = process.getBuiltinModule('node:fs');
  const wt = process.getBuiltinModule('node:worker_threads');
  const port = wt.parentPort;
  if (port === null) throw new Error('capture worker started outside a worker thread');
  const readFifo = (input: WorkerInput): void => {
    const formatDev = (dev: bigint): string => {
      const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
      const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
      return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
    };
    let firstError: string | undefined;
    const note = (error: unknown): void => {
      firstError ??= (error as Error).message;
    };
    let arrived = process.hrtime.bigint();
    const watch = deps.createLineWatch({
      onExecDelayed: (pid, line) => port.postMessage({ type: 'capture', capture: deps.captureProcMaps('exec', pid, line, arrived) }),
      onExitEntry: (pid, line) => port.postMessage({ type: 'capture', capture: deps.captureProcMaps('exit', pid, line, arrived) }),
      onMappedPath: (path) => {
        try {
          const st = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
          if (st !== undefined) port.postMessage({ type: 'file', path, dev: formatDev(st.dev), inode: Number(st.ino) });
        } catch (error) {
          note(error);
        }
      },
      onRootEnd: (end) => port.postMessage({ type: 'root-end', ...end }),
    });
    const out = fs.openSync(input.rawPath, 'a');
    const fd = fs.openSync(input.fifo, 'r');
    const buf = Buffer.alloc(1 << 16);
    let bytes = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      arrived = process.hrtime.bigint();
      const chunk = new Uint8Array(buf.subarray(0, n));
      bytes += n;
      // Captures first (the tracee is waiting), then the copy, then the main thread's share.
      try {
        watch.feed(chunk);
      } catch (error) {
        note(error);
      }
      try {
        fs.writeSync(out, chunk);
      } catch (error) {
        note(error); // keep draining the FIFO: strace must never block on a full pipe
      }
      port.postMessage({ type: 'data', chunk }, [chunk.buffer]);
    }
    fs.closeSync(fd);
    fs.closeSync(out);
    port.postMessage({ type: 'done', bytes, lines: watch.lines, rootPid: watch.rootPid, error: firstError });
  };
  // Booted ahead of the run: the paths come in the first (and only) message from the main thread.
  port.once('message', readFifo);
}

/** A reader thread booting (~25–100 ms, the target cannot start before it reads) while the run is prepared. */
export interface CaptureReader {
  readonly worker: Worker;
  /** Gives it the FIFO and the raw trace file; from then on its messages go to `onMessage`, in order. */
  start(input: WorkerInput, onMessage: (m: WorkerMessage) => void): void;
}

// Starts the reader thread now; it waits for `start`.
export function startCaptureWorker(): CaptureReader {
  const source = `(${workerMain.toString()})({ createLineWatch: ${createLineWatch.toString()}, captureProcMaps: ${captureProcMaps.toString()} });`;
  const worker = new Worker(source, { eval: true });
  return {
    worker,
    start(input, onMessage) {
      worker.on('message', onMessage);
      worker.postMessage(input);
    },
  };
}
