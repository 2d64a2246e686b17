// Writer-thread entry of thread-writer.ts: opens the DB file, creates the writer (schema, marked incomplete) and runs
// each piece of the call log it is handed, in order; after a failure it answers with the error and runs nothing more.
import Database from 'better-sqlite3';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.js';
import { OP_CALL, OP_SPANS, type WriterInput, type WriterLog, type WriterOutput, type WriterSetup } from './thread-writer.js';
import { createWriter, type TraceWriter } from './writer.js';

type Range = { start: number; end: number };

// Set by the first message, the setup (the thread may be started before the file is known: threads/warm.ts).
let port: MessagePort;
let signal: Int32Array;
let db: Database.Database | undefined;
let writer: TraceWriter | undefined;
let failed = false;
/**
 * The buffers texts may still name, by id. Each buffer holds the texts of one column (events or raws), and a column
 * that names another buffer never names the one before again (thread-writer.ts): that one is let go, and handed
 * back to the main thread with the piece's log (`dropped`), by then no longer read here (the block's bytes settle
 * a run from a buffer when the column's next span names another, event-blocks.ts). Left to this thread's GC, they
 * were freed late: the thread makes little garbage, and ~35 MB more of them stayed alive (peak RSS of the 1M
 * churn load 200 → 237 MB); the main thread's frequent scavenges free them at once.
 */
const buffers = new Map<number, ArrayBuffer>();
const dropped: ArrayBuffer[] = [];
let lastEvent = -1;
let lastRaw = -1;

const reply = (out: WriterOutput, transfer: ArrayBuffer[] = []): void => port.postMessage(out, transfer);

/**
 * An event's touched ranges, `k` of them, in objects used again for every event (the writer reads them during the
 * call only): an array and objects per event were a third of the thread's garbage.
 */
const scratch: Range[][] = [];
function rangesOf(k: number): Range[] {
  let ranges = scratch[k];
  if (ranges === undefined) {
    ranges = Array.from({ length: k }, () => ({ start: 0, end: 0 }));
    scratch[k] = ranges;
  }
  return ranges;
}
const optional = (v: number): number | null => (v === v ? v : null);

// Forgets buffer `id`, to be handed back after the piece.
function letGo(id: number): void {
  const b = buffers.get(id);
  if (b === undefined) return;
  buffers.delete(id);
  dropped.push(b);
}

/**
 * Runs a call other than an insertEventSpans: a function of its own, so that the log loop's optimized code holds no
 * feedback of these rare calls (inlined, each first call of a kind, or row of a new shape, deoptimized the loop with
 * the writer inlined in it: 4 recompiles per 1M churn load).
 */
function runCall(w: TraceWriter, call: readonly unknown[]): void {
  const [method, ...args] = call as [string, ...unknown[]];
  if (method === 'insert') w.insert(args[0] as never, args[1] as never);
  else if (method === 'insertEvent') (w.insertEvent as (...a: unknown[]) => void)(...args);
  else if (method === 'flush') w.flush();
  else throw new Error(`writer thread: unknown call ${method}`);
}

// Takes the buffers a piece names first.
function register(piece: WriterLog): void {
  for (const [id, b] of piece.buffers) buffers.set(id, b);
}

// Runs a piece of the log.
function run(w: TraceWriter, piece: WriterLog): void {
  register(piece);
  const { log, strings, calls } = piece;
  const buffer = (ref: number): ArrayBuffer => {
    const b = buffers.get(ref);
    if (b === undefined) throw new Error(`writer thread: buffer ${ref} named after the next one`);
    return b;
  };
  // A column's texts (events or raws): consecutive events name the same buffer, kept here (a Map lookup per text
  // was ~1.5 % of the thread's CPU).
  const column = (): ((ref: number) => string | ArrayBuffer) => {
    let last = -1;
    let lastBuffer: ArrayBuffer | undefined;
    return (ref) => {
      if (ref < 0) return strings[-1 - ref] as string;
      if (ref !== last) {
        lastBuffer = buffer(ref);
        last = ref;
      }
      return lastBuffer as ArrayBuffer;
    };
  };
  const eventText = column();
  const rawText = column();
  let at = 0;
  while (at < log.length) {
    const op = log[at] as number;
    if (op === OP_CALL) {
      runCall(w, calls[log[at + 1] as number] as readonly unknown[]);
      at += 2;
      continue;
    }
    if (op !== OP_SPANS) throw new Error(`writer thread: bad log entry ${op}`);
    const ev = log[at + 6] as number;
    const raw = log[at + 9] as number;
    const event = eventText(ev);
    const rawBytes = rawText(raw);
    if (ev >= 0 && ev !== lastEvent) {
      letGo(lastEvent);
      lastEvent = ev;
    }
    if (raw >= 0 && raw !== lastRaw) {
      letGo(lastRaw);
      lastRaw = raw;
    }
    const k = log[at + 12] as number;
    const touched = rangesOf(k);
    for (let i = 0; i < k; i++) {
      const r = touched[i] as Range;
      r.start = log[at + 13 + 2 * i] as number;
      r.end = log[at + 14 + 2 * i] as number;
    }
    w.insertEventSpans(log[at + 1] as number, log[at + 2] as number, optional(log[at + 3] as number), optional(log[at + 4] as number), log[at + 5] as number, event, log[at + 7] as number, log[at + 8] as number, rawBytes, log[at + 10] as number, log[at + 11] as number, touched);
    at += 13 + 2 * k;
  }
}

// Runs one message; the first failure is answered and ends the thread's work.
function handle(input: WriterInput): void {
  const w = writer as TraceWriter;
  if ('finish' in input) {
    w.finish(input.finish);
    (db as Database.Database).close();
    reply({ done: true });
    return;
  }
  run(w, input.piece);
  // The log back to the main thread, which writes the next piece into it.
  const whole = new Float64Array(input.piece.log.buffer);
  const gone = dropped.splice(0);
  reply({ free: whole, dropped: gone }, [whole.buffer as ArrayBuffer, ...gone]);
}

// Runs `work` unless an earlier step failed (the first failure is answered), then counts one step done.
function step(work: () => void): void {
  if (!failed) {
    try {
      work();
    } catch (error) {
      failed = true;
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
      reply({ error: error instanceof Error ? error.message : String(error), code });
    }
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/**
 * This thread's nice value. It is the import's last stage: the replay on the main thread is the one serial stage and
 * waits for nothing it does, while the parse worker, the main thread and this thread share 2 cores on the benchmark
 * machine. Behind them, it runs when one of them waits (its queue of pieces is bounded, thread-writer.ts), and all
 * of it that is left when they are done. 1M churn, idle, alternated: wall −5 % (median of 8 runs each; per-pair
 * ratios to sqlite3 1.05 → 1.00 over 10 pairs), peak RSS +15 MiB (pieces wait longer). docs/bench.md, ninth round.
 */
const WRITER_NICE = 10;

// The setup, the one message on parentPort; then the first step, which the main thread waits for: the file opened, the
// schema made and marked incomplete (a failed import leaves an incomplete DB, never an empty file).
parentPort?.once('message', (setup: WriterSetup) => {
  port = setup.port;
  signal = new Int32Array(setup.signal);
  step(() => {
    lowerThreadPriority(WRITER_NICE); // for the thread's whole life: nothing to restore
    db = new Database(setup.path);
    // 8 MiB of page cache: a transaction's pages (~3 MB) fit, and the thread's isolate already costs peak RSS
    // (1M churn: 277 → 251 MB, the thread's CPU the same).
    writer = createWriter(db, { cacheKiB: 8192 });
  });
  port.on('message', (input: WriterInput) => step(() => handle(input)));
});
