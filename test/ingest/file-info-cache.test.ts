// FileInfoCache: one lookup per identified path; a path not identified yet is looked up again (a live
// recording may identify it later, from the mapping that names it).
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

  it('asks again for a path it could not identify, and keeps the identity once one comes', () => {
    const known = new Map<string, FileIdentity>();
    let asks = 0;
    const reported: string[] = [];
    const files = new FileInfoCache(
      (path) => (asks++, known.get(path)),
      (path) => reported.push(path),
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
