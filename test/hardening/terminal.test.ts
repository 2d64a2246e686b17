// Hostile paths (ESC, CSI, OSC, BEL, C1) decoded by the real parser never reach a terminal raw:
// `load`, `maps` (all formats), `events`, `ps` on a pty and the TUI in tmux. Into a pipe,
// `maps` stays byte-identical to the kernel's /proc/PID/maps format.
// (test/e2e/terminal.test.ts covers `events`/`ps` over a toy-parser DB; this adds the rest.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from '../tui/tmux.js';
import { buildDist, CLI, DAMAGED, hasScript, RAW_CONTROL, runCli, runOnPty } from './cli.js';

// Said in the test names when script(1) (util-linux) is missing and the pty tests skip.
const NO_SCRIPT = hasScript ? '' : ' (skipped: no script(1) to make a pseudo-terminal)';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-hostile-'));
const db = join(dir, 'hostile.db');
const TRACE = join(DAMAGED, 'hostile-paths.strace');
// The decoded names, as the kernel would print them in /proc/PID/maps (only \n is escaped there).
const NAMES = {
  raw: '/tmp/\u001b]2;raw\u0007\u001b[1;1H\u009b0m',
  bell: '/tmp/\u001b]0;pwned\u0007\u009b1mbell',
  lib: '/tmp/\u001b[2J\u001b[31mlib.so',
};
// How the escaped (terminal) form of a name reads.
const shown = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
// A /proc/PID/maps line: fields, then the name from column 74 (seq_pad to 73 on 64-bit).
const kernelLine = (range: string, perms: string, name: string): string => `${`${range} ${perms} 00000000 00:00 0`.padEnd(73)}${name}`;

beforeAll(async () => {
  await buildDist();
  const r = await runCli(['load', TRACE, '--out', db, '--no-tui', '--force']);
  expect(r.exitCode).toBe(0);
});

describe('hostile paths', () => {
  it('`maps` into a pipe is byte-identical to the kernel format (raw bytes pass through)', async () => {
    const r = await runCli(['maps', db]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe([
      kernelLine('7ffff7d00000-7ffff7d01000', 'r--p', NAMES.raw),
      kernelLine('7ffff7e00000-7ffff7e01000', 'r--p', NAMES.bell),
      kernelLine('7ffff7f00000-7ffff7f02000', 'r--p', NAMES.lib),
    ].join('\n'));
  });

  const views = [['maps'], ['maps', '--format', 'pmap'], ['maps', '--format', 'gdb'], ['maps', '--format', 'json'], ['events'], ['events', '--json'], ['ps']];
  it.skipIf(!hasScript)(`maps (4 formats), events, ps on a pty hold no raw control characters${NO_SCRIPT}`, async () => {
    for (const args of views) {
      const out = await runOnPty([...args.slice(0, 1), db, ...args.slice(1)]);
      expect(out.length, args.join(' ')).toBeGreaterThan(0);
      expect(RAW_CONTROL.exec(out)?.[0], args.join(' ')).toBeUndefined();
    }
    const maps = await runOnPty(['maps', db]);
    for (const name of Object.values(NAMES)) expect(maps).toContain(shown(name));
    expect(await runOnPty(['ps', db])).toContain(shown('/tmp/\u001b]0;pwned\u0007x'));
  });

  it.skipIf(!hasScript)(`the load summary on a pty escapes the command and diagnostics${NO_SCRIPT}`, async () => {
    for (const file of ['hostile-paths.strace', 'hostile-diagnostics.strace']) {
      const out = await runOnPty(['load', join(DAMAGED, file), '--out', join(dir, `${file}.db`), '--no-tui', '--force']);
      expect(out).toMatch(/lines read: \d+/);
      expect(RAW_CONTROL.exec(out)?.[0], file).toBeUndefined();
    }
  });

  // A --strict ParseError reason quotes trace text (`unknown flag PROT_<ESC>[2J…`): cli.ts
  // escapes error messages when stderr is a terminal.
  it.skipIf(!hasScript)(`a --strict error on a terminal carries no raw ESC (cli.ts stderr)${NO_SCRIPT}`, async () => {
    const out = await runOnPty(['load', join(DAMAGED, 'hostile-diagnostics.strace'), '--out', join(dir, 'strict.db'), '--no-tui', '--force', '--strict']);
    expect(out).toContain('unknown flag PROT_');
    expect(RAW_CONTROL.exec(out)?.[0]).toBeUndefined();
  });

  describe.skipIf(!hasTmux())(`TUI in tmux${hasTmux() ? '' : ' (skipped: tmux is missing)'}`, () => {
    const tmux = hasTmux() ? TmuxSession.start(`vmtrace-hostile-${process.pid}`, 160, 30, dir) : undefined;
    afterAll(() => tmux?.kill());

    it('shows the names escaped; the screen holds only SGR sequences; the pane title is untouched', async () => {
      if (tmux === undefined) return;
      await tmux.waitFor((s) => s.includes(TmuxSession.PROMPT.trim()), 'the shell prompt');
      const titleBefore = execFileSync('tmux', ['display-message', '-p', '-t', tmux.name, '#{pane_title}'], { encoding: 'utf8' });
      tmux.send([`${process.execPath} ${CLI} tui ${db}`, 'Enter']);
      await tmux.waitFor((s) => /step 1\/9/.test(s), 'the TUI');
      tmux.send(['End']);
      const screen = await tmux.waitFor((s) => /step 9\/9/.test(s) && s.includes('lib.so'), 'the last step with its maps');
      // Visible as text, so the terminal never acted on them.
      expect(screen).toContain('\\x1b[2J\\x1b[31mlib.so');
      expect(screen).toContain('\\x1b]0;pwned\\x07');
      const withEscapes = execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', tmux.name], { encoding: 'utf8' });
      const withoutSgr = withEscapes.replace(/\u001b\[[0-9;:]*m/g, '');
      expect(RAW_CONTROL.exec(withoutSgr)?.[0]).toBeUndefined();
      const title = execFileSync('tmux', ['display-message', '-p', '-t', tmux.name, '#{pane_title}'], { encoding: 'utf8' });
      expect(title).not.toMatch(/pwned|raw/);
      expect(title).toBe(titleBefore);
      tmux.send(['q']);
      await tmux.waitFor(() => !tmux.alternateOn(), 'the TUI to quit');
    });
  });
});
