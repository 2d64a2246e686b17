// AddressSpace.regions() reuses the view of a VMA that did not change since the last call, and only that.
import { describe, expect, it } from 'vitest';
import { AddressSpace } from '../../src/model/space.js';
import type { RegionView } from '../../src/model/types.js';
import { shapedVma, toRegionView, type Vma } from '../../src/model/vma.js';

const P = 4096;
const ids = { nextAnonVma: () => 1 };
const file = { id: 'f1', path: '/usr/bin/cat', dev: 'fe:01', inode: 42, deleted: false };
const vma = (start: number, end: number, extra: Partial<Vma> = {}): Vma =>
  shapedVma({ start, end, prot: 3, shared: false, pgoff: start / P, flags: 0, pkey: 0, ...extra });

describe('AddressSpace.regions', () => {
  it('hands out the same view object for a VMA still in place, a new one for a changed VMA', () => {
    const s = new AddressSpace(1, ids);
    s.tree.insert(vma(0x400000, 0x401000, { file, pgoff: 0, prot: 5 }));
    s.tree.insert(vma(0x600000, 0x602000));
    s.tree.insert(vma(0x700000, 0x701000));
    const first = s.regions();
    s.tree.replace(vma(0x600000, 0x601000)); // shrunk: a new VMA object
    const second = s.regions();
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.end).toBe(0x601000);
    expect(second[2]).toBe(first[2]);
    s.tree.remove(0x400000);
    const third = s.regions();
    expect(third.map((r) => r.start)).toEqual([0x600000, 0x700000]);
    expect(third[0]).toBe(second[1]);
  });

  it('names an unchanged anonymous VMA again when the program break or stack moves onto it', () => {
    const s = new AddressSpace(1, ids);
    const anon = vma(0x555000, 0x576000);
    s.tree.insert(anon);
    s.tree.insert(vma(0x7ffd000, 0x7fff000));
    expect(s.regions().map((r) => r.name)).toEqual(['', '']);
    s.startBrk = 0x555000;
    s.brk = 0x576000;
    s.startStack = 0x7ffe500;
    const named = s.regions();
    expect(named.map((r) => r.name)).toEqual(['[heap]', '[stack]']);
    const ctx = { startBrk: s.startBrk, brk: s.brk, startStack: s.startStack };
    expect(named).toEqual(s.vmas().map((v) => toRegionView(v, ctx)));
  });

  it('returns a region equal to one of `like` as that object, and keeps it for the next call', () => {
    const s = new AddressSpace(1, ids);
    s.tree.insert(vma(0x1000, 0x2000));
    s.tree.insert(vma(0x3000, 0x5000)); // grown since `like`
    s.tree.insert(vma(0x5000, 0x6000, { uncertain: 'guess' })); // same range, now uncertain
    s.tree.insert(vma(0x6000, 0x7000, { prot: 1 })); // new
    const view = (start: number, end: number, extra: Partial<RegionView> = {}): RegionView => ({ start, end, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '', ...extra });
    const like = [view(0x1000, 0x2000), view(0x3000, 0x4000), view(0x5000, 0x6000), view(0x8000, 0x9000)];
    const got = s.regions(like);
    const ctx = { startBrk: undefined, brk: undefined, startStack: undefined };
    expect(got).toEqual(s.vmas().map((v) => toRegionView(v, ctx)));
    expect(got[0]).toBe(like[0]);
    expect(got.slice(1).some((r) => like.includes(r))).toBe(false);
    expect(s.regions()[0]).toBe(like[0]); // the space keeps the shared object
    expect(s.regions([])[0]).toBe(like[0]);
  });
});

