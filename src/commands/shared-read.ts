// Feeds every line of a resolved trace into an ingest.
import { readLines } from '../input/read-lines.js';
import type { ResolvedTrace } from '../input/resolve.js';
import type { Ingest } from '../ingest/types.js';

// Pushes the lines of each file in order, tagged with the file's index as `source`.
export async function feedTrace(trace: ResolvedTrace, ingest: Ingest): Promise<void> {
  for (const [source, file] of trace.files.entries()) {
    for await (const line of readLines(file.path)) ingest.push(line.text, line.lineNo, source);
  }
}
