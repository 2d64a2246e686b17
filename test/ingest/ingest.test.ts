import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest/ingest.js';
import type { VmEvent } from '../../src/model/events.js';
import { LOOKAHEAD } from '../../src/model/types.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';

// A deterministic pseudo-random trace of mmap/munmap lines over two pids.
function lines(n: number): string[] {
  let seed = 7;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const pid = 100 + rnd(2);
    const addr = `0x${(0x10000 + rnd(64) * 0x1000).toString(16)}`;
    const len = (1 + rnd(4)) * 4096;
    out.push(rnd(3) === 0 ? `${pid} munmap ${addr} ${len}` : `${pid} mmap ${addr} ${len}${rnd(2) ? ' /lib/x.so' : ''}`);
    if (i % 97 === 0) out.push('garbage line');
  }
  return out;
}

describe('ingest → TraceDb round trip', () => {
  const text = lines(500);
  const db = new Database(':memory:');
  const ingest = createIngest(db, {
    parser: toyParser(),
    replay: toyReplayFactory,
    checkpointEvery: 37,
    fileInfo: (path) => (path === '/lib/x.so' ? { dev: 'fe:00', inode: 4242 } : undefined),
  });
  text.forEach((t, i) => ingest.push(t, i + 1));
  const summary = ingest.end();
  const tdb = TraceDb.fromHandle(db, toyReplayFactory);

  // The reference: the same parser and replay, straight from the lines, no store.
  const reference = (() => {
    const parser = toyParser();
    const events: VmEvent[] = text.flatMap((t, i) => parser.push(t, i + 1));
    const replay = toyReplayFactory.create();
    const states = [replay.regions(100)];
    const states101 = [replay.regions(101)];
    events.forEach((e, i) => {
      const withId = e.kind === 'mmap' && e.file?.path === '/lib/x.so' ? { ...e, file: { ...e.file, dev: 'fe:00', inode: 4242 } } : e;
      replay.apply(withId, events.slice(i + 1, i + 1 + LOOKAHEAD));
      states.push([...replay.regions(100)]);
      states101.push([...replay.regions(101)]);
    });
    return { events, states, states101 };
  })();

  it('summarises lines, steps and diagnostics', () => {
    expect(summary.steps).toBe(500);
    expect(summary.lines).toBe(text.length);
    expect(summary.diagnostics).toBe(6);
    expect(summary.firstDiagnostics[0]).toEqual({ line: 2, source: 0, severity: 'error', reason: 'not a toy line', text: 'garbage line' });
    expect(tdb.info()).toMatchObject({ stepCount: 500, lineCount: text.length, diagnosticCount: 6, complete: true, flags: ['-f'], straceVersion: '6.1', personality: '64', firstTime: 10, lastTime: 5000 });
  });

  it('reproduces the direct replay at every step, in random order, from checkpoints', () => {
    const order = Array.from({ length: 501 }, (_, i) => (i * 211) % 501);
    for (const step of order) {
      expect(tdb.regionsAt(step, 100)).toEqual(reference.states[step]);
      expect(tdb.regionsAt(step, 101)).toEqual(reference.states101[step]);
    }
  });

  it('stores raw lines, enrichment and anomalies per event', () => {
    const first = tdb.event(1);
    expect(first?.raw).toBe(text[0]);
    expect(first?.line).toBe(1);
    const withFile = tdb.events(1, 500).find((e) => e.event.kind === 'mmap' && e.event.file !== undefined);
    expect(withFile?.event).toMatchObject({ file: { path: '/lib/x.so', dev: 'fe:00', inode: 4242 } });
    const anomalous = tdb.events(1, 500).filter((e) => e.anomalies.length > 0);
    expect(anomalous.length).toBe(tdb.info().anomalyCount);
    expect(anomalous.every((e) => e.event.kind === 'munmap' && e.anomalies[0] === 'munmap of nothing')).toBe(true);
  });

  it('filters events by pid and lists changed steps per space', () => {
    const ev100 = tdb.events(1, 500, { pid: 100 });
    expect(ev100.every((e) => e.pid === 100)).toBe(true);
    expect(ev100.length).toBe(reference.events.filter((e) => e.pid === 100).length);
    const changed = tdb.changedSteps(100);
    expect(changed.every((s) => tdb.effectAt(s)?.changed === true && tdb.event(s)?.pid === 100)).toBe(true);
    expect(tdb.spaceOfProcAt(100, 500)).toBe(100);
    expect(tdb.processes().map((p) => p.pid).sort()).toEqual([100, 101]);
  });
});

describe('ingest strictness and bounds', () => {
  it('--strict fails at the first diagnostic, naming file and line', () => {
    const ingest = createIngest(new Database(':memory:'), { parser: toyParser(), replay: toyReplayFactory, strict: true, sourceNames: ['t.strace'] });
    ingest.push('100 mmap 0x1000 4096', 1);
    expect(() => ingest.push('bad', 2)).toThrow(/^t\.strace:2: not a toy line: "bad"$/);
  });

  it('leaves the DB incomplete when end() is never reached', () => {
    const db = new Database(':memory:');
    const ingest = createIngest(db, { parser: toyParser(), replay: toyReplayFactory });
    for (let i = 0; i < 20_000; i++) ingest.push(`100 mmap 0x${(0x10000 + (i % 50) * 0x1000).toString(16)} 4096`, i + 1);
    expect(TraceDb.fromHandle(db, toyReplayFactory).info().complete).toBe(false);
  });
});

describe('live ingest', () => {
  it('lets another connection follow the import after flush()', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createDbFile } = await import('../../src/store/open-db.js');
    const path = join(mkdtempSync(join(tmpdir(), 'vmtrace-live-')), 'live.db');
    const ingest = createIngest(createDbFile(path), { parser: toyParser(), replay: toyReplayFactory, live: true });
    for (let i = 0; i < 200; i++) ingest.push(`7 mmap 0x${(0x10000 + i * 0x1000).toString(16)} 4096`, i + 1);
    ingest.flush();
    const reader = TraceDb.open(path, { replay: toyReplayFactory, allowIncomplete: true });
    // Everything but the LOOKAHEAD events still waiting for followers is visible.
    expect(ingest.steps).toBe(200 - LOOKAHEAD);
    expect(reader.stepCount()).toBe(200 - LOOKAHEAD);
    expect(reader.info().complete).toBe(false);
    expect(reader.regionsAt(10, 7)).toHaveLength(10);
    ingest.end();
    expect(reader.info()).toMatchObject({ complete: true, stepCount: 200 });
    reader.close();
  });
});
