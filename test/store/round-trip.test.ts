// Round trip over real traces: parse → store → TraceDb.regionsAt equals parse → replay, at every step.
// Uses the model's replay when it is wired in, else the toy replay (plumbing only).
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest/ingest.js';
import type { VmEvent } from '../../src/model/events.js';
import { LOOKAHEAD, type RegionView } from '../../src/model/types.js';
import { TraceParser } from '../../src/parse/index.js';
import { defaultReplayFactory } from '../../src/store/default-replay.js';
import { TraceDb } from '../../src/store/trace-db.js';
import type { ReplayFactory } from '../../src/store/types.js';

const TRACES = join(import.meta.dirname, '..', '..', 'traces');
const NAMES = ['cat', 'threads', 'forks', 'splits'].filter((n) => existsSync(join(TRACES, n, 'trace.strace')));

// The model's own replay (the toy one in test/helpers only checks store plumbing elsewhere).
function factory(): ReplayFactory {
  return defaultReplayFactory();
}

describe.each(NAMES)('round trip of traces/%s', (name) => {
  it('gives the same maps from the DB (checkpoints every 17 steps) as a direct replay', () => {
    const lines = readFileSync(join(TRACES, name, 'trace.strace'), 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const replayFactory = factory();
    const db = new Database(':memory:');
    const ingest = createIngest(db, { replay: replayFactory, checkpointEvery: 17, fileInfo: () => undefined, layoutFor: () => undefined });
    lines.forEach((t, i) => ingest.push(t, i + 1));
    const summary = ingest.end();

    const parser = new TraceParser();
    const events: VmEvent[] = [...lines.flatMap((t, i) => parser.push(t, i + 1)), ...parser.end()];
    expect(summary.steps).toBe(events.length);
    const replay = replayFactory.create();
    const tdb = TraceDb.fromHandle(db, replayFactory);
    const spaces = new Set<number>();
    const direct: Map<number, readonly RegionView[]>[] = [];
    events.forEach((e, i) => {
      const effect = replay.apply(e, events.slice(i + 1, i + 1 + LOOKAHEAD));
      if (effect.space !== undefined) spaces.add(effect.space);
      direct.push(new Map([...spaces].map((s) => [s, [...replay.regions(s)]])));
    });
    // Visit steps out of order so the DB side restores checkpoints and replays forward, then one by one forward
    // (the cursor reuses the events it read ahead), then backward.
    const order = [...events.map((_, i) => (i * 7919) % events.length), ...events.map((_, i) => i), ...events.map((_, i) => events.length - 1 - i)];
    for (const i of order) {
      for (const [space, regions] of direct[i] ?? new Map()) {
        expect(tdb.regionsAt(i + 1, space), `step ${i + 1} space ${space}`).toEqual(regions);
      }
    }
  });
});
