// Worker-thread entry of the parse pool: strace lines in (batches), or whole files read here;
// parsed events out as JSON with their raw text and the new diagnostics. Runs the same
// TraceParser and RawLines the in-thread pipeline uses, so the output is identical; only where
// it runs differs.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { VmtraceError } from '../errors.js';
import { eachLineSync } from '../input/read-lines.js';
import type { VmEvent } from '../model/events.js';
import { TraceParser } from '../parse/index.js';
import { eventText } from '../parse/event-text.js';
import { HOT_UNFINISHED, NOT_HOT } from '../parse/hot-line.js';
import { encodeHot, HOT_SLOTS } from './hot-events.js';
import { HotTextWriter } from './hot-text.js';
import { joinTexts, type JoinedTexts } from './joined-texts.js';
import { RawLines } from './raw-lines.js';
import { TextBytes } from './text-bytes.js';
import type { PoolInput, PoolSetup, WireBatch } from './parse-pool.js';

/**
 * Lines per batch when reading files. Small: the batch being filled is what survives the worker's
 * young-generation collections (4096-line batches: ~30 % of the worker's time in GC on a 200k
 * load; 1024: about half that, and ~10 MiB less peak RSS).
 */
const FILE_BATCH_LINES = 1024;
/** Most characters of event text joined into one string (V8 strings end near 2^29). */
const TEXT_CHARS = 1 << 26;

/**
 * Room for `n` hot records, not zeroed (one per batch, transferred: zeroing 128 KiB per batch showed in
 * profiles). Every record the batch holds is written first: slot 0 and the slots its kind reads
 * (encodeHot, TraceParser.record), step and pid for any event.
 */
function records(n: number): Float64Array {
  return new Float64Array(Buffer.allocUnsafeSlow(n * HOT_SLOTS * 8).buffer, 0, n * HOT_SLOTS);
}

// Set by the first message, the setup (the worker may be started before the trace is known: threads/warm.ts).
let out: MessagePort;
let signal: Int32Array;
let maxInFlight = 0;
let parser: TraceParser;

function init(setup: PoolSetup): void {
  out = setup.port;
  signal = new Int32Array(setup.signal);
  maxInFlight = setup.maxInFlight;
  parser = new TraceParser({
    ...(setup.sourcePids === undefined ? {} : { sourcePids: setup.sourcePids }),
    ...(setup.defaultPid === undefined ? {} : { defaultPid: setup.defaultPid }),
  });
}
const raw = new RawLines();
let diagnosticsSeen = 0;
let json: string[] = [];
/** The raw text of each event of the batch, as bytes. */
const raws = new TextBytes(FILE_BATCH_LINES, 192);
/** Characters in `json`: a batch is posted early past TEXT_CHARS. */
let chars = 0;
/** Kept so that the read that flattens each JSON text is not optimised away. */
let flattened = 0;
/** The batch's hot calls as numbers (hot-events.ts), one record per entry of `json`; grows by doubling. */
let hot = records(FILE_BATCH_LINES);
/** The stored texts of the hot calls, as bytes (hot-text.ts); theirs in `json` are empty. */
const hotTexts = new HotTextWriter(FILE_BATCH_LINES);

const post = (batch: WireBatch): void => {
  const transfer: ArrayBuffer[] = [];
  if (batch.hot !== undefined) transfer.push(batch.hot.buffer as ArrayBuffer);
  if (batch.texts !== undefined) transfer.push(batch.texts.bytes.buffer as ArrayBuffer, batch.texts.ends.buffer as ArrayBuffer);
  transfer.push(batch.raws.bytes.buffer as ArrayBuffer, batch.raws.ends.buffer as ArrayBuffer);
  if (!Array.isArray(batch.json)) transfer.push((batch.json as JoinedTexts).ends.buffer as ArrayBuffer);
  out.postMessage(batch, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

const take = (events: readonly VmEvent[]): void => {
  // By index: most lines return the parser's shared frozen empty list, on which for…of takes the
  // iterator's slow path.
  for (let k = 0; k < events.length; k++) {
    const e = events[k] as VmEvent;
    raw.rawTo(raws, e.line, e.source ?? 0, e.entryLine);
    if ((json.length + 1) * HOT_SLOTS > hot.length) {
      const bigger = new Float64Array(hot.length * 2);
      bigger.set(hot);
      hot = bigger;
    }
    const isHot = encodeHot(e, hot, json.length);
    hotTexts.add(hot, json.length, isHot);
    const j = isHot ? '' : eventText(e);
    // Reading a character of the rope eventText built makes V8 flatten it now, while its pieces
    // are young garbage: the batch then holds one flat string per event instead of a tree that every
    // young-generation collection copies and the join walks (-0.6 µs per event, measured).
    if (!isHot) flattened ^= j.charCodeAt(j.length >> 1);
    json.push(j);
    chars += j.length;
  }
};

// take() of the hot call the parser wrote as record `i` of `hot` (TraceParser.pushBytes): what encodeHot
// of its event would have written is there already.
const takeRecord = (i: number): void => {
  const o = i * HOT_SLOTS;
  const entryLine = hot[o + 6] as number;
  raw.rawTo(raws, hot[o + 5] as number, hot[o + 7] as number, entryLine === entryLine ? entryLine : undefined);
  hotTexts.add(hot, i, true);
  json.push('');
};

const line = (text: string, lineNo: number, source: number): void => {
  raw.add(text, lineNo, source);
  take(parser.push(text, lineNo, source));
};

// What was parsed since the last batch, with the new diagnostics. The texts go joined (one string
// to copy instead of thousands: posting and receiving them cost ~2 µs per event) unless that
// string would be too long for V8.
const batch = (extra: Partial<WireBatch> = {}): WireBatch => {
  const diagnostics = parser.diagnostics.slice(diagnosticsSeen).map((d) => ({ line: d.line, source: d.source, severity: d.severity, reason: d.reason, text: d.text }));
  diagnosticsSeen = parser.diagnostics.length;
  const b: WireBatch = chars <= TEXT_CHARS
    ? { json: joinTexts(json), raws: raws.take(), hot, texts: hotTexts.take(), diagnostics, ...extra }
    : { json, raws: raws.take(), hot, texts: hotTexts.take(), diagnostics, ...extra };
  json = [];
  chars = 0;
  hot = records(FILE_BATCH_LINES);
  return b;
};

// Waits until the main thread has taken enough batches (a reader must not run ahead without bound).
const waitForRoom = (): void => {
  for (;;) {
    const taken = Atomics.load(signal, 1);
    if (Atomics.load(signal, 0) - taken < maxInFlight) return;
    Atomics.wait(signal, 1, taken, 1000);
  }
};

const readFiles = (files: readonly string[], firstSource: number): void => {
  let lines = 0;
  for (const [i, path] of files.entries()) {
    const source = firstSource + i;
    const counted = (): void => {
      if (++lines === FILE_BATCH_LINES || chars > TEXT_CHARS) {
        waitForRoom();
        post(batch({ lines }));
        lines = 0;
      }
    };
    eachLineSync(
      path,
      // A line cut across chunks, too long, or of a chunk that is not all ASCII: as text.
      (text, lineNo) => {
        raw.add(text, lineNo, source);
        take(parser.push(text, lineNo, source));
        counted();
      },
      undefined,
      undefined,
      (bytes) => {
        raw.release(bytes);
        parser.release(bytes);
      },
      // The common lines, read from the bytes (typed-array loads; no text is made unless the general
      // path takes the line), a hot call they complete written straight into the batch's records. The
      // raw line is kept as bytes, after the parse, which never reads it, and before the events that
      // need it: the parser tells what form a line it took has.
      (lineNo, bytes, start, end) => {
        const i = json.length;
        if ((i + 1) * HOT_SLOTS > hot.length) {
          const bigger = new Float64Array(hot.length * 2);
          bigger.set(hot);
          hot = bigger;
        }
        const events = parser.pushBytes(bytes, start, end, lineNo, source, hot, i * HOT_SLOTS);
        const form = parser.fastForm;
        if (form === NOT_HOT) raw.addAscii(parser.lineText, lineNo, source, bytes, start, end);
        else raw.addBytes(lineNo, source, bytes, start, end, form === HOT_UNFINISHED);
        if (parser.wroteHot) takeRecord(i);
        else take(events);
        counted();
      },
    );
  }
  waitForRoom();
  post(batch({ lines, filesDone: true }));
};

parentPort?.on('message', (input: PoolInput) => {
  try {
    if ('setup' in input) {
      init(input.setup);
      return;
    }
    if ('files' in input) {
      readFiles(input.files, input.firstSource);
      return;
    }
    const { texts, lineNos, sources } = input;
    for (let i = 0; i < texts.length; i++) line(texts[i] as string, lineNos[i] as number, sources[i] as number);
    if (input.end) take(parser.end());
    post(batch(input.end ? { info: parser.info, counts: parser.counts } : {}));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const readError = error instanceof VmtraceError ? error.message : undefined; // a file that cannot be read
    json = [];
    hotTexts.take();
    post({ json: [], raws: raws.take(), diagnostics: [], ...(readError === undefined ? { error: message } : { readError }), filesDone: true });
  }
});
