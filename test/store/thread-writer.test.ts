// The writer thread (dist/ only: the thread runs compiled JS) writes the file the writer writes on this thread, byte for
// byte, and reports SQLite's failures as SqliteErrors to the writer's caller.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'store', 'writer-thread.js'));

type Range = { start: number; end: number };
type Writer = {
  insert(table: string, row: Record<string, unknown>): void;
  insertEvent(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string, raw: string | Uint8Array, touched: string | null): void;
  insertEventSpans(step: number, pid: number, procId: number | null, spaceId: number | null, changed: number, event: string | ArrayBuffer, ef: number, et: number, raw: string | ArrayBuffer, rf: number, rt: number, touched: readonly Range[]): void;
  flush(): void;
  finish(meta: Record<string, string>): void;
};
interface DistStore {
  createWriter(db: Database.Database): Writer;
}
interface DistThread {
  threadWriter(path: string): Writer | undefined;
}
interface DistIngest {
  createIngest(db: Database.Database, options?: Record<string, unknown>): { readFiles(paths: readonly string[]): boolean; end(): unknown };
}
const load = async () => ({
  ...((await import(join(ROOT, 'dist', 'store', 'writer.js'))) as DistStore),
  ...((await import(join(ROOT, 'dist', 'store', 'thread-writer.js'))) as DistThread),
});
const tempDb = (): string => join(mkdtempSync(join(tmpdir(), 'vmtrace-wt-')), 'x.db');

// Every row of every table, in storage order, and the schema.
function dump(db: Database.Database): Record<string, unknown[]> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return { schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(), ...Object.fromEntries(names.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).raw().all()])) };
}

// Batches of texts as a parse worker sends them: bytes back to back in one buffer per batch, for events and for raws.
function batches(count: number, perBatch: number): { events: ArrayBuffer; raws: ArrayBuffer; spans: [number, number, number, number][] }[] {
  const enc = new TextEncoder();
  const out = [];
  for (let b = 0, step = 1; b < count; b++) {
    const evs: Uint8Array[] = [];
    const raws: Uint8Array[] = [];
    for (let i = 0; i < perBatch; i++, step++) {
      evs.push(enc.encode(`["munmap",null,${step},null,null,0,0,${step * 4096},4096]`));
      // Empty texts, some first in their batch (the span of a new buffer that copies nothing).
      raws.push(enc.encode(step % 50 === 0 || (i === 0 && b % 3 === 1) ? '' : `${100 + (step % 3)} munmap(0x${(step * 4096).toString(16)}, 4096) = 0 é`));
    }
    const pack = (parts: Uint8Array[]): { buffer: ArrayBuffer; ends: number[] } => {
      const buffer = new ArrayBuffer(parts.reduce((n, p) => n + p.length, 3));
      const bytes = new Uint8Array(buffer);
      let at = 3;
      const ends = parts.map((p) => {
        bytes.set(p, at);
        return (at += p.length);
      });
      return { buffer, ends };
    };
    const e = pack(evs);
    const r = pack(raws);
    out.push({ events: e.buffer, raws: r.buffer, spans: e.ends.map((end, i): [number, number, number, number] => [i === 0 ? 3 : (e.ends[i - 1] as number), end, i === 0 ? 3 : (r.ends[i - 1] as number), r.ends[i] as number]) });
  }
  return out;
}

// The same calls to `w`: events from batches of buffers and as strings, in many blocks and commits (more pieces of
// log than the thread takes in flight), rows of other tables between them, an explicit flush.
function feed(w: Writer): void {
  let step = 0;
  for (const b of batches(70, 500)) {
    for (const [ef, et, rf, rt] of b.spans) {
      step++;
      const changed = step % 4 === 0 ? 0 : 1;
      const touched = changed === 0 || step % 9 === 0 ? [] : [{ start: step * 4096, end: step * 4096 + 4096 }, { start: 2 ** 52 + step, end: 2 ** 53 - 1 }].slice(0, 1 + (step % 2));
      const procId = step % 13 === 0 ? null : 1 + (step % 3);
      const spaceId = step > 20_000 ? 2 : 1;
      if (step % 101 === 0) w.insertEvent(step, 100 + (step % 3), procId, spaceId, changed, `{"kind":"generic","n":"${step}é"}`, `raw ${step}`, changed === 0 ? null : JSON.stringify(touched.flatMap((r) => [r.start, r.end])));
      else if (step % 7 === 0) w.insertEventSpans(step, 100 + (step % 3), procId, spaceId, changed, `{"kind":"generic","n":${step}}`, 0, 0, b.raws, rf, rt, touched);
      else w.insertEventSpans(step, 100 + (step % 3), procId, spaceId, changed, b.events, ef, et, b.raws, rf, rt, touched);
      if (step % 1000 === 0) w.insert('checkpoints', { step, state: new Uint8Array([step & 255, 1, 2]) });
      if (step % 7777 === 0) w.insert('anomalies', { step, message: `a${step}` });
      if (step === 12_345) w.flush();
    }
  }
  w.finish({ lineCount: String(step) });
}

describe.skipIf(!built)(`writer thread${built ? '' : ' (skipped: needs npm run build, the thread runs from dist/)'}`, () => {
  it('writes the same rows, blocks and step lists as the writer on this thread', async () => {
    const { createWriter, threadWriter } = await load();
    const here = tempDb();
    const there = tempDb();
    const db = new Database(here);
    feed(createWriter(db));
    db.close();
    const w = threadWriter(there);
    expect(w).toBeDefined();
    feed(w as Writer);
    const a = new Database(here, { readonly: true });
    const b = new Database(there, { readonly: true });
    // (Compared as JSON: a deep diff of ~30 MB of rows takes minutes when they differ.)
    const da = dump(a);
    const dt = dump(b);
    for (const k of Object.keys(da)) expect([k, JSON.stringify(dt[k]) === JSON.stringify(da[k])]).toEqual([k, true]);
    expect(b.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get()).toBe('1');
    expect(b.pragma('page_size', { simple: true })).toBe(16384);
    // The same file, byte for byte: the same SQL in the same transactions.
    a.close();
    b.close();
    expect(readFileSync(there).equals(readFileSync(here))).toBe(true);
  });

  it("throws SQLite's error at the next commit or at finish, and leaves the DB incomplete", async () => {
    const { threadWriter } = await load();
    const path = tempDb();
    const w = threadWriter(path) as Writer;
    w.insert('checkpoints', { step: 5, state: new Uint8Array(1) });
    w.insert('checkpoints', { step: 5, state: new Uint8Array(1) });
    expect(() => {
      w.flush();
      w.finish({});
    }).toThrow(expect.objectContaining({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: expect.stringMatching(/UNIQUE constraint failed: checkpoints\.step/) }));
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get()).toBe('0');
    db.close();
  });

  it('fails as an SqliteError at once when the file cannot be opened', async () => {
    const { threadWriter } = await load();
    expect(() => threadWriter(join(tmpdir(), 'vmtrace-no-such-dir', 'sub', 'x.db'))).toThrow(expect.objectContaining({ name: 'SqliteError', message: expect.stringMatching(/directory does not exist/) }));
  });

  it('has the file marked incomplete when it returns (an import that fails next leaves an incomplete DB)', async () => {
    const { threadWriter } = await load();
    const path = tempDb();
    const w = threadWriter(path) as Writer;
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get()).toBe('0');
    db.close();
    w.finish({});
  });

  it('runs at nice 10, behind the parse worker and the replay (Linux keeps a nice value per thread)', async () => {
    const { threadWriter } = await load();
    // This process's threads and their nice values (field 19 of /proc/self/task/TID/stat).
    const nices = (): Map<string, number> =>
      new Map(
        readdirSync('/proc/self/task').flatMap((t): [string, number][] => {
          try {
            const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
            return [[t, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])]];
          } catch {
            return []; // a thread that ended meanwhile
          }
        }),
      );
    const before = nices();
    expect(getPriority(0)).toBeLessThan(10); // this thread keeps its own
    const w = threadWriter(tempDb()) as Writer; // returns once the thread has made the schema, after lowering itself
    const started = [...nices()].filter(([t]) => !before.has(t));
    expect(started.filter(([, nice]) => nice === 10)).toHaveLength(1);
    expect(getPriority(0)).toBeLessThan(10);
    w.finish({});
  });

  it('takes the thread warmWriterThread started, which waits for its file, and writes the same file', async () => {
    const { createWriter, threadWriter } = await load();
    const { warmWriterThread } = (await import(join(ROOT, 'dist', 'store', 'writer-thread-url.js'))) as { warmWriterThread(): void };
    // Threads that started since `since` (ids, not a count: an earlier test's thread may end meanwhile).
    const tasks = (): Set<string> => new Set(readdirSync('/proc/self/task'));
    const startedSince = (since: Set<string>): number => [...tasks()].filter((t) => !since.has(t)).length;
    const before = tasks();
    warmWriterThread();
    expect(startedSince(before)).toBe(1);
    const here = tempDb();
    const there = tempDb();
    const db = new Database(here);
    feed(createWriter(db));
    db.close();
    const warm = tasks();
    const w = threadWriter(there) as Writer; // the warm thread: none started
    expect(startedSince(warm)).toBe(0);
    feed(w);
    expect(readFileSync(there).equals(readFileSync(here))).toBe(true);
  });

  it('is what a batch import into a file uses: the rows of an import into memory', async () => {
    const { createIngest } = (await import(join(ROOT, 'dist', 'ingest', 'ingest.js'))) as DistIngest;
    const trace = join(ROOT, 'traces', 'threads', 'trace.strace');
    const path = tempDb();
    const out: Record<string, unknown[]>[] = [];
    for (const db of [new Database(':memory:'), new Database(path)]) {
      const ingest = createIngest(db, { sources: [] });
      expect(ingest.readFiles([trace])).toBe(true);
      ingest.end();
      out.push(dump(db));
      db.close();
    }
    expect(out[1]).toEqual(out[0]);
    expect((out[1]?.event_blocks ?? []).length).toBeGreaterThan(0);
  });
});
