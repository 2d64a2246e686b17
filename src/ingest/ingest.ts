// The streaming import shared by `load` and the live `run`:
// parser → enrichment window → replay (effects, anomalies) → batched writer, checkpoints every K steps.
import type Database from 'better-sqlite3';
import { ParseError } from '../errors.js';
import type { VmEvent } from '../model/events.js';
import { LOOKAHEAD, type Replay } from '../model/types.js';
import { defaultReplayFactory } from '../store/default-replay.js';
import type { StoredDiagnostic } from '../store/types.js';
import { createWriter } from '../store/writer.js';
import { defaultFileInfo, defaultLayoutFor, defaultParser } from './defaults.js';
import { FileInfoCache, needsLayout, withFileIdentity, withLayout } from './enrich.js';
import { createParsePool, type PoolBatch } from './parse-pool.js';
import { RawLines } from './raw-lines.js';
import { eventRow } from './rows.js';
import { writeFinalMeta } from './meta.js';
import type { Ingest, IngestOptions, IngestSummary, ParserDiagnostic } from './types.js';

/** Steps between replay checkpoints. */
export const CHECKPOINT_EVERY = 2000;
/** Events kept after a successful execve for exec-layout inference. */
export const LAYOUT_WINDOW = 4096;
const FIRST_FEW = 5;

const severityOf = (s: string | undefined): StoredDiagnostic['severity'] => (s === 'warning' || s === 'info' ? s : 'error');

// Starts an import into a fresh DB handle (see store/createDbFile).
export function createIngest(db: Database.Database, options: IngestOptions = {}): Ingest {
  // The default parser runs on a worker thread for a batch import; a live one (`run`: onEvent, live readers)
  // parses in-thread so that every event is applied as soon as its line arrives.
  const batch = options.parser === undefined && options.live !== true && options.onEvent === undefined;
  const pool = batch ? createParsePool(options.sourcePids, options.defaultPid) : undefined;
  const parser = options.parser ?? defaultParser(options.sourcePids, options.defaultPid);
  let poolInfo: unknown;
  let poolCounts: unknown;
  const replay: Replay = (options.replay ?? defaultReplayFactory()).create();
  const layoutFor = options.layoutFor ?? defaultLayoutFor();
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const window = options.layoutWindow ?? LAYOUT_WINDOW;
  const writer = createWriter(db, { live: options.live });
  const raw = new RawLines();
  const files = new FileInfoCache(options.fileInfo ?? defaultFileInfo, (path, id) => writer.insert('files', { path, ...id }));
  const enrichQueue: VmEvent[] = []; // stage A: waiting for layout inference
  const applyQueue: VmEvent[] = []; // stage B: waiting for LOOKAHEAD followers
  const applyRaw: string[] = []; // raw text of each applyQueue entry
  const rawByStep = new Map<number, string>();
  const jsonOf = new WeakMap<VmEvent, string>(); // events from the worker come with their JSON
  let lines = 0;
  let diagnosticsSeen = 0;
  let anomalies = 0;
  let firstTime: number | undefined;
  let lastTime: number | undefined;
  const firstDiagnostics: StoredDiagnostic[] = [];
  const firstAnomalies: { step: number; message: string }[] = [];

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
    const event = applyQueue.shift();
    const rawText = applyRaw.shift() ?? '';
    if (event === undefined) return;
    // While streaming the queue holds exactly the LOOKAHEAD followers: pass it as is (no 64-slot copy per
    // event); apply() reads it only during the call and never keeps it.
    const upcoming = applyQueue.length <= LOOKAHEAD ? applyQueue : applyQueue.slice(0, LOOKAHEAD);
    const before = replay.procOfPid(event.pid);
    const effect = replay.apply(event, upcoming);
    const procId = before ?? replay.procOfPid(event.pid);
    writer.insert('events', eventRow(event, effect, procId, rawText, jsonOf.get(event)));
    if (event.kind === 'execve' && event.result.kind === 'ok') command ??= event.argv.join(' ');
    if (event.kind === 'execve' && event.layout !== undefined) writer.insert('layouts', { step: event.step, layout: JSON.stringify(event.layout) });
    for (const a of effect.anomalies) {
      writer.insert('anomalies', { step: a.step, message: a.message });
      anomalies++;
      if (firstAnomalies.length < FIRST_FEW) firstAnomalies.push({ step: a.step, message: a.message });
    }
    if (event.time !== undefined) {
      firstTime ??= event.time;
      lastTime = event.time;
    }
    if (event.step % every === 0) writer.insert('checkpoints', { step: event.step, state: JSON.stringify(replay.save()) });
    options.onEvent?.({ event, effect });
  };

  const moveToApply = (event: VmEvent): void => {
    applyQueue.push(event);
    applyRaw.push(rawByStep.get(event.step) ?? '');
    rawByStep.delete(event.step);
    while (applyQueue.length > LOOKAHEAD) applyHead();
  };

  // Moves events from stage A to B; an execve needing a layout waits for `window` followers unless `final`.
  const drainEnrich = (final: boolean): void => {
    while (enrichQueue.length > 0) {
      const head = enrichQueue[0] as VmEvent;
      if (needsLayout(head)) {
        if (!final && enrichQueue.length <= window) return;
        enrichQueue.shift();
        moveToApply(withLayout(head, enrichQueue.slice(0, window), layoutFor));
      } else {
        enrichQueue.shift();
        moveToApply(head);
      }
    }
  };

  const accept = (events: readonly VmEvent[]): void => {
    for (const e of events) {
      rawByStep.set(e.step, raw.rawOf(e.line, e.source ?? 0, e.entryLine));
      enrichQueue.push(withFileIdentity(e, files));
    }
    drainEnrich(false);
  };

  const acceptBatches = (batches: readonly PoolBatch[]): void => {
    for (const b of batches) {
      const events: VmEvent[] = [];
      for (let i = 0; i < b.json.length; i++) {
        const json = b.json[i] as string;
        const e = JSON.parse(json) as VmEvent;
        jsonOf.set(e, json);
        rawByStep.set(e.step, b.raws[i] ?? '');
        events.push(e);
      }
      for (const e of events) enrichQueue.push(withFileIdentity(e, files));
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
      while (applyQueue.length > 0) applyHead();
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
      writeFinalMeta(writer, { parserInfo, counts, options: { ...options, command }, lines, firstTime, lastTime, steps: replay.step });
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
