// Helpers for the hardening tests: run the built CLI (plainly or on a pty) and read fixtures.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const DAMAGED = join(ROOT, 'test', 'fixtures', 'damaged');
export const hasScript = existsSync('/usr/bin/script');

/** What one CLI run gave back. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

// Builds dist/ (the CLI under test); other tests in the suite do the same.
export async function buildDist(): Promise<void> {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
}

// Runs `node dist/cli.js ARGS` with stdout and stderr as pipes.
export async function runCli(args: readonly string[], timeoutMs = 20_000): Promise<CliRun> {
  const t0 = performance.now();
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, timeout: timeoutMs, encoding: 'utf8', env: { NO_COLOR: '' } });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), ms: performance.now() - t0 };
}

// Runs the CLI on a pseudo-terminal through script(1); returns what the terminal received.
export async function runOnPty(args: readonly string[]): Promise<string> {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await execa('script', ['-qec', cmd, '/dev/null'], { reject: false, encoding: 'utf8', timeout: 20_000 });
  return String(r.stdout);
}

// Number of lines as the loader counts them: `\n`-terminated ones plus a last unterminated one.
export function lineCount(path: string): number {
  const b = readFileSync(path);
  let n = 0;
  for (const byte of b) if (byte === 0x0a) n++;
  return b.length > 0 && b[b.length - 1] !== 0x0a ? n + 1 : n;
}

// The `lines read: N = E event lines + C consumed + D diagnosed` tally, parsed.
export function tally(out: string): { n: number; e: number; c: number; d: number } | undefined {
  const m = /^lines read: (\d+) = (\d+) event lines \+ (\d+) consumed \+ (\d+) diagnosed$/m.exec(out);
  if (m === null) return undefined;
  return { n: Number(m[1]), e: Number(m[2]), c: Number(m[3]), d: Number(m[4]) };
}

// Control characters a terminal acts on, except \r and \n (script(1) adds \r itself).
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
