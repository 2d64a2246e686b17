// The damaged-trace corpus through the built CLI: exit codes, the line tally, diagnostics, time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, DAMAGED, lineCount, runCli, tally } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-corpus-'));

/** One fixture: what its diagnostics must say (line, words of the reason) and its events. */
interface Case {
  readonly file: string;
  readonly diagnostics: readonly (readonly [line: number, reason: string])[];
  readonly events?: number;
  /** Lines that are only diagnostics (the tally's D); defaults to diagnostics.length. */
  readonly diagnosed?: number;
}

const CASES: readonly Case[] = [
  { file: 'cut-mid-line.strace', diagnostics: [[4, 'line cut']], events: 3 },
  { file: 'binary-garbage.strace', diagnostics: [[4, 'not a strace line'], [5, 'not a strace line']], events: 5 },
  { file: 'nul-bytes.strace', diagnostics: [[4, 'not a strace line'], [5, 'not a strace line']], events: 5 },
  { file: 'crlf.strace', diagnostics: [], events: 6 },
  { file: 'invalid-utf8.strace', diagnostics: [[6, 'not a strace line']], events: 7 },
  // The unfinished mmap still becomes an event (result unknown), with a warning.
  { file: 'never-resumed.strace', diagnostics: [[4, 'unfinished call ended by the task\'s death']], events: 5, diagnosed: 0 },
  { file: 'resumed-no-start.strace', diagnostics: [[4, '<... munmap resumed> with no start'], [5, '<... mmap resumed> with no start']], events: 5 },
  { file: 'pid-reuse.strace', diagnostics: [], events: 14 },
  { file: 'time-backwards.strace', diagnostics: [[3, 'timestamp goes backwards']], events: 5, diagnosed: 0 },
  { file: 'hostile-paths.strace', diagnostics: [], events: 9 },
  { file: 'hostile-diagnostics.strace', diagnostics: [[4, 'unknown flag PROT_'], [5, 'not a strace line']], events: 6, diagnosed: 1 },
  { file: 'inconsistent.strace', diagnostics: [], events: 6 },
];

beforeAll(buildDist);

describe('damaged corpus through `vmtrace load`', () => {
  for (const c of CASES) {
    it(`${c.file}: exit 0, every line accounted, diagnostics named`, async () => {
      const path = join(DAMAGED, c.file);
      const r = await runCli(['load', path, '--out', join(dir, `${c.file}.db`), '--no-tui', '--force']);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const t = tally(r.stdout);
      expect(t).toBeDefined();
      expect(t?.n).toBe(lineCount(path));
      expect((t?.e ?? 0) + (t?.c ?? 0) + (t?.d ?? 0)).toBe(t?.n);
      expect(t?.d).toBe(c.diagnosed ?? c.diagnostics.length);
      if (c.events !== undefined) expect(r.stdout).toMatch(new RegExp(`^events: ${c.events}$`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`^diagnostics: ${c.diagnostics.length}$`, 'm'));
      for (const [line, reason] of c.diagnostics) expect(r.stdout).toContain(`${path}:${line}: `);
      for (const [, reason] of c.diagnostics) expect(r.stdout).toContain(reason);
    });

    it(`${c.file}: --strict ${c.diagnostics.length > 0 ? 'exits 1 naming file:line' : 'exits 0'}`, async () => {
      const path = join(DAMAGED, c.file);
      const r = await runCli(['load', path, '--out', join(dir, `${c.file}.strict.db`), '--no-tui', '--force', '--strict']);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      const first = c.diagnostics[0];
      if (first === undefined) {
        expect(r.exitCode).toBe(0);
      } else {
        expect(r.exitCode).toBe(1);
        expect(r.stderr).toContain(`:${first[0]}: `);
        expect(r.stderr).toContain(c.file);
      }
    });
  }

  it('an empty file loads as an empty trace: exit 0, no events, no diagnostics', async () => {
    const r = await runCli(['load', join(DAMAGED, 'empty.strace'), '--out', join(dir, 'empty.db'), '--no-tui', '--force']);
    expect(r.exitCode).toBe(0);
    expect(tally(r.stdout)).toEqual({ n: 0, e: 0, c: 0, d: 0 });
    expect(r.stdout).toMatch(/^events: 0$/m);
  });

  for (const file of ['not-strace.png', 'not-strace.json']) {
    it(`${file}: exit 1 "not a strace trace", after the tally and first diagnostics`, async () => {
      const path = join(DAMAGED, file);
      const r = await runCli(['load', path, '--out', join(dir, `${file}.db`), '--no-tui', '--force']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`${path}: not a strace trace`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      const t = tally(r.stdout);
      expect(t).toEqual({ n: lineCount(path), e: 0, c: 0, d: lineCount(path) });
      expect(r.stdout).toContain(`${path}:1: not a strace line`);
    });
  }

  it('a 10 MB single line: one diagnostic, bounded time, tally holds', async () => {
    const path = join(dir, 'ten-mb.strace');
    const head = '100 execve("/bin/true", ["/bin/true"], 0x7ffd00000000 /* 1 var */) = 0\n';
    writeFileSync(path, `${head}100 write(1, "${'A'.repeat(10 * 1024 * 1024)}\n100 exit_group(0) = ?\n`);
    const r = await runCli(['load', path, '--out', join(dir, 'ten-mb.db'), '--no-tui', '--force']);
    expect(r.exitCode).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(tally(r.stdout)).toEqual({ n: 3, e: 2, c: 0, d: 1 });
    expect(r.stdout).toContain(`${path}:2: `);
    // The summary quotes a capped piece of the line, never the whole 10 MB.
    expect(r.stdout.length).toBeLessThan(4096);
  });
});
