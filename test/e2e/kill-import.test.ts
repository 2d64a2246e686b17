// kill -9 during an import leaves a DB that is visibly incomplete, and loading again rebuilds it.
import { execa } from 'execa';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTrace } from '../../src/commands/shared-load.js';
import { openExistingDb } from '../../src/store/open-db.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-kill-'));

beforeAll(async () => {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
});

describe('interrupted import', () => {
  it('is marked incomplete after kill -9 and rebuilt by the next load', async () => {
    const db = join(dir, 'killed.db');
    const child = execa(process.execPath, [join(import.meta.dirname, 'fixtures', 'slow-import.mjs'), db], { reject: false });
    // Wait until several batches are committed, then kill it hard.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const size = (() => {
        try {
          return statSync(db).size;
        } catch {
          return 0; // not created yet
        }
      })();
      if (size > 2_000_000) break;
    }
    child.kill('SIGKILL');
    const result = await child;
    expect(result.signal).toBe('SIGKILL');
    expect(statSync(db).size).toBeGreaterThan(2_000_000);
    expect(() => openExistingDb(db)).toThrow(/incomplete import|damaged database/);
    expect(() => TraceDb.open(db, { replay: toyReplayFactory })).toThrow(/incomplete import|damaged database/);

    const trace = join(dir, 't.strace');
    writeFileSync(trace, '7 mmap 0x10000 4096\n');
    await loadTrace(trace, { out: db, ingest: { parser: toyParser(), replay: toyReplayFactory } }); // no --force needed
    const rebuilt = TraceDb.open(db, { replay: toyReplayFactory });
    expect(rebuilt.info()).toMatchObject({ complete: true, stepCount: 1 });
    rebuilt.close();
  });
});
