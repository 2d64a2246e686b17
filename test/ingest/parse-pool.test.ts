// The worker-thread parser (dist/ only: the worker runs compiled JS) writes exactly the DB
// the in-thread parser writes, over real traces, damaged input and an -ff-style source.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'ingest', 'ingest.js');
const built = existsSync(join(ROOT, 'dist', 'ingest', 'parse-worker.js'));
const TABLES = ['events', 'diagnostics', 'anomalies', 'processes', 'checkpoints', 'layouts', 'files'];

interface DistIngest {
  createIngest(db: Database.Database, options?: Record<string, unknown>): { push(t: string, n: number, s?: number): void; end(): { steps: number; diagnostics: number; counts?: unknown } };
}
interface DistParse {
  TraceParser: new () => unknown;
}

async function importBoth(lines: readonly string[]): Promise<{ pool: Record<string, unknown[]>; inline: Record<string, unknown[]>; summaries: unknown[] }> {
  const { createIngest } = (await import(DIST)) as DistIngest;
  const { TraceParser } = (await import(join(ROOT, 'dist', 'parse', 'index.js'))) as DistParse;
  const out: Record<string, unknown[]>[] = [];
  const summaries: unknown[] = [];
  for (const parser of [undefined, new TraceParser()]) {
    const db = new Database(':memory:');
    // An explicit parser keeps parsing on this thread; none starts the worker.
    const ingest = createIngest(db, parser === undefined ? {} : { parser });
    lines.forEach((l, i) => ingest.push(l, i + 1, 0));
    summaries.push(ingest.end());
    out.push(Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()])));
    db.close();
  }
  return { pool: out[0] ?? {}, inline: out[1] ?? {}, summaries };
}

describe.skipIf(!built)(`parse worker${built ? '' : ' (skipped: needs npm run build, the worker runs from dist/)'}`, () => {
  for (const name of ['threads', 'forks', 'cat']) {
    it(`writes the same rows as the in-thread parser: traces/${name}`, async () => {
      const lines = readFileSync(join(ROOT, 'traces', name, 'trace.strace'), 'utf8').split('\n');
      const { pool, inline, summaries } = await importBoth(lines);
      expect((pool.events ?? []).length).toBeGreaterThan(10);
      expect(pool).toEqual(inline);
      expect(summaries[0]).toEqual(summaries[1]);
    });
  }

  it('keeps diagnostics and unfinished calls across batch boundaries (10,000 lines)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const a = (0x7f0000000000 + i * 0x2000).toString(16);
      lines.push(`100 mmap(0x${a}, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0 <unfinished ...>`);
      lines.push(i % 997 === 0 ? 'not a strace line' : `101 munmap(0x${a}, 4096) = 0`);
      if (i % 2 === 1) lines.push(`100 <... mmap resumed>) = 0x${a}`);
    }
    const { pool, inline, summaries } = await importBoth(lines);
    expect((pool.diagnostics ?? []).length).toBeGreaterThan(0);
    expect(pool).toEqual(inline);
    expect(summaries[0]).toEqual(summaries[1]);
  });
});
