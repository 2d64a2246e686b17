// dbSource over a real SQLite event log built by the store with the toy parser and replay
// (tests the adapter and the UI over the store; the real parser/model are not involved).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTrace } from '../../src/commands/shared-load.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { App } from '../../src/tui/App.js';
import { dbSource } from '../../src/tui/db-source.js';
import { readStepView } from '../../src/tui/step-view.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';
import { KEYS, press } from './helpers.js';

const STEPS = 6000;
let dir: string;
let db: TraceDb;

// Two pids; pid 1 maps a page every step and unmaps every third one, pid 2 maps a page every 100 steps.
function toyTrace(): string {
  const lines: string[] = [];
  for (let i = 0; i < STEPS; i++) {
    const addr = 0x10000000 + i * 0x2000;
    if (i % 100 === 99) lines.push(`2 mmap 0x${(0x20000000 + i * 0x1000).toString(16)} 4096`);
    else if (i % 3 === 2) lines.push(`1 munmap 0x${(addr - 0x4000).toString(16)} 4096`);
    else lines.push(`1 mmap 0x${addr.toString(16)} 4096 /lib/toy${i % 7}.so`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vmtrace-tui-'));
  const trace = join(dir, 'toy.strace');
  writeFileSync(trace, toyTrace());
  const out = join(dir, 'toy.db');
  await loadTrace(trace, { out, ingest: { parser: toyParser(), replay: toyReplayFactory, fileInfo: () => undefined } });
  db = TraceDb.open(out, { replay: toyReplayFactory });
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dbSource', () => {
  it('passes the store through: steps, events, processes, regions at a step', () => {
    const source = dbSource(db);
    expect(source.info().stepCount).toBe(STEPS);
    expect(source.events(10, 12).map((e) => e.step)).toEqual([10, 11, 12]);
    expect(source.events(1, 300, 2).every((e) => e.pid === 2)).toBe(true);
    expect(source.processes().map((p) => p.pid).sort()).toEqual([1, 2]);
    const space = source.spaceOfProcAt(1, 4000);
    expect(space).toBeDefined();
    expect(source.regionsAt(4000, space ?? -1)).toEqual(db.regionsAt(4000, space ?? -1));
    expect(source.changedSteps().length).toBeGreaterThan(STEPS / 2);
  });

  it('memoizes per step: stepping forward reads the regions of each step from the store once', () => {
    const source = dbSource(db);
    const spy = vi.spyOn(db, 'regionsAt');
    for (let step = 1000; step < 1100; step++) expect(readStepView(source, step, 1).step).toBe(step);
    // Each step shows regions after `step` and diffs against `step − 1`: the latter is the previous step's, memoized.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(101);
    expect(spy.mock.calls.length).toBeGreaterThan(50);
    spy.mockRestore();
  });

  it('stepping back reads a window of earlier steps in one forward pass, with the same regions as the store', () => {
    const source = dbSource(db);
    const fresh = TraceDb.open(join(dir, 'toy.db'), { replay: toyReplayFactory });
    const spy = vi.spyOn(db, 'regionsAt');
    for (let step = 5000; step > 4800; step--) {
      const view = readStepView(source, step, 1);
      expect(view.rows.filter((r) => r.status !== 'removed').map((r) => r.region)).toEqual(fresh.regionsAt(step, view.space ?? -1));
    }
    // Steps asked for in increasing order within each window: the store's cursor never moves back inside one.
    const steps = spy.mock.calls.map(([s]) => s);
    const backMoves = steps.filter((s, i) => i > 0 && s < (steps[i - 1] ?? 0)).length;
    expect(backMoves).toBeLessThanOrEqual(Math.ceil(200 / 31) + 1);
    spy.mockRestore();
    fresh.close();
  });

  it('drives the App: stepping shows the region the event mapped, highlighted', async () => {
    const app = render(<App source={dbSource(db)} width={100} height={23} />);
    await press(app.stdin, KEYS.right);
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain(`step 2/${STEPS}`);
    expect(frame).toMatch(/\+000010002000-000010003000 +4 KiB/);
    await press(app.stdin, 'g', '3', '0', '0', '0', KEYS.enter);
    expect(app.lastFrame()).toContain(`step 3000/${STEPS}`);
    app.unmount();
  });
});
