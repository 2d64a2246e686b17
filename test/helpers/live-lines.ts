// A live import fed trace lines the way the reader thread sends them: the bytes up to the end of `cutAfter` (a partial
// line, as strace leaves exit_group's while it holds the tracee), then `capture`, then the rest. Returns the DB path
// and the import's capture tally.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveImport, type CaptureStats } from '../../src/record/live-import.js';
import type { ProcCapture } from '../../src/record/proc-capture.js';
import { createDbFile } from '../../src/store/open-db.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-live-lines-'));
let n = 0;

export function importLines(lines: readonly string[], cutAfter: string, capture: ProcCapture): { path: string; stats: CaptureStats } {
  const path = join(dir, `l${++n}.db`);
  const db = createDbFile(path, { force: true });
  const live = createLiveImport(db, { command: 'test' });
  const text = `${lines.join('\n')}\n`;
  const cut = text.indexOf(cutAfter) + cutAfter.length;
  live.handle({ type: 'data', chunk: Buffer.from(text.slice(0, cut)) });
  live.handle({ type: 'capture', capture });
  live.handle({ type: 'data', chunk: Buffer.from(text.slice(cut)) });
  live.end();
  const stats = { ...live.stats };
  db.close();
  return { path, stats };
}
