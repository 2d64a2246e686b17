// The FIFO reader thread: it only reads strace's output, copies it to the .strace file, and
// does the /proc reads and stats that cannot wait (chunk-reader.ts). The main thread (parser,
// replay, SQLite) can lag as far behind as it likes: the tracee never waits on it.
//
// It takes over from the main thread's early reader (early-reader.ts) once booted.
import { Worker } from 'node:worker_threads';
import { createChunkReader, type ChunkReaderDeps, type ChunkReaderState } from './chunk-reader.js';
import { createLineWatch } from './line-watch.js';
import { captureProcMaps, type ProcCapture } from './proc-capture.js';

/** Messages from the reader, in stream order (a capture precedes the bytes that complete its line). */
export type WorkerMessage =
  | { readonly type: 'capture'; readonly capture: ProcCapture }
  | { readonly type: 'file'; readonly path: string; readonly dev: string; readonly inode: number }
  | { readonly type: 'data'; readonly chunk: Uint8Array }
  | { readonly type: 'root-end'; readonly pid: number; readonly status?: number; readonly signal?: string }
  | { readonly type: 'done'; readonly bytes: number; readonly lines: number; readonly rootPid?: number; readonly error?: string };

/** What the worker needs. */
export interface WorkerInput {
  readonly fifo: string;
  /** Existing file the raw trace is appended to. */
  readonly rawPath: string;
  /** Where the early reader stopped (undefined: from the start of the stream). */
  readonly from?: ChunkReaderState;
}

/** The worker's own notice that it has the FIFO open (the early reader may close its end then). */
type ReadingNotice = { readonly type: 'reading' };

// The worker body (runs from its source text; everything it uses comes in `deps` or process.getBuiltinModule).
function workerMain(deps: ChunkReaderDeps & { createChunkReader: typeof createChunkReader }): void {
  // getBuiltinModule works whether the eval'd code runs as CommonJS or (--input-type=module) as ESM.
  const fs = process.getBuiltinModule('node:fs');
  const wt = process.getBuiltinModule('node:worker_threads');
  const port = wt.parentPort;
  if (port === null) throw new Error('capture worker started outside a worker thread');
  const readFifo = (input: WorkerInput): void => {
    const out = fs.openSync(input.rawPath, 'a');
    const post = (m: WorkerMessage): void => (m.type === 'data' ? port.postMessage(m, [m.chunk.buffer as ArrayBuffer]) : port.postMessage(m));
    const reader = deps.createChunkReader(deps, post, out, input.from);
    const fd = fs.openSync(input.fifo, 'r');
    port.postMessage({ type: 'reading' } satisfies ReadingNotice);
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      reader.feed(new Uint8Array(buf.subarray(0, n)));
    }
    fs.closeSync(fd);
    fs.closeSync(out);
    port.postMessage(reader.done());
  };
  // Booted while the main thread reads: the paths come in the first (and only) message from the main thread.
  port.once('message', readFifo);
}

/** A reader thread booting (~25–100 ms) while the main thread reads (recorder.ts starts it after the first capture). */
export interface CaptureReader {
  readonly worker: Worker;
  /**
   * Gives it the FIFO, the raw trace file and the early reader's state; from then on its messages go to
   * `onMessage`, in order, and `onReading` is called once it has the FIFO open.
   */
  start(input: WorkerInput, onMessage: (m: WorkerMessage) => void, onReading: () => void): void;
}

// Starts the reader thread now; it waits for `start`.
export function startCaptureWorker(): CaptureReader {
  const deps = `{ createLineWatch: ${createLineWatch.toString()}, captureProcMaps: ${captureProcMaps.toString()}, createChunkReader: ${createChunkReader.toString()} }`;
  const worker = new Worker(`(${workerMain.toString()})(${deps});`, { eval: true });
  return {
    worker,
    start(input, onMessage, onReading) {
      worker.on('message', (m: WorkerMessage | ReadingNotice) => (m.type === 'reading' ? onReading() : onMessage(m)));
      worker.postMessage(input);
    },
  };
}
