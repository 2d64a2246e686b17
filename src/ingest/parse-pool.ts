// Parsing on a second core: lines go to a worker thread (parse-worker.ts) in batches, or the
// worker reads whole files itself (readFiles: the main thread, the busier one, then never touches
// the text); the main thread keeps replaying and writing and picks parsed batches up
// synchronously (receiveMessageOnPort), so the ingest's push()/end() stay synchronous.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { VmtraceError } from '../errors.js';
import { takeThread } from '../threads/warm.js';
import type { TextBatch } from './text-bytes.js';
import { cutTexts, type JoinedTexts } from './joined-texts.js';
import { PARSE_WORKER_LIMITS, parseWorkerUrl } from './parse-worker-url.js';
import type { ParserDiagnostic } from './types.js';

/** Lines per message to the worker. */
const BATCH_LINES = 1024;
/** Batches in flight before push() waits for the worker (bounds memory: ~32k lines, as the worker's 1024-line file batches). */
const MAX_IN_FLIGHT = 32;
/** A worker that shows no progress for this long is declared dead. */
const STALL_MS = 60_000;

const NONE: readonly PoolBatch[] = [];

/** What the worker is given first, in a message of its own (it may have been started before: threads/warm.ts). */
export interface PoolSetup {
  readonly port: MessagePort;
  /** Int32 [0]: batches posted by the worker (it notifies on each); [1]: batches taken by the main thread. */
  readonly signal: SharedArrayBuffer;
  /** Most batches the worker reading files may have posted and not yet seen taken. */
  readonly maxInFlight: number;
  readonly sourcePids?: readonly (number | undefined)[];
  readonly defaultPid?: number;
}

/** The worker's setup (its first message), a batch of lines, or files for it to read (source index = position + `firstSource`). */
export type PoolInput =
  | { readonly setup: PoolSetup }
  | { readonly texts: readonly string[]; readonly lineNos: readonly number[]; readonly sources: readonly number[]; readonly end: boolean }
  | { readonly files: readonly string[]; readonly firstSource: number };

/** What the worker returns per batch: events' stored texts, raw text of each, new diagnostics. */
export interface PoolBatch {
  readonly json: readonly string[];
  /** The raw text of each event, as bytes (text-bytes.ts). */
  readonly raws: TextBatch;
  /** The hot calls among `json` as numbers (hot-events.ts decodeHot(hot, i)); others only as text. */
  readonly hot?: Float64Array;
  /** The stored texts of the hot calls as bytes (hot-text.ts), whose `json` entries are empty. */
  readonly texts?: TextBatch;
  readonly diagnostics: readonly ParserDiagnostic[];
  readonly info?: unknown;
  readonly counts?: unknown;
  readonly error?: string;
  /** readFiles: lines read for this batch; `filesDone` on the last batch of the files. */
  readonly lines?: number;
  readonly filesDone?: boolean;
  /** readFiles: a file could not be read (the message names it). */
  readonly readError?: string;
}

/** A batch as the worker posts it: the texts joined (joined-texts.ts), or as arrays when too long to join. */
export type WireBatch = Omit<PoolBatch, 'json'> & { readonly json: JoinedTexts | readonly string[] };

function unwire(w: WireBatch): PoolBatch {
  const { json } = w;
  if (Array.isArray(json)) return w as PoolBatch;
  const j = json as JoinedTexts;
  return { ...w, json: cutTexts(j.text, j.ends) };
}

/** The main-thread side of the worker parser. */
export interface ParsePool {
  /** Queues a line; returns the batches parsed meanwhile (waits only to keep at most MAX_IN_FLIGHT queued). */
  push(text: string, lineNo: number, source: number): readonly PoolBatch[];
  /** Has the worker read and parse whole files, yielding each batch as it is parsed. */
  readFiles(paths: readonly string[], firstSource: number): Generator<PoolBatch>;
  /** Sends the rest, waits for every batch; the last one carries `info` and `counts`. */
  end(): PoolBatch[];
  /** Stops the worker (a pool not used after all). */
  abandon(): void;
}

/** A pool started before its import, already reading its files (startReadingEarly), and what it was started with. */
interface EarlyPool {
  readonly pool: ParsePool;
  readonly paths: readonly string[];
  readonly sourcePids: readonly (number | undefined)[];
}
let early: EarlyPool | undefined;

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Starts a pool whose worker reads `paths` (as readFiles(paths, 0) would) at once, for the import that comes next in
 * this process (`vmtrace load FILE --out/--force`: cli.ts): the worker parses its first batches while the main thread
 * still loads its code and opens the DB, instead of after. parsePoolFor hands it out when asked for the same files.
 */
export function startReadingEarly(paths: readonly string[], sourcePids: readonly (number | undefined)[]): void {
  early?.pool.abandon();
  early = undefined;
  const pool = createParsePool(sourcePids, undefined, paths);
  if (pool !== undefined) early = { pool, paths, sourcePids };
}

/**
 * The pool for an import of `paths` (undefined: lines pushed one by one): the one startReadingEarly started for the
 * same files and pids, else a new one (an early pool that does not match is stopped).
 */
export function parsePoolFor(sourcePids: readonly (number | undefined)[] | undefined, defaultPid: number | undefined, paths: readonly string[] | undefined): ParsePool | undefined {
  const e = early;
  early = undefined;
  if (e !== undefined) {
    if (defaultPid === undefined && paths !== undefined && sameList(e.paths, paths) && sameList(e.sourcePids, sourcePids ?? [])) return e.pool;
    e.pool.abandon();
  }
  return createParsePool(sourcePids, defaultPid);
}

// A worker-thread parser, or undefined when the compiled worker is not available (tests on sources). With `reading`,
// the worker starts reading those files at once, and readFiles of the same files (source 0 on) only takes its batches.
export function createParsePool(sourcePids?: readonly (number | undefined)[], defaultPid?: number, reading?: readonly string[]): ParsePool | undefined {
  const url = parseWorkerUrl();
  if (url === undefined) return undefined;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(8);
  const flag = new Int32Array(signal);
  const setup: PoolSetup = { port: port2, signal, maxInFlight: MAX_IN_FLIGHT, sourcePids, defaultPid };
  const worker = takeThread(url, PARSE_WORKER_LIMITS);
  worker.postMessage({ setup } satisfies PoolInput, [port2]);
  if (reading !== undefined) worker.postMessage({ files: reading, firstSource: 0 } satisfies PoolInput);
  let texts: string[] = [];
  let lineNos: number[] = [];
  let sources: number[] = [];
  let inFlight = 0;

  const send = (end: boolean): void => {
    const input: PoolInput = { texts, lineNos, sources, end };
    worker.postMessage(input);
    inFlight++;
    texts = [];
    lineNos = [];
    sources = [];
  };
  const receive = (wait: boolean): PoolBatch | undefined => {
    const started = Date.now();
    for (;;) {
      const seen = Atomics.load(flag, 0);
      const msg = receiveMessageOnPort(port1);
      if (msg !== undefined) {
        inFlight--;
        Atomics.add(flag, 1, 1); // taken: a worker reading files may go on
        Atomics.notify(flag, 1);
        const batch = msg.message as WireBatch;
        if (batch.error !== undefined) throw new Error(`parse worker failed: ${batch.error}`);
        if (batch.readError !== undefined) throw new VmtraceError(batch.readError);
        return unwire(batch);
      }
      if (!wait) return undefined;
      if (Atomics.wait(flag, 0, seen, 1000) === 'timed-out' && Date.now() - started > STALL_MS) throw new Error('parse worker stopped answering');
    }
  };
  return {
    push(text, lineNo, source) {
      if (reading !== undefined) throw new Error('parse pool: reading files, not lines');
      texts.push(text);
      lineNos.push(lineNo);
      sources.push(source);
      if (texts.length < BATCH_LINES) return NONE;
      send(false);
      const out: PoolBatch[] = [];
      for (let b = receive(false); b !== undefined; b = receive(false)) out.push(b);
      while (inFlight >= MAX_IN_FLIGHT) out.push(receive(true) as PoolBatch);
      return out;
    },
    *readFiles(paths, firstSource) {
      if (reading !== undefined) {
        // Already being read since the pool started: nothing was pushed before, and the files must be those.
        if (firstSource !== 0 || !sameList(reading, paths) || texts.length > 0 || inFlight > 0) throw new Error('parse pool: started reading other files');
      } else {
        if (texts.length > 0) send(false);
        while (inFlight > 0) yield receive(true) as PoolBatch; // lines pushed earlier come first
        const input: PoolInput = { files: paths, firstSource };
        worker.postMessage(input);
      }
      // The worker posts batches until the one marked filesDone; inFlight counts them as they come.
      let done = false;
      try {
        for (;;) {
          inFlight++;
          const batch = receive(true) as PoolBatch;
          done = batch.filesDone === true;
          yield batch;
          if (done) return;
        }
      } finally {
        // Abandoned (the import failed, e.g. --strict): the worker would wait for room forever.
        if (!done) {
          port1.close();
          void worker.terminate();
        }
      }
    },
    abandon() {
      port1.close();
      void worker.terminate();
    },
    end() {
      send(true);
      const out: PoolBatch[] = [];
      while (inFlight > 0) out.push(receive(true) as PoolBatch);
      port1.close();
      void worker.terminate();
      return out;
    },
  };
}
