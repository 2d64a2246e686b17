// ReplayCursor against a DB that grows while it reads (a live `run`).
import { describe, expect, it } from 'vitest';

describe('ReplayCursor read-ahead', () => {
  it('sees events added after it read to the end (a live run DB grows)', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { createIngest } = await import('../../src/ingest/ingest.js');
    const { TraceDb } = await import('../../src/store/trace-db.js');
    const lines = readFileSync(join(import.meta.dirname, '..', '..', 'traces', 'threads', 'trace.strace'), 'utf8').split('\n').filter((l) => l !== '');
    const db = new Database(':memory:');
    const ingest = createIngest(db, { checkpointEvery: 1e9, fileInfo: () => undefined, layoutFor: () => undefined });
    lines.forEach((t, i) => ingest.push(t, i + 1));
    ingest.end();
    const full = TraceDb.fromHandle(db);
    // The space changed most often; a step where its maps differ from 10 steps before.
    const spaces = [...new Set(full.processes().flatMap((p) => p.spaces))];
    const space = spaces.reduce((best, sp) => (full.changedSteps(sp).length > full.changedSteps(best).length ? sp : best), spaces[0] ?? 1);
    const changed = full.changedSteps(space).filter((c) => c > 12 && JSON.stringify(full.regionsAt(c, space)) !== JSON.stringify(full.regionsAt(c - 10, space)));
    const target = changed[Math.floor(changed.length / 2)] ?? 1;
    const cut = target - 10;
    const tail = db.prepare('SELECT * FROM events WHERE step > ? ORDER BY step').all(cut) as Record<string, unknown>[];
    db.prepare('DELETE FROM events WHERE step > ?').run(cut);
    const live = TraceDb.fromHandle(db);
    live.regionsAt(cut - 1, space);
    live.regionsAt(cut, space); // a short move: reads ahead and gets fewer events than it asked for
    const insert = db.prepare(`INSERT INTO events (${Object.keys(tail[0] ?? {}).join(', ')}) VALUES (${Object.keys(tail[0] ?? {}).map((k) => `@${k}`).join(', ')})`);
    for (const row of tail) insert.run(row);
    const regions = TraceDb.fromHandle(db).regionsAt(target, space);
    expect(live.regionsAt(target, space)).toEqual(regions);
    expect(regions).not.toEqual(TraceDb.fromHandle(db).regionsAt(cut, space));
  });
});
