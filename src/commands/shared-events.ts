// `vmtrace events`: the event log, one line (or JSON object) per step, streamed in chunks.
import type { TraceDb } from '../store/trace-db.js';
import type { StoredEvent } from '../store/types.js';

const CHUNK = 10_000;

// One text line per event (`*` marks steps that changed maps), then its anomalies.
export function formatEventText(e: StoredEvent): string {
  const head = `${String(e.step).padStart(7)} ${String(e.pid).padStart(7)} ${e.changed ? '*' : ' '} ${e.raw.replace(/\n/g, ' ⏎ ')}\n`;
  return head + e.anomalies.map((a) => `${' '.repeat(17)}! ${a}\n`).join('');
}

// One JSON line per event.
export function formatEventJson(e: StoredEvent): string {
  return `${JSON.stringify({
    step: e.step,
    pid: e.pid,
    procId: e.procId,
    spaceId: e.spaceId,
    time: e.time,
    kind: e.kind,
    syscall: e.syscall,
    line: e.line,
    source: e.source,
    changed: e.changed,
    anomalies: e.anomalies,
    raw: e.raw,
    event: e.event,
  })}\n`;
}

// Writes every event (of one pid, if given) through `write`.
export function printEvents(db: TraceDb, options: { pid?: number; json?: boolean }, write: (text: string) => void): number {
  const total = db.stepCount();
  let printed = 0;
  for (let from = 1; from <= total; from += CHUNK) {
    const events = db.events(from, Math.min(total, from + CHUNK - 1), options.pid === undefined ? undefined : { pid: options.pid });
    write(events.map(options.json === true ? formatEventJson : formatEventText).join(''));
    printed += events.length;
  }
  return printed;
}
