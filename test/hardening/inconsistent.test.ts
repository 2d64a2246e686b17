// Inconsistent events are anomalies in `events`, `maps --format json` and the TUI; the replay goes on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from '../tui/tmux.js';
import { buildDist, CLI, DAMAGED, runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-anomaly-'));
const db = join(dir, 'inconsistent.db');
// Each step of test/fixtures/damaged/inconsistent.strace and the anomaly it must raise.
const EXPECTED: readonly (readonly [step: number, message: string])[] = [
  [2, 'munmap(0x3e0000000000, 4096) unmapped nothing'],
  [3, 'mprotect(0x3f0000000000, 4096) succeeded over unmapped memory'],
  [4, 'pid 200 appears without a clone'],
  [5, 'pid 300 appears without a clone'],
];

beforeAll(async () => {
  await buildDist();
  const r = await runCli(['load', join(DAMAGED, 'inconsistent.strace'), '--out', db, '--no-tui', '--force']);
  expect(r.exitCode).toBe(0);
  // pid 200 (its start not in the trace: its first event is a clone) and its child are marked, and its own anomaly counted so.
  expect(r.stdout).toMatch(/^anomalies: 4 \(1 in processes whose start is not in the trace, where it cannot show all they did\)$/m);
  expect(r.stdout).toMatch(/^ {2}start not in the trace \(.*\): pid 200, 201; their maps show/m);
});

describe('inconsistent events', () => {
  it('`events` shows each anomaly under its step', async () => {
    const r = await runCli(['events', db]);
    expect(r.exitCode).toBe(0);
    const blocks = r.stdout.split(/\n(?=\s+\d+\s)/);
    for (const [step, message] of EXPECTED) {
      const block = blocks.find((b) => new RegExp(`^\\s+${step}\\s`).test(b));
      expect(block, `step ${step}`).toContain(`! ${message}`);
    }
    const json = (await runCli(['events', db, '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: number; anomalies: string[] });
    for (const [step, message] of EXPECTED) expect(json.find((e) => e.step === step)?.anomalies.join(';')).toContain(message);
    expect(json.find((e) => e.step === 6)?.anomalies).toEqual([]);
  });

  it('`maps --format json --at N` carries the step\'s anomalies', async () => {
    for (const [step, message] of EXPECTED) {
      const r = await runCli(['maps', db, '--format', 'json', '--at', String(step)]);
      expect(r.exitCode).toBe(0);
      const doc = JSON.parse(r.stdout) as { anomalies: string[] };
      expect(doc.anomalies.join(';')).toContain(message);
    }
  });

  it('the replay goes on: the mmap after the anomalies is in `maps`', async () => {
    const r = await runCli(['maps', db, '--pid', '100']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('7ffff7000000-7ffff7001000 rw-p 00000000 00:00 0 '); // execa drops the final newline
    const ps = await runCli(['ps', db]);
    for (const pid of ['100', '200', '201', '300']) expect(ps.stdout).toMatch(new RegExp(`^\\s+${pid}\\s`, 'm'));
  });

  describe.skipIf(!hasTmux())(`in the TUI${hasTmux() ? '' : ' (skipped: tmux is missing)'}`, () => {
    const tmux = hasTmux() ? TmuxSession.start(`vmtrace-anomaly-${process.pid}`, 120, 30, dir) : undefined;
    afterAll(() => tmux?.kill());

    it('the header names the current step\'s anomaly, even when the event row is cut', async () => {
      if (tmux === undefined) return;
      await tmux.waitFor((s) => s.includes(TmuxSession.PROMPT.trim()), 'the shell prompt');
      tmux.send([`${process.execPath} ${CLI} tui ${db}`, 'Enter']);
      let screen = await tmux.waitFor((s) => /step 1\/6/.test(s), 'the TUI at step 1');
      for (const [step, message] of EXPECTED) {
        tmux.send(['g', String(step), 'Enter']);
        screen = await tmux.waitFor((s) => new RegExp(`step ${step}/6`).test(s), `step ${step}`);
        const header = screen.split('\n')[1] ?? '';
        expect(header).toContain(`! ${message.slice(0, 30)}`);
      }
      tmux.send(['q']);
      await tmux.waitFor(() => !tmux.alternateOn(), 'the TUI to quit');
    });
  });
});
