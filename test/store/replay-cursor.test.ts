// shareWith: a step's region list reuses the objects of the previous list for regions that did not change.
import { describe, expect, it } from 'vitest';
import type { RegionView } from '../../src/model/types.js';
import { shareWith } from '../../src/store/replay-cursor.js';

const region = (start: number, end: number, extra: Partial<RegionView> = {}): RegionView => ({ start, end, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '', ...extra });

describe('shareWith', () => {
  it('reuses equal regions of the previous list, keeps changed and new ones, and equals the fresh list', () => {
    const prev = [region(0x1000, 0x2000), region(0x3000, 0x4000), region(0x5000, 0x6000, { name: '[heap]' }), region(0x7000, 0x8000)];
    const fresh = [
      region(0x1000, 0x2000), // same
      region(0x3000, 0x5000), // grown
      region(0x5000, 0x6000, { name: '[heap]', uncertain: 'guess' }), // same range, now uncertain
      region(0x6000, 0x7000), // new
      region(0x7000, 0x8000, { perms: 'r--p' }), // changed perms
    ];
    const out = shareWith(prev, fresh);
    expect(out).toEqual(fresh);
    expect(out[0]).toBe(prev[0]);
    expect(out.slice(1).some((r) => prev.includes(r))).toBe(false);
    expect(shareWith(undefined, fresh)).toEqual(fresh);
    expect(shareWith(fresh, fresh.map((r) => ({ ...r }))).every((r, i) => r === fresh[i])).toBe(true);
  });
});

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
