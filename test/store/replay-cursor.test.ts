// ReplayCursor against a DB that grows while it reads (a live `run`).
import { describe, expect, it } from 'vitest';

describe('ReplayCursor read-ahead', () => {
  it('sees events added after it read to the end (a live run DB grows)', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { createIngest } = await import('../../src/ingest/ingest.js');
    const { TraceDb } = await import('../../src/store/trace-db.js');
    const { LOOKAHEAD } = await import('../../src/model/types.js');
    const lines = readFileSync(join(import.meta.dirname, '..', '..', 'traces', 'threads', 'trace.strace'), 'utf8').split('\n').filter((l) => l !== '');
    const db = new Database(':memory:');
    const ingest = createIngest(db, { checkpointEvery: 1e9, fileInfo: () => undefined, layoutFor: () => undefined });
    lines.forEach((t, i) => ingest.push(t, i + 1));
    ingest.end();
    const full = TraceDb.fromHandle(db);
    // The space changed most often; a step where its maps differ from 10 steps before (early enough for an import
    // stopped 10 steps before it: the last LOOKAHEAD events wait for their followers).
    const spaces = [...new Set(full.processes().flatMap((p) => p.spaces))];
    const space = spaces.reduce((best, sp) => (full.changedSteps(sp).length > full.changedSteps(best).length ? sp : best), spaces[0] ?? 1);
    const changed = full.changedSteps(space).filter((c) => c > 12 && c <= full.stepCount() - LOOKAHEAD && JSON.stringify(full.regionsAt(c, space)) !== JSON.stringify(full.regionsAt(c - 10, space)));
    const target = changed[Math.floor(changed.length / 2)] ?? 1;
    // The same import again, stopped and committed where it has written about `target - 10` steps.
    const grown = new Database(':memory:');
    const again = createIngest(grown, { checkpointEvery: 1e9, fileInfo: () => undefined, layoutFor: () => undefined });
    let next = 0;
    while (again.steps < target - 10 && next < lines.length) again.push(lines[next] as string, ++next);
    again.flush();
    const live = TraceDb.fromHandle(grown);
    const cut = live.stepCount();
    expect(cut).toBeLessThan(target);
    live.regionsAt(cut - 1, space);
    live.regionsAt(cut, space); // a short move: reads ahead and gets fewer events than it asked for
    while (next < lines.length) again.push(lines[next] as string, ++next);
    again.end();
    const regions = full.regionsAt(target, space);
    expect(live.regionsAt(target, space)).toEqual(regions);
    expect(regions).not.toEqual(full.regionsAt(cut, space));
  });
});
