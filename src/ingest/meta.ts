// The meta rows written in the import's last transaction.
import type { TraceWriter } from '../store/writer.js';
import type { IngestOptions } from './types.js';

/** Everything the final meta is made of. */
export interface FinalMeta {
  readonly parserInfo: unknown;
  readonly counts: unknown;
  readonly options: IngestOptions;
  readonly lines: number;
  readonly steps: number;
  readonly firstTime?: number;
  readonly lastTime?: number;
}

const field = (info: unknown, ...names: string[]): unknown => {
  if (typeof info !== 'object' || info === null) return undefined;
  for (const n of names) {
    const v = (info as Record<string, unknown>)[n];
    if (v !== undefined) return v;
  }
  return undefined;
};

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

// Writes meta and marks the DB complete (one transaction, via writer.finish).
export function writeFinalMeta(writer: TraceWriter, m: FinalMeta): void {
  const meta: Record<string, string> = {
    lineCount: String(m.lines),
    stepCount: String(m.steps),
    sources: JSON.stringify(m.options.sources ?? []),
    info: JSON.stringify(m.parserInfo ?? {}),
    counts: JSON.stringify(m.counts ?? {}),
  };
  const flags = field(m.parserInfo, 'flags');
  meta.flags = JSON.stringify(Array.isArray(flags) ? flags : flags === undefined ? [] : Object.entries(flags as object).filter(([, v]) => v === true).map(([k]) => k));
  const optional: Record<string, string | undefined> = {
    command: m.options.command ?? text(field(m.parserInfo, 'command')),
    straceVersion: text(field(m.parserInfo, 'straceVersion', 'versionHint', 'version')),
    personality: text(field(m.parserInfo, 'personality')),
    firstTime: m.firstTime === undefined ? undefined : String(m.firstTime),
    lastTime: m.lastTime === undefined ? undefined : String(m.lastTime),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) meta[k] = v;
  writer.finish({ ...m.options.meta, ...meta });
}
