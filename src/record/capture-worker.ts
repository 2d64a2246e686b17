// The FIFO reader thread: it only reads strace's output, copies it to the .strace file, and
// does the /proc reads and stats that cannot wait (chunk-reader.ts). The main thread (parser,
// replay, SQLite) can lag as far behind as it likes: the tracee never waits on it.
//
// It takes over from the main thread's early reader (early-reader.ts) once booted.
import { Worker } from 'node:worker_threads';
import { createChunkReader, type ChunkReaderDeps, type ChunkReaderState, type MapsRegion } from './chunk-reader.js';
import { createLineWatch } from './line-watch.js';
import { captureProcMaps, type ProcCapture } from './proc-capture.js';

/** Messages from the reader, in stream order (a capture precedes the bytes that complete its line). */
export type WorkerMessage =
  | { readonly type: 'capture'; readonly capture: ProcCapture }
  | { readonly type: 'file'; readonly path: string; readonly dev: string; readonly inode: number }
  /** The region at the address the call on trace line `line` returned, as /proc/PID/maps showed it just after. */
  | { readonly type: 'region'; readonly line: number; readonly region: MapsRegion }
  | { readonly type: 'data'; readonly chunk: Uint8Array }
  | { readonly type: 'root-end'; readonly pid: number; readonly status?: number; readonly signal?: string }
  | { readonly type: 'done'; readonly bytes: number; readonly reads: number; readonly lines: number; readonly rootPid?: number; readonly error?: string };

/** What the worker needs. */
export interface WorkerInput {
  readonly fifo: string;
  /** Existing file the raw trace is appended to. */
  readonly rawPath: string;
  /** Where the early reader stopped (undefined: from the start of the stream). */
  readonly from?: ChunkReaderState;
}

/**
 * The worker's own notices: `ready` once its code is compiled and warm and it waits for its input (the main thread
 * stops reading only then), `reading` once it has the FIFO open (the early reader may close its end then).
 */
type Notice = { readonly type: 'ready' } | { readonly type: 'reading' };

/** Tuning of the reader's batching (see `workerMain`), given to the worker with its code. */
export interface BatchLimits {
  /** Held data is sent once it reaches this many bytes… */
  readonly batchBytes: number;
  /** …or once its oldest byte has been held this long (checked after each read). */
  readonly batchMs: number;
  /** After a read that did not fill the buffer, the reader sleeps this long (µs; 0: never) before reading again. */
  readonly napUs: number;
}

/**
 * 32 KiB or 20 ms: a few hundred strace lines per message in a busy trace, and no noticeable lag in a slow one.
 *
 * The nap: strace writes each line with its own write(2), and a reader blocked in read(2) is woken by each. A pipe
 * write wakes its reader as a "synchronous" wake-up, which Linux likes to run on the writer's core: measured, whatever
 * the reader does with each line delays strace, and so the tracee strace is about to resume (strace alone into a FIFO
 * on `node` making 1M objects, ~12,000 lines: +0.2 s read by `cat`, +0.54 s by a Python loop; the JS reader spends
 * ~45 µs a wake-up). A reader that sleeps 0.5 ms after each read finds the lines strace wrote
 * meanwhile in one read, and strace's writes wake no one (docs/recording.md, sixteenth round). A capture can be read
 * up to that much later inside strace's 5 ms hold; a read that fills the buffer is followed by the next at once.
 */
export const DEFAULT_BATCH: BatchLimits = { batchBytes: 32 * 1024, batchMs: 20, napUs: 500 };

/** DEFAULT_BATCH with the nap from `VMTRACE_READER_NAP_US` (a whole number of µs, 0 turns it off) when set. */
export function batchFromEnv(env: NodeJS.ProcessEnv = process.env): BatchLimits {
  const text = env.VMTRACE_READER_NAP_US;
  const us = Number(text);
  if (text === undefined || text === '' || !Number.isSafeInteger(us) || us < 0) return DEFAULT_BATCH;
  return { ...DEFAULT_BATCH, napUs: us };
}

type WorkerDeps = ChunkReaderDeps & BatchLimits & { createChunkReader: typeof createChunkReader };

// The worker body (runs from its source text; everything it uses comes in `deps` or process.getBuiltinModule).
//
// strace writes each line with its own write(2), so each read returns about one line. Posting each
// one cost the main thread a message event per line (3,668 for a 2,090-event python3 run), so data
// is held and sent in batches. Anything else (a capture, a file's identity, the root's end) sends
// the held bytes first, so the main thread still sees every message in stream order.
function workerMain(deps: WorkerDeps): void {
  // getBuiltinModule works whether the eval'd code runs as CommonJS or (--input-type=module) as ESM.
  const fs = process.getBuiltinModule('node:fs');
  const wt = process.getBuiltinModule('node:worker_threads');
  const port = wt.parentPort;
  if (port === null) throw new Error('capture worker started outside a worker thread');
  const readFifo = (input: WorkerInput): void => {
    const out = fs.openSync(input.rawPath, 'a');
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    let heldSince = 0;
    // The held bytes: appended to the raw trace (one write per batch: a write per strace line was ~12,000
    // syscalls on a 3 s node run), then sent.
    const send = (): void => {
      if (heldBytes === 0) return;
      let chunk = held[0] as Uint8Array;
      if (held.length > 1) {
        chunk = new Uint8Array(heldBytes);
        let at = 0;
        for (const part of held) {
          chunk.set(part, at);
          at += part.length;
        }
      }
      held = [];
      heldBytes = 0;
      try {
        fs.writeSync(out, chunk);
      } catch (error) {
        reader.note(error); // keep draining the FIFO: strace must never block on a full pipe
      }
      port.postMessage({ type: 'data', chunk } satisfies WorkerMessage, [chunk.buffer as ArrayBuffer]);
    };
    const post = (m: WorkerMessage): void => {
      if (m.type !== 'data') {
        send();
        port.postMessage(m);
        return;
      }
      if (heldBytes === 0) heldSince = Date.now();
      held.push(m.chunk);
      heldBytes += m.chunk.length;
      if (heldBytes >= deps.batchBytes) send();
    };
    const reader = deps.createChunkReader(deps, post, undefined, input.from);
    const fd = fs.openSync(input.fifo, 'r');
    port.postMessage({ type: 'reading' } satisfies Notice);
    const buf = Buffer.alloc(1 << 16);
    const napMs = deps.napUs / 1000;
    const napCell = new Int32Array(new SharedArrayBuffer(4)); // never notified: Atomics.wait is a plain sleep here
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      reader.feed(new Uint8Array(buf.subarray(0, n)));
      if (heldBytes > 0 && Date.now() - heldSince >= deps.batchMs) send();
      if (napMs > 0 && n < buf.length) Atomics.wait(napCell, 0, 0, napMs);
    }
    send();
    fs.closeSync(fd);
    fs.closeSync(out);
    port.postMessage(reader.done());
  };
  // Booted while the main thread reads: the paths come in the first (and only) message from the main thread. Until
  // then nobody else needs the core: the reader's code runs once on made-up lines first (regular expressions compiled,
  // functions' bytecode made; no /proc read, no message), so that its first reads after the hand-over, which find the
  // lines strace wrote meanwhile and may hold a capture, are not also its first runs (docs/recording.md).
  const warm = deps.createChunkReader({ ...deps, captureProcMaps: (kind, pid, line) => ({ kind, pid, line, text: '', held: undefined, latencyUs: 0 }) }, () => undefined, undefined);
  const path = '/nonexistent/vmtrace-warm-up';
  const lines = [
    `0 1.000001 execve("${path}", ["x"], 0x7ffd /* 1 var */) = 0 (DELAYED) <0.005100>`,
    `0 1.000002 brk(NULL) = 0x5555 <0.000010>`,
    `0 1.000003 openat(AT_FDCWD</>, "${path}", O_RDONLY|O_CLOEXEC) = 3<${path}> <0.000010>`,
    `0 1.000004 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3<${path}>, 0) = 0x7f0000000000 <0.000010>`,
    `0 1.000004 mmap(NULL, 4096, PROT_READ, MAP_SHARED, 4<${path}>(deleted), 0) = 0x7f0000001000 <0.000010>`,
    `0 1.000005 munmap(0x7f0000000000, 4096) = 0 <0.000010>`,
    `0 1.000006 exit_group(0)   = ?`,
    `0 1.000007 +++ exited with 0 +++`,
  ];
  const text = new TextEncoder().encode(`${lines.join('\n')}\n`);
  for (let round = 0; round < 2; round++) warm.feed(text);
  warm.feed(new TextEncoder().encode('0 1.000008 exit_gr')); // a partial line, as strace leaves exit_group's
  port.once('message', readFifo);
  port.postMessage({ type: 'ready' } satisfies Notice);
}

/** A reader thread booting (~25–100 ms) while the main thread reads (recorder.ts starts it after the first capture). */
export interface CaptureReader {
  readonly worker: Worker;
  /** Resolves once the thread's code has run and is warm, and it waits for `start` (the time to hand over). */
  readonly ready: Promise<void>;
  /**
   * Gives it the FIFO, the raw trace file and the early reader's state; from then on its messages go to
   * `onMessage`, in order, and `onReading` is called once it has the FIFO open.
   */
  start(input: WorkerInput, onMessage: (m: WorkerMessage) => void, onReading: () => void): void;
}

// Starts the reader thread now; it waits for `start`.
export function startCaptureWorker(limits: BatchLimits = batchFromEnv()): CaptureReader {
  const deps = `{ createLineWatch: ${createLineWatch.toString()}, captureProcMaps: ${captureProcMaps.toString()}, createChunkReader: ${createChunkReader.toString()}, batchBytes: ${limits.batchBytes}, batchMs: ${limits.batchMs}, napUs: ${limits.napUs} }`;
  const worker = new Worker(`(${workerMain.toString()})(${deps});`, { eval: true });
  let onMessage: ((m: WorkerMessage) => void) | undefined;
  let onReading: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (m: WorkerMessage | Notice) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'reading') onReading?.();
      else onMessage?.(m);
    });
  });
  return {
    worker,
    ready,
    start(input, messages, reading) {
      onMessage = messages;
      onReading = reading;
      worker.postMessage(input);
    },
  };
}
