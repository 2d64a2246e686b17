// mmap / munmap / mprotect / madvise tables: a few inline events, then the maps
// text, checked against linux-address-space.md §5–§7.
import { describe, expect, it } from 'vitest';
import { FIXED, NONE, P, PRIV_ANON, R, RW, RX, Trace, err, mapsOf, run } from './helpers.js';

const A = 0x20000;
const lib = (fd: number, path = '/lib/libc.so.6') => ({ fd, path });

describe('mmap', () => {
  it('merges top-down anonymous neighbours, not ones with other perms', () => {
    const t = new Trace();
    t.mmap(0, P, RW, PRIV_ANON, A);
    t.mmap(0, P, RW, PRIV_ANON, A - P); // the next gap down (§5)
    t.mmap(0, 2 * P, RW, PRIV_ANON, A - 3 * P);
    t.mmap(0, P, R, PRIV_ANON, A - 4 * P);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['1c000-1d000 r--p 0', '1d000-21000 rw-p 0']);
    expect(anomalies).toEqual([]);
  });

  it('MAP_FIXED over the middle leaves three pieces; the same attributes merge back', () => {
    const t = new Trace();
    t.mmap(0, 3 * P, RW, PRIV_ANON, A);
    t.mmap(A + P, P, NONE, PRIV_ANON | FIXED);
    const first = run(t);
    expect(mapsOf(first.replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 ---p 0', '22000-23000 rw-p 0']);
    // A fresh rw page between the two halves of one anon_vma: 3-way merge (§7 rule 6).
    t.mmap(A + P, P, RW, PRIV_ANON | FIXED);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });

  it('MAP_FIXED of a file in the middle of an anonymous map', () => {
    const t = new Trace();
    t.mmap(0, 4 * P, RW, PRIV_ANON, A);
    t.mmap(A + P, 2 * P, R, 0x12, A + P, { file: lib(3, '/data/f'), offset: 0x5000 });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-23000 r--p 5000 /data/f', '23000-24000 rw-p 0']);
  });

  it('MAP_STACK next to plain anonymous memory stays separate (VM_NOHUGEPAGE)', () => {
    const t = new Trace();
    t.mmap(0, 2 * P, RW, PRIV_ANON, A);
    t.mmap(0, 2 * P, RW, PRIV_ANON | 0x20000, A - 2 * P);
    expect(mapsOf(run(t).replay, 100)).toEqual(['1e000-20000 rw-p 0', '20000-22000 rw-p 0']);
  });

  it('shared anonymous maps are /dev/zero (deleted) and never merge', () => {
    const t = new Trace();
    t.mmap(0, P, RW, 0x21, A);
    t.mmap(0, P, RW, 0x21, A - P);
    t.mmap(0, P, R, 0x21, A - 2 * P);
    const { replay } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['1e000-1f000 r--s 0 /dev/zero (deleted)', '1f000-20000 rw-s 0 /dev/zero (deleted)', '20000-21000 rw-s 0 /dev/zero (deleted)']);
    const space = replay.spaceOfPid(100) ?? -1;
    expect(replay.regions(space).map((r) => r.dev)).toEqual(['00:01', '00:01', '00:01']);
  });

  it('skipped (INJECTED) calls change nothing', () => {
    const t = new Trace();
    t.mmap(0, 2 * P, RW, PRIV_ANON, A);
    t.munmap(A, P, 0, { skipped: true });
    t.mprotect(A, P, R, 0, { skipped: true });
    t.mmap(A + P, P, R, PRIV_ANON | FIXED, A + P, { skipped: true });
    t.mmap(0, P, RW, PRIV_ANON, err('ENOMEM'), { skipped: true });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 rw-p 0']);
  });
});

describe('munmap', () => {
  it('splits around a hole, keeping file offsets, and merges nothing afterwards', () => {
    const t = new Trace();
    t.open('/data/f', 3);
    t.mmap(0, 5 * P, R, 0x02, A, { file: lib(3, '/data/f') });
    t.munmap(A + P, P);
    t.munmap(A + 4 * P, P);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 r--p 0 /data/f', '22000-24000 r--p 2000 /data/f']);
    expect(anomalies).toEqual([]);
  });

  it('rounds the length up to pages and removes several VMAs at once', () => {
    const t = new Trace();
    t.mmap(0, 2 * P, RW, PRIV_ANON, A);
    t.mmap(0, P, R, PRIV_ANON, A - P);
    t.mmap(0, P, RW, PRIV_ANON, A - 2 * P);
    t.munmap(A - 2 * P, 2 * P + 1); // 3 pages: two whole VMAs and the first page of A
    expect(mapsOf(run(t).replay, 100)).toEqual(['21000-22000 rw-p 0']);
  });
});

describe('mprotect', () => {
  it('splits into three and merges back when restored', () => {
    const t = new Trace();
    t.mmap(0, 3 * P, RW, PRIV_ANON, A);
    t.mprotect(A + P, P, R);
    const split = run(t);
    expect(mapsOf(split.replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 r--p 0', '22000-23000 rw-p 0']);
    t.mprotect(A + P, P, RW);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });

  it('libc RELRO: the read-only part of the data map stays apart from r--p rodata (VM_ACCOUNT)', () => {
    const t = new Trace();
    t.open('/lib/libc.so.6', 3);
    t.mmap(0, 6 * P, R, 0x802, A, { file: lib(3) }); // whole image, MAP_PRIVATE|MAP_DENYWRITE
    t.mmap(A + P, P, RX, 0x812, A + P, { file: lib(3), offset: P });
    t.mmap(A + 4 * P, 2 * P, RW, 0x812, A + 4 * P, { file: lib(3), offset: 4 * P });
    t.mprotect(A + 4 * P, P, R);
    t.close(3);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual([
      '20000-21000 r--p 0 /lib/libc.so.6',
      '21000-22000 r-xp 1000 /lib/libc.so.6',
      '22000-24000 r--p 2000 /lib/libc.so.6',
      '24000-25000 r--p 4000 /lib/libc.so.6',
      '25000-26000 rw-p 5000 /lib/libc.so.6',
    ]);
    expect(anomalies).toEqual([]);
  });

  it('ENOMEM over a hole changes the part before the hole only', () => {
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.mmap(A + 3 * P, 2 * P, RW, PRIV_ANON | FIXED);
    t.mprotect(A + P, 4 * P, R, err('ENOMEM'));
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 r--p 0', '23000-25000 rw-p 0']);
    expect(anomalies).toEqual([]);
  });

  it('a failure other than ENOMEM changes nothing', () => {
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.mprotect(A, P, R, err('EACCES'));
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 rw-p 0']);
  });
});

describe('madvise', () => {
  it('ENOMEM over a hole still applies DONTFORK to every mapped part (seen in a fork child)', () => {
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.mmap(A + 3 * P, 2 * P, RW, PRIV_ANON | FIXED);
    t.madvise(A + P, 3 * P, 'DONTFORK', err('ENOMEM'));
    t.clone(17, 200);
    const { replay, anomalies } = run(t);
    // The parent's maps look the same line for line apart from the split at A+P.
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0', '23000-24000 rw-p 0', '24000-25000 rw-p 0']);
    expect(mapsOf(replay, 200)).toEqual(['20000-21000 rw-p 0', '24000-25000 rw-p 0']);
    expect(anomalies).toEqual([]);
  });

  it('advice that changes no flag (DONTNEED) does not split', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.madvise(A + P, P, 'DONTNEED');
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0']);
  });
});

describe('files and descriptors', () => {
  it('contiguous offsets through one open() merge; a second open() of the same path does not', () => {
    const t = new Trace();
    t.open('/lib/x.so', 3);
    t.mmap(0, P, R, 0x02, A, { file: lib(3, '/lib/x.so') });
    t.mmap(A + P, P, R, 0x12, A + P, { file: lib(3, '/lib/x.so'), offset: P });
    t.close(3);
    t.open('/lib/x.so', 3); // same fd number, new open file description
    t.mmap(A + 2 * P, P, R, 0x12, A + 2 * P, { file: lib(3, '/lib/x.so'), offset: 2 * P });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 r--p 0 /lib/x.so', '22000-23000 r--p 2000 /lib/x.so']);
  });

  it('unlinking a mapped path shows " (deleted)"', () => {
    const t = new Trace();
    t.open('/tmp/x', 3);
    t.mmap(0, P, RW, 0x01, A, { file: lib(3, '/tmp/x') });
    t.unlink('/tmp/x');
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-s 0 /tmp/x (deleted)']);
  });

  it('without open/close events, one fd keeps its identity while it names the same path (§10)', () => {
    const t = new Trace();
    t.mmap(A, P, R, 0x12, A, { file: lib(3, '/lib/a.so') });
    t.mmap(A + P, P, R, 0x12, A + P, { file: lib(3, '/lib/a.so'), offset: P });
    t.mmap(A + 2 * P, P, R, 0x12, A + 2 * P, { file: lib(3, '/lib/b.so'), offset: 2 * P });
    t.mmap(A + 3 * P, P, R, 0x12, A + 3 * P, { file: lib(3, '/lib/b.so'), offset: 3 * P });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 r--p 0 /lib/a.so', '22000-24000 r--p 2000 /lib/b.so']);
  });

  it('a dup shares the open file description, so maps through it merge', () => {
    const t = new Trace();
    t.open('/lib/a.so', 3);
    t.mmap(A, P, R, 0x12, A, { file: lib(3, '/lib/a.so') });
    t.add({ kind: 'fd', syscall: 'dup', op: 'dup', fd: 3, result: { kind: 'ok', value: 4 } });
    t.close(3);
    t.mmap(A + P, P, R, 0x12, A + P, { file: lib(4, '/lib/a.so'), offset: P });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 r--p 0 /lib/a.so']);
  });

  it('rename shows the new path; a second unlink marks only the new file', () => {
    const t = new Trace();
    t.open('/tmp/a', 3);
    t.mmap(A, P, R, 0x01, A, { file: lib(3, '/tmp/a') });
    t.add({ kind: 'fd', syscall: 'rename', op: 'rename', path: '/tmp/a', newPath: '/tmp/b', result: { kind: 'ok', value: 0 } });
    t.unlink('/tmp/b');
    t.open('/tmp/b', 4);
    t.mmap(A + 4 * P, P, R, 0x01, A + 4 * P, { file: lib(4, '/tmp/b') });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 r--s 0 /tmp/b (deleted)', '24000-25000 r--s 0 /tmp/b']);
    t.unlink('/tmp/b');
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 r--s 0 /tmp/b (deleted)', '24000-25000 r--s 0 /tmp/b (deleted)']);
  });
});
