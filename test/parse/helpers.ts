// Feeds inline lines to a TraceParser and collects everything.
import { TraceParser, type ParserOptions } from '../../src/parse/index.js';
import type { VmEvent } from '../../src/model/events.js';

export function parseAll(lines: readonly string[], options?: ParserOptions): { events: VmEvent[]; parser: TraceParser } {
  const parser = new TraceParser(options);
  const events: VmEvent[] = [];
  lines.forEach((l, i) => events.push(...parser.push(l, i + 1)));
  events.push(...parser.end());
  return { events, parser };
}

// The single event of one line (fails the test otherwise).
export function one(line: string): VmEvent {
  const { events, parser } = parseAll([line]);
  if (events.length !== 1 || parser.diagnostics.length !== 0) throw new Error(`expected one event, got ${events.length} and ${JSON.stringify(parser.diagnostics)}`);
  return events[0] as VmEvent;
}
