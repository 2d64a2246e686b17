// The command library (load, maps, ps) in-process, over the toy parser and replay.
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError, UsageError } from '../../src/errors.js';
import { createWriter } from '../../src/store/writer.js';
import { createDbFile } from '../../src/store/open-db.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { loadTrace } from '../../src/commands/shared-load.js';
import { renderMaps } from '../../src/commands/shared-maps.js';
import { formatLoadSummary } from '../../src/commands/shared-summary.js';
import { formatPs, psRows } from '../../src/commands/shared-ps.js';
import { formatMaps } from '../../src/render/maps.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-cmd-'));
const trace = join(dir, 't.strace');
writeFileSync(trace, ['7 mmap 0x10000 8192 /lib/a.so', 'oops', '7 mmap 0x20000 4096', '7 munmap 0x10000 4096', '7 munmap 0x90000 4096', '8 mmap 0x30000 4096'].join('\n'));
const toy = () => ({ parser: toyParser(), replay: toyReplayFactory, fileInfo: () => undefined });

describe('loadTrace', () => {
  it('writes --out, summarises, and refuses to overwrite a complete DB without --force', async () => {
    const out = join(dir, 'out.db');
    const r = await loadTrace(trace, { out, ingest: toy() });
    expect(r).toMatchObject({ dbPath: out, reused: false });
    const db = TraceDb.open(out, { replay: toyReplayFactory });
    const text = formatLoadSummary(db, out, false);
    db.close();
    expect(text).toContain('events: 5\n');
    expect(text).toContain('lines read: 6');
    expect(text).toContain(`diagnostics: 1\n  ${trace}:2: not a toy line: "oops"\n`);
    expect(text).toContain(`anomalies: 1\n  step 4 (${trace}:5): munmap of nothing\n`);
    await expect(loadTrace(trace, { out, ingest: toy() })).rejects.toThrow(StoreError);
    await expect(loadTrace(trace, { out, force: true, ingest: toy() })).resolves.toMatchObject({ reused: false });
  });

  it('rebuilds an interrupted --out DB without --force', async () => {
    const out = join(dir, 'partial.db');
    const db = createDbFile(out);
    createWriter(db).flush();
    db.close(); // killed before finishing
    expect(() => TraceDb.open(out, { replay: toyReplayFactory })).toThrow(/incomplete import/);
    await loadTrace(trace, { out, ingest: toy() });
    expect(TraceDb.open(out, { replay: toyReplayFactory }).info().complete).toBe(true);
  });

  it('caches by path, size and mtime', async () => {
    const env = { VMTRACE_CACHE_DIR: join(dir, 'cache') };
    const a = await loadTrace(trace, { env, ingest: toy() });
    const b = await loadTrace(trace, { env, ingest: toy() });
    expect(a.reused).toBe(false);
    expect(b).toMatchObject({ reused: true, dbPath: a.dbPath });
    utimesSync(trace, new Date(), new Date(Date.now() + 5000));
    const c = await loadTrace(trace, { env, ingest: toy() });
    expect(c.reused).toBe(false);
    expect(c.dbPath).not.toBe(a.dbPath);
  });
});

describe('renderMaps and ps', () => {
  const out = join(dir, 'maps.db');
  const open = async (): Promise<TraceDb> => {
    await loadTrace(trace, { out, force: true, ingest: toy() });
    return TraceDb.open(out, { replay: toyReplayFactory });
  };

  it('prints maps at a step, at last, and every changed step with headers', async () => {
    const db = await open();
    const at2 = renderMaps(db, { pid: 7, at: '2' });
    expect(at2).toBe(
      formatMaps([
        { start: 0x10000, end: 0x12000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '/lib/a.so' },
        { start: 0x20000, end: 0x21000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '' },
      ]),
    );
    expect(renderMaps(db, { pid: 7 })).toBe(renderMaps(db, { pid: 7, at: '5' }));
    const all = renderMaps(db, { pid: 7, at: 'all' });
    expect(all.match(/^# step \d+$/gm)).toEqual(['# step 1', '# step 2', '# step 3']);
    const range = renderMaps(db, { pid: 7, at: '1..2', format: 'pmap' });
    expect(range).toMatch(/^# step 1\n7:   \n0000000000010000      8K rw--- a.so\n total                8K\n# step 2\n/);
    const json = renderMaps(db, { pid: 8, at: '4', format: 'json' }).trim().split('\n').map((l) => JSON.parse(l) as { step: number; regions: unknown[]; anomalies: string[] });
    expect(json).toEqual([{ step: 4, pid: 8, procId: 8, anomalies: ['munmap of nothing'], regions: [] }]);
    db.close();
  });

  it('names the bad --pid and --at', async () => {
    const db = await open();
    expect(() => renderMaps(db, { pid: 99, dbName: 'x.db' })).toThrow(new UsageError('--pid 99: no such pid in x.db'));
    expect(() => renderMaps(db, { at: '9..1' })).toThrow(/range start is after its end/);
    expect(() => renderMaps(db, { at: '500' })).toThrow(/the trace has 5 steps/);
    db.close();
  });

  it('lists processes', async () => {
    const db = await open();
    const rows = psRows(db);
    expect(rows.map((r) => r.pid)).toEqual([7, 8]);
    expect(formatPs(rows, false).split('\n')[0]).toMatch(/^\s+PID\s+PPID\s+THR\s+SPACES\s+EXIT\s+IMAGES$/);
    db.close();
  });
});
