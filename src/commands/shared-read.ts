// Feeds every line of a resolved trace into an ingest.
import { readLines } from '../input/read-lines.js';
import type { ResolvedTrace } from '../input/resolve.js';
import type { Ingest } from '../ingest/types.js';
import { mergePerPidStreams } from '../parse/index.js';

// A single file streams line by line (read by the parse worker when there is one); a -ff set is merged by
// timestamp first (src/parse).
export async function feedTrace(trace: ResolvedTrace, ingest: Ingest): Promise<void> {
  if (trace.kind === 'single') {
    // A batch import reads the file on the parse worker: the main thread only replays and writes.
    if (ingest.readFiles(trace.files.map((f) => f.path))) return;
    for (const [source, file] of trace.files.entries()) {
      for await (const line of readLines(file.path)) ingest.push(line.text, line.lineNo, source);
    }
    return;
  }
  const streams: { pid: number; lines: string[] }[] = [];
  for (const file of trace.files) {
    const lines: string[] = [];
    for await (const line of readLines(file.path)) lines.push(line.text);
    streams.push({ pid: file.pid ?? 0, lines });
  }
  const merged = mergePerPidStreams(streams);
  for (const d of merged.diagnostics) ingest.diagnostic(d);
  for (const line of merged.lines) ingest.push(line.text, line.lineNo, line.source);
}
