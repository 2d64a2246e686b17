// The real binary in a real terminal (tmux): open a trace from traces/, step, jump, search, switch process,
// compare the regions on screen with `vmtrace maps --at N`, quit, and check the terminal was restored.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from './tmux.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TRACE = join(ROOT, 'traces', 'forks', 'trace.strace');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-tmux-'));
const DB = join(dir, 'forks.db');

// Why the test cannot run here, or undefined: tmux, the build, the trace, and a CLI that loads and has `tui`.
function blocker(): string | undefined {
  if (!hasTmux()) return 'tmux is not installed';
  if (!existsSync(CLI)) return 'dist/cli.js missing (run npm run build)';
  if (!existsSync(TRACE)) return 'traces/forks/trace.strace missing';
  const help = spawnSync('node', [CLI, 'tui', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return `the built CLI has no tui command yet (${help.stderr.trim().split('\n')[0] ?? ''})`;
  const load = spawnSync('node', [CLI, 'load', TRACE, '--out', DB, '--no-tui', '--force'], { encoding: 'utf8' });
  if (load.status !== 0) return `vmtrace load failed: ${load.stderr.trim().split('\n')[0] ?? ''}`;
  return undefined;
}

const why = blocker();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// start-end pairs of the region rows on screen (the table rows, not removed ones).
function screenRegions(screen: string): string[] {
  return [...screen.matchAll(/^[ +~]([0-9a-f]{12})-([0-9a-f]{12}) /gm)].map((m) => `${BigInt(`0x${m[1]}`).toString(16)}-${BigInt(`0x${m[2]}`).toString(16)}`);
}

// start-end pairs of `vmtrace maps DB --pid P --at N`.
function mapsRegions(pid: number, step: number): string[] {
  const text = execFileSync('node', [CLI, 'maps', DB, '--pid', String(pid), '--at', String(step)], { encoding: 'utf8' });
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (l.split(' ')[0] ?? '').split('-').map((h) => BigInt(`0x${h}`).toString(16)).join('-'));
}

// Step and pid shown, and the maps check: the visible rows are a contiguous run of the maps lines, and the count agrees.
function checkAgainstMaps(screen: string): { step: number; pid: number } {
  const step = Number(/step (\d+)\/\d+/.exec(screen)?.[1]);
  const pid = Number(/Maps · pid (\d+)/.exec(screen)?.[1]);
  const count = Number(/· (\d+) region/.exec(screen)?.[1]);
  const shown = screenRegions(screen);
  const expected = mapsRegions(pid, step);
  expect(count, screen).toBe(expected.length);
  const at = expected.indexOf(shown[0] ?? '');
  expect(shown.length).toBeGreaterThan(0);
  expect(expected.slice(at, at + shown.length)).toEqual(shown);
  return { step, pid };
}

describe.skipIf(why !== undefined)(`TUI in tmux (real terminal)${why === undefined ? '' : ` — skipped: ${why}`}`, () => {
  it('steps, jumps, searches, switches process, matches `maps --at N`, and restores the terminal on q', async () => {
    const tmux = TmuxSession.start(`vmtrace-test-${process.pid}`, 120, 40, ROOT);
    try {
      await tmux.waitFor((s) => s.includes(TmuxSession.PROMPT.trim()), 'the shell prompt');
      tmux.send([`node ${CLI} tui ${DB}`, 'Enter']);
      let screen = await tmux.waitFor((s) => /step 1\/\d+/.test(s), 'the TUI at step 1');
      expect(tmux.alternateOn()).toBe(true);
      expect(screen.split('\n').filter((l) => l !== '').length).toBeLessThanOrEqual(39); // root box is rows − 1

      tmux.send(['Right', 'Right', 'l']);
      screen = await tmux.waitFor((s) => /step 4\//.test(s), 'step 4');
      checkAgainstMaps(screen);

      tmux.send(['g', '4', '0', 'Enter']);
      screen = await tmux.waitFor((s) => /step 40\//.test(s), 'step 40 after g 40');
      checkAgainstMaps(screen);

      tmux.send(['/']);
      tmux.send(['munmap'], true);
      tmux.send(['Enter']);
      screen = await tmux.waitFor((s) => /munmap/.test(s.split('\n')[1] ?? ''), 'a munmap in the header after /munmap');
      const found = checkAgainstMaps(screen);
      expect(found.step).toBeGreaterThan(40);

      tmux.send(['p']);
      await tmux.waitFor((s) => s.includes('Pick a process'), 'the picker');
      tmux.send(['Down', 'Enter']);
      screen = await tmux.waitFor((s) => !s.includes('Pick a process') && /Maps · pid (\d+)/.exec(s)?.[1] !== String(found.pid), 'another process selected');
      tmux.send(['.']);
      screen = await tmux.waitFor((s) => Number(/step (\d+)\//.exec(s)?.[1]) !== found.step, 'the next event of that process');
      checkAgainstMaps(screen);

      tmux.send(['q']);
      screen = await tmux.waitFor((s) => !s.includes('vmtrace ·') && s.includes(TmuxSession.PROMPT.trim()), 'the shell again after q');
      expect(tmux.alternateOn()).toBe(false);
    } finally {
      tmux.kill();
    }
  });

  it('says PARTIAL on the maps of a process that was running before its trace (traces/attach, strace -p)', async () => {
    const attach = join(ROOT, 'traces', 'attach', 'trace.strace');
    const db = join(dir, 'attach.db');
    expect(spawnSync('node', [CLI, 'load', attach, '--out', db, '--no-tui', '--force']).status).toBe(0);
    const tmux = TmuxSession.start(`vmtrace-test-attach-${process.pid}`, 120, 40, ROOT);
    try {
      await tmux.waitFor((s) => s.includes(TmuxSession.PROMPT.trim()), 'the shell prompt');
      tmux.send([`node ${CLI} tui ${db}`, 'Enter']);
      const screen = await tmux.waitFor((s) => /step 1\/\d+/.test(s), 'the TUI at step 1');
      expect(screen).toMatch(/Maps · PARTIAL \(start not in the trace\) · pid \d+/);
      tmux.send(['q']);
      await tmux.waitFor((s) => s.includes(TmuxSession.PROMPT.trim()) && !s.includes('PARTIAL'), 'the shell again after q');
    } finally {
      tmux.kill();
    }
  });
});
