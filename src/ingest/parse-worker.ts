// Worker-thread entry of the parse pool: strace lines in (batches), parsed events out as JSON
// with their raw text and the new diagnostics. Runs the same TraceParser and RawLines the
// in-thread pipeline uses, so the output is identical; only where it runs differs.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { TraceParser } from '../parse/index.js';
import { RawLines } from './raw-lines.js';
import type { PoolBatch, PoolInput, PoolSetup } from './parse-pool.js';

const setup = workerData as PoolSetup;
const out = setup.port as MessagePort;
const signal = new Int32Array(setup.signal);
const parser = new TraceParser({
  ...(setup.sourcePids === undefined ? {} : { sourcePids: setup.sourcePids }),
  ...(setup.defaultPid === undefined ? {} : { defaultPid: setup.defaultPid }),
});
const raw = new RawLines();
let diagnosticsSeen = 0;

const post = (batch: PoolBatch): void => {
  out.postMessage(batch);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

parentPort?.on('message', (input: PoolInput) => {
  try {
    const json: string[] = [];
    const raws: string[] = [];
    const take = (events: readonly { readonly line: number; readonly source?: number; readonly entryLine?: number }[]): void => {
      for (const e of events) {
        raws.push(raw.rawOf(e.line, e.source ?? 0, e.entryLine));
        json.push(JSON.stringify(e));
      }
    };
    const { texts, lineNos, sources } = input;
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i] as string;
      const lineNo = lineNos[i] as number;
      const source = sources[i] as number;
      raw.add(text, lineNo, source);
      take(parser.push(text, lineNo, source));
    }
    if (input.end) take(parser.end());
    const diagnostics = parser.diagnostics.slice(diagnosticsSeen).map((d) => ({ line: d.line, source: d.source, severity: d.severity, reason: d.reason, text: d.text }));
    diagnosticsSeen = parser.diagnostics.length;
    post({ json, raws, diagnostics, ...(input.end ? { info: parser.info, counts: parser.counts } : {}) });
  } catch (error) {
    post({ json: [], raws: [], diagnostics: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
