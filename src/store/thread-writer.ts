// A TraceWriter whose work runs on a writer thread (writer-thread.ts): this side only logs the calls — an event as a
// few numbers, its texts as (buffer, from, to) of the parse worker's batches, which are handed over whole and never
// copied here — and the thread runs them, in the same order, on the same writer (createWriter) over its own
// connection to the DB file. Building the blocks (offsets, pids, touched texts, step lists) and SQLite (binding,
// COMMIT's page writes) then cost the import's busiest thread nothing: ~1.3 s of its CPU on the 1M-event churn trace.
import Database from 'better-sqlite3';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { takeThread } from '../threads/warm.js';
import type { TraceWriter } from './writer.js';
import { WRITER_THREAD_LIMITS, writerThreadUrl } from './writer-thread-url.js';

/** Pieces of log handed over and not yet run by the thread before a call waits (each ~8,000 churn events, ~2 MB of texts). */
const MAX_IN_FLIGHT = 6;
/** Numbers of log per message. */
const LOG_NUMBERS = 1 << 17;
/** A thread that shows no progress for this long is declared dead. */
const STALL_MS = 60_000;

/** Log entry kinds: an insertEventSpans, another call (its arguments in `calls`). */
export const OP_SPANS = 1;
export const OP_CALL = 2;

/**
 * The thread's first message, on its parentPort (it may have been started before the file was known:
 * threads/warm.ts): it opens the file and makes the schema at once, its first step; the rest comes on `port`.
 */
export interface WriterSetup {
  readonly path: string;
  readonly port: MessagePort;
  /** Int32 [0]: steps the thread has finished, its first step and then one per message (it notifies on each). */
  readonly signal: SharedArrayBuffer;
}

/**
 * A piece of the log. `log` holds entries: OP_SPANS, step, pid, procId, spaceId (NaN: null), changed, event, from,
 * to, raw, from, to, n, then n ranges as start, end — a text is the buffer of that id (given with the piece that
 * names it first) or, when negative, strings[-1 - it]; OP_CALL, k: calls[k] is
 * [method, ...arguments]. `buffers`: the buffers first named in this piece.
 */
export interface WriterLog {
  readonly log: Float64Array;
  readonly strings: readonly string[];
  readonly calls: readonly (readonly unknown[])[];
  readonly buffers: readonly (readonly [number, ArrayBuffer])[];
}

/** A message to the thread: a piece of the log, or the last call (finish) after the last piece. */
export type WriterInput = { readonly piece: WriterLog } | { readonly finish: Readonly<Record<string, string>> };
/**
 * The thread's answers: a piece's log given back once run (the next piece is written into it) with the text buffers
 * the thread let go (dropped here, where the frequent scavenges free them), the end of a finish, the first failure
 * (it runs nothing more then).
 */
export type WriterOutput = { readonly free: Float64Array; readonly dropped: readonly ArrayBuffer[] } | { readonly done: true } | { readonly error: string; readonly code: string | undefined };

/**
 * A writer whose calls run on a thread with its own connection to the DB file at `path` (created there with the
 * schema), or undefined when the compiled thread is not available. insertEventSpans takes ownership of a text's
 * ArrayBuffer: it is transferred to the thread (detached here) the first time a text names it, and let go there once
 * the event texts (or the raw texts) name another buffer: a buffer holds texts of one of the two, and is not named
 * again after the next one (as the parse worker's batches come, one after the other). SQLite's failures
 * are thrown by a later call (at the latest by finish) as the SqliteError they were.
 */
export function threadWriter(path: string): TraceWriter | undefined {
  const url = writerThreadUrl();
  if (url === undefined) return undefined;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const setup: WriterSetup = { path, port: port2, signal };
  const worker = takeThread(url, WRITER_THREAD_LIMITS);
  worker.postMessage(setup, [port2]);
  // The thread itself failing (its code not loading, out of memory) ends the import at the next call too.
  let crashed: Error | undefined;
  worker.on('error', (error) => {
    crashed = error;
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  let log: Float64Array = new Float64Array(LOG_NUMBERS);
  let n = 0;
  // Emptied after each piece is posted (postMessage has copied them): a new `[]` there was a second allocation site,
  // whose arrays start with another elements kind than the first one's, and V8's code for the first (the main
  // thread's applyHead, into which these pushes are inlined) was deoptimized by the second (wrong map).
  const strings: string[] = [];
  const calls: (readonly unknown[])[] = [];
  const buffers: (readonly [number, ArrayBuffer])[] = [];
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  let posted = 1; // the thread's first step: opening the file and making the schema
  let done = false;
  const free: Float64Array[] = [];

  // Takes the thread's answers so far: throws its error as the SqliteError it was.
  const answers = (): void => {
    if (crashed !== undefined) throw new Error(`writer thread failed: ${crashed.message}`, { cause: crashed });
    for (let msg = receiveMessageOnPort(port1); msg !== undefined; msg = receiveMessageOnPort(port1)) {
      const out = msg.message as WriterOutput;
      if ('error' in out) {
        void worker.terminate();
        throw new Database.SqliteError(out.error, out.code ?? 'SQLITE_ERROR');
      }
      if ('free' in out) free.push(out.free);
      else done = true;
    }
  };
  // Waits until at most `inFlight` messages are not run yet (or, with `last`, for the finish's answer).
  const wait = (inFlight: number, last: boolean): void => {
    let started = Date.now();
    for (;;) {
      const finished = Atomics.load(flag, 0);
      answers();
      if (last ? done : posted - finished <= inFlight) return;
      if (Atomics.wait(flag, 0, finished, 1000) === 'timed-out') {
        if (Date.now() - started > STALL_MS) throw new Error('writer thread stopped answering');
      } else started = Date.now();
    }
  };
  const send = (): void => {
    if (n === 0 && calls.length === 0) return;
    const piece: WriterLog = { log: log.subarray(0, n), strings, calls, buffers };
    port1.postMessage({ piece } satisfies WriterInput, [log.buffer as ArrayBuffer, ...buffers.map(([, b]) => b)]);
    posted++;
    strings.length = 0;
    calls.length = 0;
    buffers.length = 0;
    n = 0;
    wait(MAX_IN_FLIGHT, false);
    log = free.pop() ?? new Float64Array(LOG_NUMBERS);
  };
  // Room for `k` more numbers (a piece is sent when full).
  const room = (k: number): void => {
    if (n + k <= log.length) return;
    send();
    if (k > log.length) log = new Float64Array(k);
  };
  const call = (...args: unknown[]): void => {
    room(2);
    log[n++] = OP_CALL;
    log[n++] = calls.length;
    calls.push(args);
  };
  // A text's entry: the id of its buffer (registered, and handed over with this piece, when first named), or a string's.
  const bufferId = (b: ArrayBufferLike): number => {
    let id = ids.get(b);
    if (id === undefined) {
      id = nextId++;
      ids.set(b, id);
      buffers.push([id, b as ArrayBuffer]);
    }
    return id;
  };
  // A text's entry, for each of the two columns: consecutive events name the same buffer (one lookup saved).
  const column = (): ((text: string | ArrayBufferLike) => number) => {
    let last: unknown;
    let lastId = 0;
    return (text) => {
      if (typeof text === 'string') return -1 - (strings.push(text) - 1);
      if (text !== last) {
        last = text;
        lastId = bufferId(text);
      }
      return lastId;
    };
  };
  const eventId = column();
  const rawId = column();

  const writer: TraceWriter = {
    insert(table, row) {
      call('insert', table, row);
    },
    insertEvent(step, pid, procId, spaceId, changed, event, raw, touched) {
      call('insertEvent', step, pid, procId, spaceId, changed, event, raw, touched);
    },
    insertEventSpans(step, pid, procId, spaceId, changed, event, eventFrom, eventTo, raw, rawFrom, rawTo, touched) {
      const k = touched.length;
      room(13 + 2 * k);
      const ev = eventId(event);
      const rw = rawId(raw);
      const out = log;
      let at = n;
      out[at++] = OP_SPANS;
      out[at++] = step;
      out[at++] = pid;
      out[at++] = procId ?? NaN;
      out[at++] = spaceId ?? NaN;
      out[at++] = changed;
      out[at++] = ev;
      out[at++] = eventFrom;
      out[at++] = eventTo;
      out[at++] = rw;
      out[at++] = rawFrom;
      out[at++] = rawTo;
      out[at++] = k;
      for (let i = 0; i < k; i++) {
        const r = touched[i] as (typeof touched)[number];
        out[at++] = r.start;
        out[at++] = r.end;
      }
      n = at;
    },
    insertEventRow(r) {
      call('insertEvent', r.step, r.pid, r.proc_id, r.space_id, r.changed, r.event, r.raw, r.touched);
    },
    setMeta(key, value) {
      call('insert', 'meta', { key, value });
    },
    flush() {
      call('flush');
      send();
    },
    finish(meta) {
      answers();
      send();
      port1.postMessage({ finish: meta } satisfies WriterInput);
      posted++;
      try {
        wait(0, true);
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
  // Waits for the first step: an import that fails early leaves an incomplete DB, not an empty file.
  wait(0, false);
  return writer;
}
