// The chunk reader's file identities: a path stat'ed while it exists; a path already deleted by the time its
// line is read, identified through the mapping that names it in the live process's /proc/PID/maps.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createChunkReader } from '../../src/record/chunk-reader.js';
import type { WorkerMessage } from '../../src/record/capture-worker.js';
import { createLineWatch } from '../../src/record/line-watch.js';
import { captureProcMaps } from '../../src/record/proc-capture.js';
import { has } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-chunk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = has('python3');

// Fed lines → the `file` messages the reader posts.
function filesFrom(lines: readonly string[]): Extract<WorkerMessage, { type: 'file' }>[] {
  const messages: WorkerMessage[] = [];
  const reader = createChunkReader({ createLineWatch, captureProcMaps }, (m) => messages.push(m), undefined);
  reader.feed(Buffer.from(lines.map((l) => `${l}\n`).join('')));
  return messages.filter((m): m is Extract<WorkerMessage, { type: 'file' }> => m.type === 'file');
}

// A python3 that maps a file shared, deletes it, prints `pid address dev inode` and waits for stdin to close.
const MAPPER = `
import ctypes, mmap, os, sys
path = sys.argv[1]
fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
os.ftruncate(fd, 4096)
m = mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
st = os.fstat(fd)
os.unlink(path)
os.close(fd)
print(os.getpid(), ctypes.addressof(ctypes.c_char.from_buffer(m)), os.major(st.st_dev), os.minor(st.st_dev), st.st_ino, flush=True)
sys.stdin.read()
`;

describe('createChunkReader file identities', () => {
  it('stats a mapped path that still exists', () => {
    const path = join(dir, 'kept');
    writeFileSync(path, 'x');
    const files = filesFrom([`42 1.0 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3<${path}>, 0) = 0x7f0000000000`]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path, inode: expect.any(Number) as number });
  });

  it.skipIf(!python)(`identifies a file deleted before its line is read from the live mapping at the returned address${python ? '' : ' (skipped: python3 not installed)'}`, async () => {
    const path = join(dir, 'sem.AbCdEf');
    const child = spawn('python3', ['-c', MAPPER, path], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      const [pid, addr, major, minor, inode] = first.split(' ').map(Number) as [number, number, number, number, number];
      const dev = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
      const mmapLine = (at: number): string => `${pid} 1.0 mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, 3<${path}>, 0) = 0x${at.toString(16)} <0.000010>`;
      // Its open line has no address: nothing to go on. Its mmap line does.
      expect(filesFrom([`${pid} 1.0 openat(AT_FDCWD, "${path}", O_RDWR|O_CREAT|O_EXCL, 0600) = 3<${path}> <0.000020>`])).toEqual([]);
      expect(filesFrom([mmapLine(addr)])).toEqual([{ type: 'file', path, dev, inode }]);
      // An address where another file (or nothing) is mapped does not identify it.
      expect(filesFrom([mmapLine(0x1000)])).toEqual([]);
      expect(filesFrom([mmapLine(addr).replace(path, `${path}x`)])).toEqual([]);
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});
