// The streaming import shared by `load` and the live `run`:
// parser → enrichment window → replay (effects, anomalies) → batched writer, checkpoints every K steps.
import type Database from 'better-sqlite3';
import { ParseError } from '../errors.js';
import type { VmEvent } from '../model/events.js';
import { LOOKAHEAD, type Replay } from '../model/types.js';
import { emptyList } from '../model/empty-list.js';
import { defaultReplayFactory } from '../store/default-replay.js';
import type { StoredDiagnostic } from '../store/types.js';
import { createWriter } from '../store/writer.js';
import { threadWriter } from '../store/thread-writer.js';
import { defaultFileInfo, defaultLayoutFor, defaultParser } from './defaults.js';
import { FileInfoCache, needsLayout, withFileIdentity, withLayout } from './enrich.js';
import { eventFromText, eventText } from '../parse/event-text.js';
import { absent, decodeHot, pidOf, stepOf, timeOf } from './hot-events.js';
import { parsePoolFor, type PoolBatch } from './parse-pool.js';
import type { TextBatch } from './text-bytes.js';
import { EventQueue, type TextSource } from './event-queue.js';
import { RawLines } from './raw-lines.js';
import { writeFinalMeta } from './meta.js';
import type { Ingest, IngestOptions, IngestSummary, ParserDiagnostic } from './types.js';

/**
 * Steps between replay checkpoints: a TUI jump restores one and replays up to this many events (~3.5 µs each on
 * churn). Saving one costs ~0.3 µs per VMA, ~0.85 ms for the 2,800 of churn: ~0.9 s of the import thread's CPU on
 * the 1M trace. 2,000 was tried in session 7 (import thread −0.4 to −0.8 s of CPU, alternated) and not kept: on
 * the schema-6 churn DB the TUI's PgDn went from 10.2 / 22.1 to 13.7 / 30.9 ms p50 / p95 (goal p95 ≤ 33 ms),
 * and `regionsAt` p99 under a load of 3 from 28.5 to 44.3 ms (goal 50).
 */
export const CHECKPOINT_EVERY = 1000;
const NO_TEXTS: TextBatch = { bytes: new Uint8Array(0), ends: new Int32Array(0) };

/** Events kept after a successful execve for exec-layout inference. */
export const LAYOUT_WINDOW = 4096;
const FIRST_FEW = 5;

const severityOf = (s: string | undefined): StoredDiagnostic['severity'] => (s === 'warning' || s === 'info' ? s : 'error');

// Starts an import into a fresh DB handle (see store/createDbFile).
export function createIngest(db: Database.Database, options: IngestOptions = {}): Ingest {
  // The default parser runs on a worker thread for a batch import, unless told otherwise (a small trace); a live
  // one (`run`: onEvent, live readers) parses in-thread so that every event is applied as soon as its line arrives.
  const batch = options.parser === undefined && options.live !== true && options.onEvent === undefined && options.inThread !== true;
  const pool = batch ? parsePoolFor(options.sourcePids, options.defaultPid, options.sourceNames) : undefined;
  const parser = options.parser ?? defaultParser(options.sourcePids, options.defaultPid);
  let poolInfo: unknown;
  let poolCounts: unknown;
  const replay: Replay = (options.replay ?? defaultReplayFactory()).create();
  const layoutFor = options.layoutFor ?? defaultLayoutFor();
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const window = options.layoutWindow ?? LAYOUT_WINDOW;
  // A batch import into a file has its writer run on a thread (store/thread-writer.ts); a live one, and one into
  // memory, writes here.
  const writer = (pool !== undefined && !db.memory ? threadWriter(db.name) : undefined) ?? createWriter(db, { live: options.live });
  const raw = new RawLines();
  const files = new FileInfoCache(options.fileInfo ?? defaultFileInfo, (path, id) => writer.insert('files', { path, ...id }), options.fileInfoRetry === true);
  // Each queue keeps, beside each event, its raw text and its stored text (made by the parse worker; undefined when
  // the event was made here or replaced by enrichment) in parallel arrays (event-queue.ts): a WeakMap/Map keyed by
  // event cost ~0.3 µs per event on the busiest thread, shift() ~0.5 µs.
  const enrich = new EventQueue(); // stage A: waiting for layout inference
  const applying = new EventQueue(); // stage B: waiting for LOOKAHEAD followers
  const applyQueue = applying.events;
  let lines = 0;
  let diagnosticsSeen = 0;
  let anomalies = 0;
  // The first and the last time of the events taken in (NaN: none yet; each event taken in is applied, in that
  // order). Noted as they come, a hot call's from its record: a double read from an event of one of many shapes,
  // or kept in a closure's variable, is a new box each time, one per event.
  const times = new Float64Array([NaN, NaN]);
  const noteTime = (time: number): void => {
    if (time !== time) return;
    if (Number.isNaN(times[0])) times[0] = time;
    times[1] = time;
  };
  const firstDiagnostics: StoredDiagnostic[] = [];
  // (Of a full list's hidden class from the start: its first push deoptimized applyHead, see empty-list.ts.)
  const firstAnomalies: { step: number; message: string }[] = emptyList();

  let extraDiagnostics = 0;
  let command = options.command;
  const storeDiagnostic = (d: ParserDiagnostic): void => {
    const stored: StoredDiagnostic = { line: d.line, source: d.source ?? 0, severity: severityOf(d.severity), reason: d.reason, text: d.text.slice(0, 65_536) };
    if (options.strict === true) throw new ParseError(options.sourceNames?.[stored.source] ?? 'trace', d.line, d.reason, d.text);
    writer.insert('diagnostics', { id: null, ...stored });
    if (firstDiagnostics.length < FIRST_FEW) firstDiagnostics.push(stored);
  };
  const takeDiagnostics = (): void => {
    const all = parser.diagnostics;
    for (; diagnosticsSeen < all.length; diagnosticsSeen++) storeDiagnostic(all[diagnosticsSeen] as ParserDiagnostic);
  };

  const applyHead = (): void => {
    const at = applying.head;
    if (at >= applying.end) return;
    const event = applyQueue[at] as VmEvent;
    const rawText = applying.raws[at] as TextSource;
    const json = applying.jsons[at];
    const spans = applying.spans;
    const s = 4 * at;
    const rawFrom = spans[s] as number;
    const rawTo = spans[s + 1] as number;
    const jsonFrom = spans[s + 2] as number;
    const jsonTo = spans[s + 3] as number;
    applying.head = at + 1;
    // Events come in many shapes: each property read of one is a generic lookup, so each field is read once.
    const step = event.step;
    const pid = event.pid;
    const before = replay.procOfPid(pid);
    // The LOOKAHEAD followers, as a window of the queue (apply() reads it only during the call).
    const effect = replay.apply(event, applyQueue, at + 1, Math.min(applying.end, at + 1 + LOOKAHEAD));
    applying.compact();
    const procId = before ?? replay.procOfPid(pid);
    // The events row (as eventRow makes it), its columns passed straight to the writer, its texts as they came.
    writer.insertEventSpans(step, pid, procId ?? null, effect.space ?? null, effect.changed ? 1 : 0, json ?? eventText(event), jsonFrom, jsonTo, rawText, rawFrom, rawTo, effect.touched);
    if (event.kind === 'execve') {
      if (event.result.kind === 'ok') command ??= event.argv.join(' ');
      if (event.layout !== undefined) writer.insert('layouts', { step, layout: JSON.stringify(event.layout) });
    }
    // (An index loop: for…of takes the iterator's slow path on the shared empty list of nearly every event.)
    const found = effect.anomalies;
    for (let i = 0; i < found.length; i++) {
      const a = found[i] as (typeof found)[number];
      writer.insert('anomalies', { step: a.step, message: a.message });
      anomalies++;
      if (firstAnomalies.length < FIRST_FEW) firstAnomalies.push({ step: a.step, message: a.message });
    }
    if (step % every === 0) writer.insert('checkpoints', { step, state: replay.save() });
    options.onEvent?.({ event, effect });
  };

  const moveToApply = (): void => {
    while (applying.end - applying.head > LOOKAHEAD) applyHead();
  };
  // A hot call from the worker's records (an mmap without a file, munmap, mprotect, mremap, brk): enrichment
  // never changes one (no file to stat, no layout), so enqueue's checks are skipped.
  const enqueueHot = (event: VmEvent, raw: ArrayBufferLike, rawFrom: number, rawTo: number, json: ArrayBufferLike, jsonFrom: number, jsonTo: number): void => {
    if (enrich.size === 0) {
      applying.push(event, raw, rawFrom, rawTo, json, jsonFrom, jsonTo);
      moveToApply();
    } else enrich.push(event, raw, rawFrom, rawTo, json, jsonFrom, jsonTo);
  };
  const enqueue = (parsed: VmEvent, raw: TextSource, rawFrom: number, rawTo: number, json: TextSource | undefined, jsonFrom: number, jsonTo: number): void => {
    noteTime(parsed.time ?? NaN);
    const event = withFileIdentity(parsed, files);
    const kept = event === parsed ? json : undefined;
    // Nothing waits for a layout (the usual case): straight to stage B, as drainEnrich would move it.
    if (enrich.size === 0 && !needsLayout(event)) {
      applying.push(event, raw, rawFrom, rawTo, kept, jsonFrom, jsonTo);
      moveToApply();
    } else enrich.push(event, raw, rawFrom, rawTo, kept, jsonFrom, jsonTo);
  };

  // Moves events from stage A to B; an execve needing a layout waits for `window` followers unless `final`.
  const drainEnrich = (final: boolean): void => {
    const queued = enrich.events;
    while (enrich.head < enrich.end) {
      const at = enrich.head;
      const head = queued[at] as VmEvent;
      if (needsLayout(head)) {
        if (!final && enrich.end - at <= window) break;
        enrich.head = at + 1;
        const laid = withLayout(head, queued.slice(at + 1, Math.min(enrich.end, at + 1 + window)), layoutFor);
        applying.pushFrom(enrich, at, laid, laid === head);
      } else {
        enrich.head = at + 1;
        applying.pushFrom(enrich, at, head, true);
      }
      moveToApply();
    }
    enrich.compact();
  };

  const accept = (events: readonly VmEvent[]): void => {
    for (const e of events) enqueue(e, raw.rawOf(e.line, e.source ?? 0, e.entryLine), 0, 0, undefined, 0, 0);
    drainEnrich(false);
  };

  const acceptBatches = (batches: readonly PoolBatch[]): void => {
    for (const b of batches) {
      if (b.json.length > 0 && (b.hot === undefined || b.texts === undefined)) throw new Error('parse worker: a batch of events without their records');
      const rec = b.hot as Float64Array;
      const { bytes, ends } = b.texts ?? NO_TEXTS;
      const raws = b.raws;
      const rawEnds = raws.ends;
      // Each text as bytes [from, to) of its batch's buffer, to the block as they are (event-queue.ts).
      const buffer = bytes.buffer;
      const base = bytes.byteOffset;
      const rawBuffer = raws.bytes.buffer;
      const rawBase = raws.bytes.byteOffset;
      const json = b.json;
      let from = 0;
      let rawFrom = 0;
      for (let i = 0; i < json.length; i++) {
        // A hot call's text as bytes (its json entry is empty), any other as a string.
        const to = ends[i] as number;
        const rawTo = rawEnds[i] as number;
        // The hot calls come as numbers (no parsing on this, the busier thread); the rest from their stored text.
        const hot = decodeHot(rec, i);
        if (hot !== undefined && to > from) {
          noteTime(timeOf(rec, i));
          enqueueHot(hot, rawBuffer, rawBase + rawFrom, rawBase + rawTo, buffer, base + from, base + to);
        } else {
          // (A text comes with a record only: never read here, the writer may hand its buffer to its thread.)
          const stored = json[i] as string;
          enqueue(hot ?? eventFromText(stored, stepOf(rec, i), pidOf(rec, i)), rawBuffer, rawBase + rawFrom, rawBase + rawTo, stored, 0, 0);
        }
        rawFrom = rawTo;
        from = to;
      }
      drainEnrich(false);
      for (const d of b.diagnostics) {
        diagnosticsSeen++;
        storeDiagnostic(d);
      }
      if (b.info !== undefined) poolInfo = b.info;
      if (b.counts !== undefined) poolCounts = b.counts;
    }
  };

  return {
    push(text, lineNo, source = 0) {
      lines++;
      if (pool !== undefined) {
        acceptBatches(pool.push(text, lineNo, source));
        return;
      }
      raw.add(text, lineNo, source);
      accept(parser.push(text, lineNo, source));
      takeDiagnostics();
    },
    readFiles(paths) {
      if (pool === undefined) return false;
      for (const b of pool.readFiles(paths, 0)) {
        lines += b.lines ?? 0;
        acceptBatches([b]);
      }
      return true;
    },
    diagnostic(d) {
      extraDiagnostics++;
      storeDiagnostic(d);
    },
    flush() {
      writer.flush();
    },
    get steps() {
      return replay.step;
    },
    capture(c) {
      writer.insert('captures', { id: null, pid: c.pid, proc_id: c.procId ?? null, step: c.step, kind: c.kind, text: c.text });
    },
    end(): IngestSummary {
      if (pool === undefined) {
        accept(parser.end());
        takeDiagnostics();
      } else acceptBatches(pool.end());
      drainEnrich(true);
      while (applying.head < applying.end) applyHead();
      const processes = replay.processes();
      for (const p of processes) {
        writer.insert('processes', {
          proc_id: p.procId,
          pid: p.pid,
          parent: p.parent ?? null,
          leader: p.leader,
          first_step: p.firstStep,
          end_step: p.endStep ?? null,
          view: JSON.stringify(p),
        });
      }
      const parserInfo = pool === undefined ? parser.info : poolInfo;
      const counts = pool === undefined ? parser.counts : poolCounts;
      writeFinalMeta(writer, { parserInfo, counts, options: { ...options, command }, lines, firstTime: absent(times[0] as number), lastTime: absent(times[1] as number), steps: replay.step });
      return {
        steps: replay.step,
        lines,
        processes: processes.length,
        diagnostics: diagnosticsSeen + extraDiagnostics,
        firstDiagnostics,
        anomalies,
        firstAnomalies,
        counts,
      };
    },
  };
}
