// FileInfoCache: one lookup per path; with retry (a live recording, which may identify a path later, from the
// mapping that names it), a path not identified yet is looked up again.
import { describe, expect, it } from 'vitest';
import { FileInfoCache } from '../../src/ingest/enrich.js';
import type { FileIdentity } from '../../src/ingest/types.js';

describe('FileInfoCache', () => {
  it('looks an identified path up once and reports it once', () => {
    const asked: string[] = [];
    const reported: string[] = [];
    const files = new FileInfoCache(
      (path) => (asked.push(path), { dev: 'fe:00', inode: 7 }),
      (path, id) => reported.push(`${path} ${id.dev} ${id.inode}`),
    );
    expect(files.get('/usr/lib/libc.so.6')).toEqual({ dev: 'fe:00', inode: 7 });
    expect(files.get('/usr/lib/libc.so.6')).toEqual({ dev: 'fe:00', inode: 7 });
    expect(asked).toEqual(['/usr/lib/libc.so.6']);
    expect(reported).toEqual(['/usr/lib/libc.so.6 fe:00 7']);
  });

  it('a miss is final by default: a saved trace\'s missing file is not stat\'ed again for each event', () => {
    let asks = 0;
    const files = new FileInfoCache(
      () => (asks++, undefined),
      () => undefined,
    );
    expect(files.get('/gone')).toBeUndefined();
    expect(files.get('/gone')).toBeUndefined();
    expect(asks).toBe(1);
  });

  it('with retry (a live recording), asks again for a path it could not identify, and keeps the identity once one comes', () => {
    const known = new Map<string, FileIdentity>();
    let asks = 0;
    const reported: string[] = [];
    const files = new FileInfoCache(
      (path) => (asks++, known.get(path)),
      (path) => reported.push(path),
      true,
    );
    expect(files.get('/dev/shm/sem.abc')).toBeUndefined();
    expect(files.get('/dev/shm/sem.abc')).toBeUndefined();
    known.set('/dev/shm/sem.abc', { dev: '00:1a', inode: 3 });
    expect(files.get('/dev/shm/sem.abc')).toEqual({ dev: '00:1a', inode: 3 });
    known.delete('/dev/shm/sem.abc');
    expect(files.get('/dev/shm/sem.abc')).toEqual({ dev: '00:1a', inode: 3 });
    expect(asks).toBe(3);
    expect(reported).toEqual(['/dev/shm/sem.abc']);
  });
});
