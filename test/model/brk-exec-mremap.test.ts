// brk, execve layouts and mremap (linux-address-space.md §3, §4, §8).
import { describe, expect, it } from 'vitest';
import type { ExecLayout, LayoutRegion } from '../../src/model/events.js';
import { FIXED, P, PRIV_ANON, R, RW, Trace, mapsOf, run } from './helpers.js';

const H = 0x555000;

describe('brk', () => {
  it('brk(NULL), growth to [heap] (unaligned break), shrink, failed growth, back to start', () => {
    const t = new Trace();
    t.brk(0, H);
    t.brk(H + 0x1234, H + 0x1234);
    const grown = run(t);
    expect(mapsOf(grown.replay, 100)).toEqual(['555000-557000 rw-p 0 [heap]']);
    t.brk(H + P, H + P);
    expect(mapsOf(run(t).replay, 100)).toEqual(['555000-556000 rw-p 0 [heap]']);
    t.brk(H + 0x100000, H + P); // failure returns the old break
    expect(mapsOf(run(t).replay, 100)).toEqual(['555000-556000 rw-p 0 [heap]']);
    t.brk(H + 3 * P, H + 3 * P);
    expect(mapsOf(run(t).replay, 100)).toEqual(['555000-558000 rw-p 0 [heap]']);
    t.brk(H, H);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual([]);
    expect(anomalies).toEqual([]);
  });

  it('an anonymous map above the break is not [heap]', () => {
    const t = new Trace();
    t.brk(0, H);
    t.brk(H + P, H + P);
    t.mmap(H + 2 * P, P, RW, PRIV_ANON | FIXED);
    expect(mapsOf(run(t).replay, 100)).toEqual(['555000-556000 rw-p 0 [heap]', '557000-558000 rw-p 0']);
  });
});

const region = (start: number, end: number, perms: string, offset: number, name: string, dev = 'fe:00', inode = 42): LayoutRegion => ({
  start,
  end,
  perms,
  offset,
  dev: name.startsWith('/') ? dev : '00:00',
  inode: name.startsWith('/') ? inode : 0,
  name,
});

const LAYOUT: ExecLayout = {
  source: 'captured',
  brk: 0x405000,
  regions: [
    region(0x400000, 0x401000, 'r--p', 0, '/usr/bin/prog'),
    region(0x401000, 0x402000, 'r-xp', 0x1000, '/usr/bin/prog'),
    region(0x402000, 0x403000, 'rw-p', 0x2000, '/usr/bin/prog'),
    region(0x403000, 0x405000, 'rw-p', 0, ''), // .bss, ends at start_brk
    region(0x7000000, 0x7004000, 'r--p', 0, '[vvar]'),
    region(0x7004000, 0x7006000, 'r-xp', 0, '[vdso]'),
    region(0x7006000, 0x7007000, 'r--p', 0, '/lib/ld.so', 'fe:00', 7),
    region(0x7ff0000, 0x8000000, 'rw-p', 0, '[stack]'),
  ],
};

describe('execve', () => {
  it('a layout gives exactly its regions, with dev and inode', () => {
    const t = new Trace();
    t.execve('/usr/bin/prog', 0, { layout: LAYOUT });
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual([
      '400000-401000 r--p 0 /usr/bin/prog',
      '401000-402000 r-xp 1000 /usr/bin/prog',
      '402000-403000 rw-p 2000 /usr/bin/prog',
      '403000-405000 rw-p 0',
      '7000000-7004000 r--p 0 [vvar]',
      '7004000-7006000 r-xp 0 [vdso]',
      '7006000-7007000 r--p 0 /lib/ld.so',
      '7ff0000-8000000 rw-p 0 [stack]',
    ]);
    const regions = replay.regions(replay.spaceOfPid(100) ?? -1);
    expect(regions.map((r) => `${r.dev} ${r.inode}`)).toEqual(LAYOUT.regions.map((r) => `${r.dev} ${r.inode}`));
    expect(regions.every((r) => r.uncertain === undefined)).toBe(true);
    expect(anomalies).toEqual([]);
  });

  it('brk growth from layout.brk makes a [heap] VMA separate from .bss (§3 edge case, 6.18)', () => {
    const t = new Trace();
    t.execve('/usr/bin/prog', 0, { layout: LAYOUT });
    t.brk(0, 0x405000);
    t.brk(0x426000, 0x426000);
    const maps = mapsOf(run(t).replay, 100);
    expect(maps.slice(2, 5)).toEqual(['402000-403000 rw-p 2000 /usr/bin/prog', '403000-405000 rw-p 0', '405000-426000 rw-p 0 [heap]']);
  });

  it('an inferred layout is marked uncertain', () => {
    const t = new Trace();
    t.execve('/usr/bin/prog', 0, { layout: { ...LAYOUT, source: 'inferred' } });
    const { replay } = run(t);
    expect(replay.regions(replay.spaceOfPid(100) ?? -1).every((r) => r.uncertain !== undefined)).toBe(true);
  });

  it('a failed execve changes nothing', () => {
    const t = new Trace();
    t.mmap(0x20000, P, RW, PRIV_ANON | FIXED);
    t.execve('/nope', { kind: 'error', errno: 'ENOENT' });
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 rw-p 0']);
  });
});

const A = 0x20000;
const MAYMOVE = 1;
const MFIXED = 2;
const DONTUNMAP = 4;

describe('mremap', () => {
  it('shrink, grow in place, move, fixed move, dontunmap', () => {
    const t = new Trace();
    t.mmap(A, 4 * P, RW, PRIV_ANON | FIXED);
    t.mmap(A + 3 * P + 0x10000, P, R, PRIV_ANON | FIXED); // something unrelated further up
    t.mremap(A, 4 * P, 2 * P, 0, A);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 rw-p 0', '33000-34000 r--p 0']);
    t.mremap(A, 2 * P, 3 * P, 0, A);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-23000 rw-p 0', '33000-34000 r--p 0']);
    t.mremap(A, 3 * P, 5 * P, MAYMOVE, 0x40000);
    expect(mapsOf(run(t).replay, 100)).toEqual(['33000-34000 r--p 0', '40000-45000 rw-p 0']);
    t.mmap(0x50000, P, R, PRIV_ANON | FIXED);
    t.mremap(0x40000, P, P, MAYMOVE | MFIXED, 0x50000, 0x50000); // the target is unmapped first
    expect(mapsOf(run(t).replay, 100)).toEqual(['33000-34000 r--p 0', '41000-45000 rw-p 0', '50000-51000 rw-p 0']);
    // Judgement call, not asserted: DONTUNMAP of *part* of a moved (pgoff ≠ addr>>12) VMA
    // splits the source in the model (anon pgoff reset); 6.12's move_vma does not split it.
    t.mremap(0x50000, P, P, MAYMOVE | DONTUNMAP, 0x60000);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['33000-34000 r--p 0', '41000-45000 rw-p 0', '50000-51000 rw-p 0', '60000-61000 rw-p 0']);
    expect(anomalies).toEqual([]);
  });

  it('memory moved while (by the guess) written keeps its old pgoff; a merge that only its pages decide is marked', () => {
    // linux-address-space.md §7: a moved written anon VMA does not merge with a new page mapped next to it, a moved
    // unwritten one does. The model guesses "written" and keeps them apart, but says the merge depended on it.
    const t = new Trace();
    t.mmap(0x100000, 3 * P, RW, PRIV_ANON); // written, by the guess
    t.mremap(0x100000, 3 * P, 7 * P, MAYMOVE, 0x2b000);
    t.mprotect(0x2e000, P, 0); // PROT_NONE: the moved VMA is split
    t.mmap(0x23000, 8 * P, RW, PRIV_ANON); // right below it, same perms and flags
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['23000-2b000 rw-p 0', '2b000-2e000 rw-p 0', '2e000-2f000 ---p 0', '2f000-32000 rw-p 0']);
    const regions = replay.regions(replay.spaceOfPid(100) ?? -1);
    expect(regions[0]?.uncertain).toMatch(/whether these pages were written/);
    expect(anomalies).toEqual([]);
  });

  it('memory moved before it was written merges with a new neighbour, and nothing is marked', () => {
    const t = new Trace();
    t.mmap(0x100000, 3 * P, R, PRIV_ANON); // read-only: never written, by the guess too
    t.mremap(0x100000, 3 * P, 7 * P, MAYMOVE, 0x2b000);
    t.mmap(0x23000, 8 * P, R, PRIV_ANON);
    const { replay } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['23000-32000 r--p 0']);
    expect(replay.regions(replay.spaceOfPid(100) ?? -1).every((r) => r.uncertain === undefined)).toBe(true);
  });

  it('grow in place stops at a neighbour with other perms (no merge)', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.mmap(A + 2 * P, P, R, PRIV_ANON | FIXED);
    t.mremap(A, P, 2 * P, 0, A);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 rw-p 0', '22000-23000 r--p 0']);
  });

  it('a grow in place over a range the model holds as two VMAs: anomaly, and no overlapping regions', () => {
    // The kernel grows in place only a range that ends its one VMA (else EFAULT or a move); a success
    // over two VMAs means the model missed something (racing threads). It must stay consistent.
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.mprotect(A + P, P, R);
    t.mmap(A + 4 * P, P, R, PRIV_ANON | FIXED);
    t.mremap(A, 2 * P, 3 * P, 0, A);
    const { replay, anomalies } = run(t);
    const maps = mapsOf(replay, 100);
    expect(maps).toEqual(['20000-23000 rw-p 0', '24000-25000 r--p 0']);
    expect(anomalies).toEqual(['mremap grew 0x20000 in place but the model has [0x20000, 0x21000) there, not the whole old range [0x20000, 0x22000)']);
  });

  it('moving part of a file map keeps the file offset and splits the source', () => {
    const t = new Trace();
    t.open('/data/f', 3);
    t.mmap(A, 3 * P, R, 0x12, A, { file: { fd: 3, path: '/data/f' } });
    t.mremap(A + P, P, P, MAYMOVE | MFIXED, 0x70000, 0x70000);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-21000 r--p 0 /data/f', '22000-23000 r--p 2000 /data/f', '70000-71000 r--p 1000 /data/f']);
  });

  it('old_len 0 duplicates part of a shared mapping; the source stays', () => {
    const t = new Trace();
    t.open('/dev/shm/f', 3);
    t.mmap(A, 2 * P, R, 0x01, A, { file: { fd: 3, path: '/dev/shm/f' } });
    t.mremap(A + P, 0, P, MAYMOVE, 0x40000);
    expect(mapsOf(run(t).replay, 100)).toEqual(['20000-22000 r--s 0 /dev/shm/f', '40000-41000 r--s 1000 /dev/shm/f']);
  });

  it('moving [vdso] keeps its name (§8)', () => {
    const t = new Trace();
    t.execve('/usr/bin/prog', 0, { layout: LAYOUT });
    t.mremap(0x7004000, 2 * P, 2 * P, MAYMOVE | MFIXED, 0x9000000, 0x9000000);
    const maps = mapsOf(run(t).replay, 100);
    expect(maps).toContain('9000000-9002000 r-xp 0 [vdso]');
    expect(maps.some((l) => l.startsWith('7004000-'))).toBe(false);
  });
});

