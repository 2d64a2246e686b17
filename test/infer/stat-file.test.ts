// statFile: dev:inode as /proc/PID/maps prints it, or undefined for any path the system refuses.
import { statSync, symlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDev, statFile } from '../../src/infer/stat-file.js';

describe('statFile', () => {
  it('gives the dev:inode of an existing file', () => {
    const st = statSync('/bin/sh', { bigint: true });
    expect(statFile('/bin/sh')).toEqual({ dev: formatDev(st.dev), inode: Number(st.ino) });
  });

  it.each([
    ['missing', '/no/such/file'],
    ['through a file (ENOTDIR)', '/etc/passwd/x'],
    ['a name longer than NAME_MAX (ENAMETOOLONG)', `/tmp/${'a'.repeat(300)}`],
    ['a path longer than PATH_MAX (ENAMETOOLONG)', `/${'a/'.repeat(2100)}`],
  ])('is undefined for a path that is %s', (_why, path) => {
    expect(statFile(path)).toBeUndefined();
  });

  it('is undefined for a symlink loop (ELOOP)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmtrace-stat-'));
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    expect(statFile(join(dir, 'a'))).toBeUndefined();
  });
});
