// The worker-thread parser (dist/ only: the worker runs compiled JS) writes exactly the DB
// the in-thread parser writes, over real traces, damaged input and an -ff-style source.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL_TRACE_BYTES } from '../../src/ingest/small-trace.js';
import { decodeSteps } from '../../src/store/step-lists.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'ingest', 'ingest.js');
const built = existsSync(join(ROOT, 'dist', 'ingest', 'parse-worker.js'));
// WITHOUT ROWID tables in key order; the events view (no rowid) by step.
const ORDER: Record<string, string> = { step_lists: 'ORDER BY kind, key, first_step', proc_spaces: 'ORDER BY proc_id, step', events: 'ORDER BY step' };

// A table's rows; the step lists as whole lists (where they are cut depends on when the writer commits,
// which differs between the two ways of parsing: diagnostics go in per batch from the worker).
function rowsOf(db: Database.Database, t: string): unknown[] {
  const rows = db.prepare(`SELECT * FROM ${t} ${ORDER[t] ?? 'ORDER BY rowid'}`).all();
  if (t !== 'step_lists') return rows;
  const lists = new Map<string, number[]>();
  for (const r of rows as { kind: string; key: number; first_step: number; steps: Uint8Array }[]) {
    const name = `${r.kind} ${r.key}`;
    const list = lists.get(name) ?? [];
    decodeSteps(r.first_step, r.steps, 0, Number.MAX_SAFE_INTEGER, list);
    lists.set(name, list);
  }
  return [...lists];
}
// Threads of this process started since `since` (ids, not a count: an earlier test's worker may end meanwhile).
const taskIds = (): Set<string> => new Set(readdirSync('/proc/self/task'));
const startedSince = (since: Set<string>): number => [...taskIds()].filter((t) => !since.has(t)).length;

const TABLES = ['events', 'diagnostics', 'anomalies', 'processes', 'checkpoints', 'layouts', 'files', 'step_lists', 'proc_spaces'];

interface DistIngest {
  createIngest(
    db: Database.Database,
    options?: Record<string, unknown>,
  ): { push(t: string, n: number, s?: number): void; readFiles(paths: readonly string[]): boolean; end(): { steps: number; lines: number; diagnostics: number; counts?: unknown } };
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
    out.push(Object.fromEntries(TABLES.map((t) => [t, rowsOf(db, t)])));
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
      // Failed calls: stored as arrays, but not carried as numbers from the worker.
      if (i % 101 === 0) lines.push(`101 mremap(0x${a}, 4096, 8192, MREMAP_MAYMOVE) = -1 EFAULT (Bad address)`, `102 munmap(0x${a}, 4096) = -1 EINVAL (Invalid argument)`);
      // Raw lines beyond ASCII (sent as UTF-8 bytes).
      if (i % 499 === 0) lines.push(`103 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</tmp/\u00e9\u20ac\u{1F600}.so>, 0) = 0x${a}`);
    }
    const { pool, inline, summaries } = await importBoth(lines);
    expect((pool.diagnostics ?? []).length).toBeGreaterThan(0);
    expect((pool.events ?? []).filter((r) => /^\["(mremap|munmap)",.*"E(FAULT|INVAL)"/.test((r as { event: string }).event)).length).toBe(2 * 50);
    expect((pool.events ?? []).filter((r) => (r as { raw: string }).raw.includes('/tmp/\u00e9\u20ac\u{1F600}.so')).length).toBe(11);
    expect(pool).toEqual(inline);
    expect(summaries[0]).toEqual(summaries[1]);
  });

  // The worker reading the file itself (what `load` does) against this thread pushing the same lines.
  async function readBoth(path: string): Promise<{ pool: Record<string, unknown[]>; inline: Record<string, unknown[]>; summaries: unknown[]; handled: boolean }> {
    const { createIngest } = (await import(DIST)) as DistIngest;
    const { TraceParser } = (await import(join(ROOT, 'dist', 'parse', 'index.js'))) as DistParse;
    const { eachLineSync } = (await import(join(ROOT, 'dist', 'input', 'read-lines.js'))) as { eachLineSync(p: string, sink: (text: string, lineNo: number) => void): void };
    const out: Record<string, unknown[]>[] = [];
    const summaries: unknown[] = [];
    let handled = false;
    for (const parser of [undefined, new TraceParser()]) {
      const db = new Database(':memory:');
      const ingest = createIngest(db, parser === undefined ? {} : { parser });
      if (parser === undefined) handled = ingest.readFiles([path]);
      else {
        expect(ingest.readFiles([path])).toBe(false); // no worker: the caller pushes
        eachLineSync(path, (text, lineNo) => ingest.push(text, lineNo, 0));
      }
      summaries.push(ingest.end());
      out.push(Object.fromEntries(TABLES.map((t) => [t, rowsOf(db, t)])));
      db.close();
    }
    return { pool: out[0] ?? {}, inline: out[1] ?? {}, summaries, handled };
  }

  it('reads whole files on the worker with the same rows, line count and summary (traces/threads)', async () => {
    const { pool, inline, summaries, handled } = await readBoth(join(ROOT, 'traces', 'threads', 'trace.strace'));
    expect(handled).toBe(true);
    expect((pool.events ?? []).length).toBeGreaterThan(10);
    expect(pool).toEqual(inline);
    expect(summaries[0]).toEqual(summaries[1]);
  });

  it('takes the worker warmParseWorker started (which waits for its setup) with the same rows (traces/forks)', async () => {
    const { warmParseWorker } = (await import(join(ROOT, 'dist', 'ingest', 'parse-worker-url.js'))) as { warmParseWorker(): void };
    const before = taskIds();
    warmParseWorker();
    expect(startedSince(before)).toBe(1);
    await new Promise((r) => setTimeout(r, 100)); // booted and waiting: its setup (port, source pids) comes later
    const { createIngest } = (await import(DIST)) as DistIngest;
    const db = new Database(':memory:');
    const warm = taskIds();
    const ingest = createIngest(db, {});
    expect(startedSince(warm)).toBe(0);
    expect(ingest.readFiles([join(ROOT, 'traces', 'forks', 'trace.strace')])).toBe(true);
    ingest.end();
    const rows = Object.fromEntries(TABLES.map((t) => [t, rowsOf(db, t)]));
    db.close();
    const { pool, inline } = await readBoth(join(ROOT, 'traces', 'forks', 'trace.strace'));
    expect((rows.events ?? []).length).toBeGreaterThan(10);
    expect(rows).toEqual(pool);
    expect(rows).toEqual(inline);
  });

  // What `vmtrace load FILE --out DB` does: cli.ts starts reading FILE before the import exists (early-read.ts).
  const importAfterEarlyRead = async (early: string, path: string): Promise<{ rows: Record<string, unknown[]>; threadsAdded: number }> => {
    const { readTraceEarly } = (await import(join(ROOT, 'dist', 'ingest', 'early-read.js'))) as { readTraceEarly(argv: readonly string[]): void };
    readTraceEarly(['load', early, '--out', '/nonexistent/x.db', '--force']);
    await new Promise((r) => setTimeout(r, 100)); // the worker reads and parses meanwhile
    const { createIngest } = (await import(DIST)) as DistIngest;
    const db = new Database(':memory:');
    const before = taskIds();
    // As loadTrace calls it: the sources' names and pids.
    const ingest = createIngest(db, { sourceNames: [path], sourcePids: [undefined] });
    const threadsAdded = startedSince(before);
    expect(ingest.readFiles([path])).toBe(true);
    ingest.end();
    const rows = Object.fromEntries(TABLES.map((t) => [t, rowsOf(db, t)]));
    db.close();
    return { rows, threadsAdded };
  };

  // traces/forks, then enough of its first pid's mmap/munmap pairs to make a trace over SMALL_TRACE_BYTES (a smaller
  // one is imported on the main thread alone: nothing starts early).
  const bigForks = (): string => {
    const text = readFileSync(join(ROOT, 'traces', 'forks', 'trace.strace'), 'utf8');
    const pid = /^(\d+)/.exec(text)?.[1] ?? '1';
    const filler: string[] = [];
    for (let i = 0; i < 16_000; i++) {
      const a = (0x7e0000000000 + (i % 3000) * 0x2000).toString(16);
      filler.push(`${pid} mmap(0x${a}, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x${a}`, `${pid} munmap(0x${a}, 4096) = 0`);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-pool-')), 'big-forks.strace');
    writeFileSync(path, `${text}${filler.join('\n')}\n`);
    expect(statSync(path).size).toBeGreaterThan(SMALL_TRACE_BYTES);
    return path;
  };

  it('starts no thread for a small trace (imported on the main thread alone: ingest/small-trace.ts)', async () => {
    const { readTraceEarly } = (await import(join(ROOT, 'dist', 'ingest', 'early-read.js'))) as { readTraceEarly(argv: readonly string[]): void };
    const path = join(ROOT, 'traces', 'forks', 'trace.strace');
    expect(statSync(path).size).toBeLessThanOrEqual(SMALL_TRACE_BYTES);
    const before = taskIds();
    readTraceEarly(['load', path, '--out', '/nonexistent/x.db', '--force']);
    await new Promise((r) => setTimeout(r, 100));
    expect(startedSince(before)).toBe(0);
  });

  it('takes the pool that started reading the file before the import (load FILE --out), with the same rows (a large trace)', async () => {
    const path = bigForks();
    const { rows, threadsAdded } = await importAfterEarlyRead(path, path);
    expect(threadsAdded).toBe(0); // no new worker: the early one is taken
    const { inline } = await readBoth(path);
    expect((rows.events ?? []).length).toBeGreaterThan(10);
    expect(rows).toEqual(inline);
  });

  it('stops a pool that started reading another file, and imports its own file (traces/threads after a large trace)', async () => {
    const path = join(ROOT, 'traces', 'threads', 'trace.strace');
    const { rows } = await importAfterEarlyRead(bigForks(), path);
    const { inline } = await readBoth(path);
    expect((rows.events ?? []).length).toBeGreaterThan(10);
    expect(rows).toEqual(inline);
  });

  it('reads a file of 40,000 lines (many more batches than may be in flight), CRLF and a last line without newline', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = (0x7f0000000000 + (i % 4000) * 0x2000).toString(16);
      lines.push(`200 mmap(0x${a}, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x${a}${i % 3 === 0 ? '\r' : ''}`);
      lines.push(i % 4999 === 0 ? '\u0000garbage' : `200 munmap(0x${a}, 4096) = 0`);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-pool-')), 'big.strace');
    writeFileSync(path, lines.join('\n')); // no final newline
    const { pool, inline, summaries } = await readBoth(path);
    expect((summaries[0] as { lines: number }).lines).toBe(40_000);
    expect((pool.diagnostics ?? []).length).toBe(5);
    expect(pool).toEqual(inline);
    expect(summaries[0]).toEqual(summaries[1]);
  });

  it('--strict stops at the first diagnostic while the worker is still reading (the worker is let go)', async () => {
    const { createIngest } = (await import(DIST)) as DistIngest;
    const lines = Array.from({ length: 60_000 }, (_, i) => (i === 2 ? 'garbage line' : `300 munmap(0x7f${(i % 4096).toString(16).padStart(4, '0')}000, 4096) = 0`));
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-pool-')), 'strict.strace');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const db = new Database(':memory:');
    const ingest = createIngest(db, { strict: true, sourceNames: [path] });
    expect(() => ingest.readFiles([path])).toThrow(/strict\.strace:3/);
    db.close();
  });

  it('names a file the worker cannot read', async () => {
    const { createIngest } = (await import(DIST)) as DistIngest;
    const db = new Database(':memory:');
    const ingest = createIngest(db, {});
    expect(() => ingest.readFiles([join(ROOT, 'no-such-trace.strace')])).toThrow(/no-such-trace\.strace: cannot read/);
    db.close();
  });
});
