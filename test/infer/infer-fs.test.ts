// nodeInferFs.readHead on this machine: the first bytes of a file, never a hang on what is not a regular file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeInferFs } from '../../src/infer/infer-fs.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-infer-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nodeInferFs().readHead', () => {
  const fs = nodeInferFs();

  it('reads the first bytes asked for, or the whole file when it is shorter', () => {
    const path = join(dir, 'f');
    writeFileSync(path, Buffer.from('0123456789'));
    expect(Buffer.from(fs.readHead(path, 4) ?? []).toString()).toBe('0123');
    expect(Buffer.from(fs.readHead(path, 4096) ?? []).toString()).toBe('0123456789');
  });

  it('gives undefined for a missing file, a directory, a FIFO with no writer and a device, without blocking in open or read', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(fs.readHead(join(dir, 'none'), 64)).toBeUndefined();
    expect(fs.readHead(dir, 64)).toBeUndefined();
    expect(fs.readHead(fifo, 64)).toBeUndefined();
    expect(fs.readHead('/dev/zero', 64)).toBeUndefined();
  });
});
