// Golden views over traces/: ps, maps (first process, last state, every format) and the
// first events, snapshotted as plain text that reviewers read in diffs.
// (Correctness against the kernel is truth.test.ts; these catch unintended changes.)
// dev:inode found by stat'ing this machine's files is masked: a rebuilt scripts/programs/bin/splits or another
// machine must not change a golden view (truth.test.ts checks dev:inode against the kernel).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printEvents } from '../../src/commands/shared-events.js';
import { loadTrace } from '../../src/commands/shared-load.js';
import { renderMaps } from '../../src/commands/shared-maps.js';
import { formatPs, psRows } from '../../src/commands/shared-ps.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { programsDir, programsFileInfo, programsLayoutFor, usesPrograms } from '../helpers/programs.js';

const TRACES = join(import.meta.dirname, '..', '..', 'traces');
const tmp = mkdtempSync(join(tmpdir(), 'vmtrace-golden-'));

interface Meta {
  readonly command: readonly string[];
  readonly traceFiles: readonly string[];
  readonly strace: { readonly output: string };
}

const traces = existsSync(TRACES)
  ? readdirSync(TRACES)
      .filter((n) => existsSync(join(TRACES, n, 'meta.json')))
      .map((name) => ({ name, meta: JSON.parse(readFileSync(join(TRACES, name, 'meta.json'), 'utf8')) as Meta }))
  : [];


// Replaces each non-zero dev:inode by a same-width placeholder (maps) or a marker (json).
function maskIds(text: string): string {
  return text
    .replace(/^([0-9a-f]+-[0-9a-f]+ \S{4} [0-9a-f]{8} )([0-9a-f]+:[0-9a-f]+ [1-9]\d* *)/gm, (_m, head: string, id: string) => `${head}${'DD:DD INODE'.padEnd(id.length)}`)
    .replace(/"dev":"[0-9a-f]+:[0-9a-f]+","inode":[1-9]\d*/g, '"dev":"DD:DD","inode":"INODE"')
    .replace(/\b(dev|inode)=[0-9a-f:]+/g, '$1=…');
}

describe.each(traces)('golden views of traces/$name', ({ name, meta }) => {
  // The exec-time layout is inferred from the traced program's binary: scripts/programs ones are built when gcc is here.
  const noBinary = usesPrograms(meta.command) && programsDir() === undefined;
  it.skipIf(noBinary)(`ps, maps in four formats, first 300 events${noBinary ? ' (skipped: the traced program is not built here and gcc is missing)' : ''}`, async () => {
    const first = meta.traceFiles[0] ?? 'trace.strace';
    const arg = join(TRACES, name, meta.strace.output === 'ff' ? first.replace(/\.\d+$/, '') : first);
    const out = join(tmp, `${name}.db`);
    await loadTrace(arg, { out, force: true, ingest: { layoutFor: programsLayoutFor({ stat: true }), fileInfo: programsFileInfo } });
    const db = TraceDb.open(out);
    try {
      await expect(maskIds(formatPs(psRows(db), false))).toMatchFileSnapshot(`expected/${name}/ps.txt`);
      for (const format of ['maps', 'pmap', 'gdb', 'json'] as const) {
        await expect(maskIds(renderMaps(db, { format }))).toMatchFileSnapshot(`expected/${name}/maps-last.${format}.txt`);
      }
      let events = '';
      printEvents(db, {}, (t) => {
        events += t;
      });
      await expect(maskIds(events.split('\n').slice(0, 300).join('\n'))).toMatchFileSnapshot(`expected/${name}/events-head.txt`);
    } finally {
      db.close();
    }
  });
});
