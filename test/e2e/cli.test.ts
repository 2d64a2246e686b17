// The built CLI (dist/cli.js) run as a child process: exit codes and messages.
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest/ingest.js';
import { createDbFile } from '../../src/store/open-db.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-e2e-'));
const env = { VMTRACE_CACHE_DIR: join(dir, 'cache') };

// Runs the CLI; never rejects.
export function vmtrace(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return execa(process.execPath, [CLI, ...args], { reject: false, env, stripFinalNewline: false }).then((r) => ({
    exitCode: r.exitCode ?? 1,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
  }));
}

beforeAll(async () => {
  // Build once; type errors elsewhere still emit JS, so only a missing entry point fails the suite.
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
  expect(existsSync(CLI)).toBe(true);
  expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

describe('vmtrace CLI errors', () => {
  it('exits 2 with a message for usage errors', async () => {
    const none = await vmtrace();
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/^vmtrace: /);
    const bad = await vmtrace('maps', 'x', '--format', 'svg');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('svg');
  });

  it('loads a trace whose mmap names a path the system refuses to stat (too long): 00:00 0, no internal error', async () => {
    const long = `/tmp/${'x'.repeat(300)}`;
    const trace = join(dir, 'long-path.strace');
    writeFileSync(trace, `4242  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3<${long}>, 0) = 0x7f0000000000\n4242  exit_group(0) = ?\n4242  +++ exited with 0 +++\n`);
    const r = await vmtrace('maps', trace, '--pid', '4242', '--at', '1');
    expect(r.stderr).not.toContain('internal error');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`00:00 0                          ${long}`);
  });

  it('names a missing trace and exits 1 without a stack', async () => {
    const missing = join(dir, 'nope.strace');
    const r = await vmtrace('maps', missing);
    expect(r).toMatchObject({ exitCode: 1, stdout: '', stderr: `vmtrace: ${missing}: no such trace file or -ff prefix\n` });
  });

  it('refuses an SQLite file that is not a vmtrace DB', async () => {
    const p = join(dir, 'foreign.db');
    const db = new Database(p);
    db.exec('CREATE TABLE x (y)');
    db.close();
    const r = await vmtrace('ps', p);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`vmtrace: ${p}: not a vmtrace database (an SQLite file of another kind)\n`);
  });

  it('refuses to overwrite --out without --force, naming the file', async () => {
    const trace = join(dir, 't.strace');
    writeFileSync(trace, '');
    const out = join(dir, 'precious.txt');
    writeFileSync(out, 'keep me');
    const r = await vmtrace('load', trace, '--out', out, '--no-tui');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`vmtrace: ${out}: a file already exists; use --force to replace it\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('rejects a malformed --at or --pid on a real DB with exit 2', async () => {
    const p = join(dir, 'toy.db');
    const ingest = createIngest(createDbFile(p), { parser: toyParser(), replay: toyReplayFactory });
    ingest.push('7 mmap 0x10000 4096', 1);
    ingest.end();
    const at = await vmtrace('maps', p, '--at', '3..x');
    expect(at).toMatchObject({ exitCode: 2, stderr: 'vmtrace: --at 3..x: expected a step number, last, A..B or all\n' });
    const pid = await vmtrace('maps', p, '--pid', '8');
    expect(pid).toMatchObject({ exitCode: 2, stderr: `vmtrace: --pid 8: no such pid in ${p}\n` });
  });
});
