// Command resolution (shell-like 127/126), output naming and the no-overwrite rules.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { checkOutputs, createTraceFile, defaultDbPath, outputPaths } from '../../src/record/output-files.js';
import { resolveCommand } from '../../src/record/resolve-command.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-paths-'));
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'noexec'), '#!/bin/sh\n');
writeFileSync(join(bin, 'ok'), '#!/bin/sh\n');
chmodSync(join(bin, 'ok'), 0o755);
mkdirSync(join(bin, 'adir'));

function failure(f: () => unknown): { code: number; message: string } {
  try {
    f();
  } catch (error) {
    if (error instanceof RecordError) return { code: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error('did not fail');
}

describe('resolveCommand', () => {
  const env = { PATH: `${bin}:/usr/bin:/bin` };
  it('searches PATH and returns an absolute path', () => {
    expect(resolveCommand('ok', env)).toBe(join(bin, 'ok'));
    expect(resolveCommand('cat', env)).toMatch(/^\/.*\/cat$/);
  });
  it('exits 127 when nothing is found, 126 when found but not executable', () => {
    expect(failure(() => resolveCommand('no-such-program-xyz', env))).toEqual({ code: 127, message: 'no-such-program-xyz: command not found' });
    expect(failure(() => resolveCommand('noexec', env))).toEqual({ code: 126, message: 'noexec: Permission denied' });
    expect(failure(() => resolveCommand(join(bin, 'missing'), env)).code).toBe(127);
    expect(failure(() => resolveCommand(join(bin, 'adir'), env))).toEqual({ code: 126, message: `${join(bin, 'adir')}: Is a directory` });
  });
  it('takes a path with a slash as it is (relative to cwd)', () => {
    expect(resolveCommand('bin/ok', env, dir)).toBe(join(bin, 'ok'));
  });
});

describe('output files', () => {
  it('names the default DB after the command and the local time', () => {
    expect(defaultDbPath('/usr/bin/cat', new Date(2024, 0, 2, 3, 4, 5), '/x')).toBe('/x/vmtrace-cat-20240102-030405.db');
    expect(defaultDbPath('a b$c', new Date(2024, 0, 2, 3, 4, 5), '/x')).toBe('/x/vmtrace-a_b_c-20240102-030405.db');
  });
  it('puts the raw trace next to the DB', () => {
    expect(outputPaths('/t/run.db')).toEqual({ db: '/t/run.db', trace: '/t/run.strace' });
    expect(outputPaths('/t/run')).toEqual({ db: '/t/run', trace: '/t/run.strace' });
  });
  it('refuses existing files and symlinks without --force', () => {
    const p = outputPaths(join(dir, 'exists.db'));
    writeFileSync(p.trace, 'old');
    expect(failure(() => checkOutputs(p, false)).message).toMatch(/exists\.strace: a file already exists; use --force/);
    expect(() => checkOutputs(p, true)).not.toThrow();
    const q = outputPaths(join(dir, 'link.db'));
    symlinkSync(join(dir, 'victim'), q.db);
    expect(failure(() => checkOutputs(q, false)).message).toMatch(/a symlink already exists/);
  });
  it('replaces a planted symlink itself, never writing through it', () => {
    const victim = join(dir, 'victim2');
    writeFileSync(victim, 'precious');
    const t = join(dir, 'planted.strace');
    symlinkSync(victim, t);
    expect(() => createTraceFile(t, false)).toThrow(RecordError);
    createTraceFile(t, true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(t, 'utf8')).toBe('');
  });
});
