// mlock, anon names, remap_file_pages, SysV shm, aio rings and the fault-dependent
// merge cases of linux-address-space.md §6–§9.
import { describe, expect, it } from 'vitest';
import { FIXED, NONE, P, PRIV_ANON, R, RW, Trace, mapsOf, ok, run } from './helpers.js';

const A = 0x20000;

describe('mlock', () => {
  it('mlock splits (start rounded down, end up), munlock merges back', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.mlock('lock', A + P + 10, P - 20);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0', '22000-23000 rw-p 0']);
    t.mlock('unlock', A + P, P);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });

  it('mlockall(MCL_CURRENT) merges neighbours that differed only in the lock bit', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.mlock('lock', A + P, P);
    t.mlock('lockall', 0, 0, 1);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });

  it('a fork child keeps the mlock split although its lock bits are cleared (§7)', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.mlock('lock', A + P, P);
    t.clone(17, 200);
    expect(mapsOf(run(t).replay, 200)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0', '22000-23000 rw-p 0']);
  });
});

describe('anon names', () => {
  it('PR_SET_VMA_ANON_NAME splits and names; clearing it merges back', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.add({ kind: 'anon_name', syscall: 'prctl', addr: A + P, length: P, name: 'buf', result: ok(0) });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0 [anon:buf]', '22000-23000 rw-p 0']);
    t.add({ kind: 'anon_name', syscall: 'prctl', addr: A + P, length: P, result: ok(0) });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });
});

describe('remap_file_pages, SysV shm, aio', () => {
  it('remap_file_pages makes the range a new VMA at the new offset (§6, measured)', () => {
    const t = new Trace();
    t.open('/dev/shm/f', 3);
    t.mmap(A, 2 * P, RW, 0x01, A, { file: { fd: 3, path: '/dev/shm/f' } });
    t.add({ kind: 'remap_file_pages', syscall: 'remap_file_pages', addr: A, size: P, pgoff: 2, result: ok(0) });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-s 2000 /dev/shm/f', '21000-22000 rw-s 1000 /dev/shm/f']);
  });

  it('shmat maps /SYSV… (deleted) r--s with SHM_RDONLY, shmdt removes it', () => {
    const t = new Trace();
    t.add({ kind: 'shmat', syscall: 'shmat', shmid: 5, addr: 0, flags: 0o10000, result: ok(A) });
    const { replay } = run(t);
    const regions = replay.regions(replay.spaceOfPid(100) ?? -1);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 r--s 0 /SYSV00000000 (deleted)']);
    expect(regions[0]?.inode).toBe(5);
    expect(regions[0]?.uncertain).toBeDefined(); // the segment size comes from shmget
    t.add({ kind: 'shmdt', syscall: 'shmdt', addr: A, result: ok(0) });
    expect(mapsOf(run(t).replay, 100)).toEqual([]);
  });

  it('shmat with the segment a live recording saw: its size and key, not marked uncertain; a seen of another segment is ignored', () => {
    const t = new Trace();
    t.add({ kind: 'shmat', syscall: 'shmat', shmid: 5, addr: 0, flags: 0, result: ok(A), seen: { length: 3 * P, name: '/SYSV00005eed (deleted)', dev: '00:01', inode: 5 } });
    const { replay } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['20000-23000 rw-s 0 /SYSV00005eed (deleted)']);
    expect(replay.regions(replay.spaceOfPid(100) ?? -1)[0]?.uncertain).toBeUndefined();
    const other = new Trace();
    other.add({ kind: 'shmat', syscall: 'shmat', shmid: 5, addr: 0, flags: 0, result: ok(A), seen: { length: 3 * P, name: '/SYSV00005eed (deleted)', dev: '00:01', inode: 6 } });
    expect(mapsOf(run(other).replay, 100)).toEqual(['20000-21000 rw-s 0 /SYSV00000000 (deleted)']);
  });

  it('MAP_SHARED|MAP_ANONYMOUS: the shmem inode a live recording saw, not marked uncertain; unseen, inode 0 and marked', () => {
    const seen = new Trace();
    seen.add({ kind: 'mmap', syscall: 'mmap', addr: 0, length: 3 * P, prot: RW, flags: 0x21, offset: 0, result: ok(A), seen: { length: 3 * P, name: '/dev/zero (deleted)', dev: '00:01', inode: 1103 } });
    const { replay } = run(seen);
    const [r] = replay.regions(replay.spaceOfPid(100) ?? -1);
    expect(r).toMatchObject({ start: A, end: A + 3 * P, name: '/dev/zero (deleted)', dev: '00:01', inode: 1103 });
    expect(r?.uncertain).toBeUndefined();
    const unseen = new Trace();
    unseen.add({ kind: 'mmap', syscall: 'mmap', addr: 0, length: 3 * P, prot: RW, flags: 0x21, offset: 0, result: ok(A) });
    const [u] = run(unseen).replay.regions(run(unseen).replay.spaceOfPid(100) ?? -1);
    expect(u).toMatchObject({ dev: '00:01', inode: 0 });
    expect(u?.uncertain).toBeDefined();
  });

  it('io_setup maps /[aio] (deleted) rw-s, io_destroy removes it', () => {
    const t = new Trace();
    t.add({ kind: 'aio', syscall: 'io_setup', op: 'setup', nrEvents: 16, ctx: A, result: ok(0) });
    const lines = mapsOf(run(t).replay, 100);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^20000-2[0-9a-f]000 rw-s 0 \/\[aio\] \(deleted\)$/);
    t.add({ kind: 'aio', syscall: 'io_destroy', op: 'destroy', ctx: A, result: ok(0) });
    expect(mapsOf(run(t).replay, 100)).toEqual([]);
  });
});

describe('fault-dependent merges (§7 table)', () => {
  it('[a rw][c r--][d rw], c → rw: merges left only, two rw-p lines, the merged one uncertain', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.mmap(A + P, P, R, PRIV_ANON | FIXED);
    t.mmap(A + 2 * P, P, RW, PRIV_ANON | FIXED);
    t.mprotect(A + P, P, RW);
    const { replay } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['20000-22000 rw-p 0', '22000-23000 rw-p 0']);
    expect(replay.regions(replay.spaceOfPid(100) ?? -1)[0]?.uncertain).toBeDefined();
  });

  it('fork child: a new page after an inherited written VMA does not merge; after an untouched one it does', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.mmap(A + 4 * P, P, NONE, PRIV_ANON | FIXED);
    t.clone(17, 200);
    t.mmap(A + P, P, RW, PRIV_ANON | FIXED, A + P, { pid: 200 });
    t.mmap(A + 5 * P, P, NONE, PRIV_ANON | FIXED, A + 5 * P, { pid: 200 });
    expect(mapsOf(run(t).replay, 200)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0', '24000-26000 ---p 0']);
  });

  it('a moved written anonymous VMA keeps its pgoff: a page mapped right after it does not merge', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.mremap(A, P, P, 3, 0x40000, 0x40000);
    t.mmap(0x41000, P, RW, PRIV_ANON | FIXED);
    expect(mapsOf(run(t).replay, 100)).toEqual(['40000-41000 rw-p 0', '41000-42000 rw-p 0']);
  });

  it('a moved never-written (PROT_NONE) VMA takes the new pgoff and merges', () => {
    const t = new Trace();
    t.mmap(A, P, NONE, PRIV_ANON | FIXED);
    t.mremap(A, P, P, 3, 0x40000, 0x40000);
    t.mmap(0x41000, P, NONE, PRIV_ANON | FIXED);
    expect(mapsOf(run(t).replay, 100)).toEqual(['40000-42000 ---p 0']);
  });
});
