// save() → JSON → restoreReplay at a random step, then continuing, must match an
// uninterrupted replay: effects, processes, pid lookups, every space's regions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecLayout } from '../../src/model/events.js';
import { createReplay, restoreReplay } from '../../src/model/replay.js';
import type { ReplayCore } from '../../src/model/replay.js';
import { restoreState, saveState } from '../../src/model/replay-state.js';
import { AddressSpace } from '../../src/model/space.js';
import type { Replay } from '../../src/model/types.js';
import { shapedVma, type Vma } from '../../src/model/vma.js';
import { FIXED, P, PRIV_ANON, Trace, applyAll, err } from './helpers.js';

const BASE = 0x100000;
const H = 0x555000;
const LAYOUT: ExecLayout = {
  source: 'captured',
  brk: H,
  regions: [
    { start: 0x400000, end: 0x401000, perms: 'r-xp', offset: 0, dev: 'fe:00', inode: 9, name: '/bin/x' },
    { start: 0x401000, end: 0x402000, perms: 'rw-p', offset: 0x1000, dev: 'fe:00', inode: 9, name: '/bin/x' },
    { start: 0x7ff0000, end: 0x8000000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '[stack]' },
  ],
};

type Op = { readonly kind: number; readonly who: number; readonly a: number; readonly b: number; readonly c: number };
const opArb: fc.Arbitrary<Op> = fc.record({ kind: fc.nat(14), who: fc.nat(5), a: fc.nat(15), b: fc.integer({ min: 1, max: 4 }), c: fc.nat(7) });

// Turn abstract ops into a trace over a few tasks (anomalous traces are fine: the replay must still be deterministic).
function build(ops: readonly Op[]): Trace {
  const t = new Trace();
  const pids = [100];
  let nextPid = 200;
  for (const o of ops) {
    const pid = pids[o.who % pids.length] ?? 100;
    const addr = BASE + o.a * P;
    const prot = [0, 1, 3, 5][o.c % 4] ?? 0;
    const c = { pid };
    switch (o.kind) {
      case 0:
      case 1:
        t.mmap(addr, o.b * P, prot, PRIV_ANON | FIXED, addr, c);
        break;
      case 2:
        t.mmap(0, o.b * P, prot, o.c > 5 ? 0x21 : PRIV_ANON, addr, c); // non-fixed: may look like a race
        break;
      case 3:
        t.munmap(addr, o.b * P, 0, c);
        break;
      case 4:
        t.mprotect(addr, o.b * P, prot, o.c > 5 ? err('ENOMEM') : 0, c);
        break;
      case 5:
        t.madvise(addr, o.b * P, ['DONTFORK', 'DOFORK', 'DONTDUMP', 'RANDOM', 'DONTNEED'][o.c % 5] ?? 'NORMAL', 0, c);
        break;
      case 6:
        t.brk(o.c === 0 ? 0 : H + o.b * P, o.c === 0 ? H : H + o.b * P, c);
        break;
      case 7: {
        const flags = [17, 0x4111, 0x10d00][o.c % 3] ?? 17;
        t.clone(flags, nextPid, c);
        pids.push(nextPid++);
        break;
      }
      case 8:
        t.execve('/bin/x', 0, { ...c, ...(o.c % 2 === 0 ? { layout: LAYOUT } : {}) });
        break;
      case 9:
        if (o.c === 0) t.end(c);
        else t.mlock(o.c % 2 === 0 ? 'lock' : 'unlock', addr, o.b * P, 0, c);
        break;
      case 10:
        t.open(`/data/f${o.c % 2}`, 3 + (o.b % 2), c);
        break;
      case 11:
        t.mmap(addr, o.b * P, prot, 0x12, addr, { ...c, file: { fd: 3 + (o.b % 2), path: `/data/f${o.c % 2}` }, offset: o.a * P });
        break;
      case 12:
        t.close(3 + (o.b % 2), c);
        break;
      case 13:
        // Moves, and grows/shrinks in place over whatever the model holds there (several VMAs, holes).
        if (o.c % 2 === 0) t.mremap(addr, o.b * P, ((o.c % 4) + 1) * P, 0, addr, undefined, c);
        else t.mremap(addr, P, o.b * P, 1, BASE + ((o.a + 5) % 16) * P, undefined, c);
        break;
      default:
        t.unlink(`/data/f${o.c % 2}`, c);
    }
  }
  return t;
}

// Everything observable about a replay.
function observe(r: Replay): unknown {
  const processes = r.processes();
  const spaces = [...new Set(processes.flatMap((p) => p.spaces))].sort((a, b) => a - b);
  const pids = [100, ...Array.from({ length: 40 }, (_, i) => 200 + i)];
  return {
    step: r.step,
    processes,
    regions: spaces.map((s) => [s, r.regions(s)]),
    pids: pids.map((p) => [p, r.procOfPid(p), r.spaceOfPid(p)]),
  };
}

describe('replay checkpoints', () => {
  it('save → bytes → restore at any step continues like an uninterrupted replay', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), fc.nat(), (ops, cut) => {
        const events = build(ops).events;
        const k = cut % (events.length + 1);
        const whole = createReplay();
        const wholeEffects = applyAll(whole, events);
        const first = createReplay();
        applyAll(first, events, 0, k);
        const resumed = restoreReplay(first.save().slice());
        expect(observe(resumed)).toEqual(observe(first));
        const rest = applyAll(resumed, events, k);
        expect(rest).toEqual(wholeEffects.slice(k));
        expect(observe(resumed)).toEqual(observe(whole));
        expect(resumed.save()).toEqual(whole.save());
      }),
      { numRuns: 150 },
    );
  });
});

describe('replay invariants', () => {
  it('never leaves overlapping, empty or unordered regions, whatever the (anomalous) trace', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        const r = createReplay();
        for (const e of build(ops).events) {
          r.apply(e, []);
          for (const space of new Set(r.processes().flatMap((p) => p.spaces))) {
            const regions = r.regions(space);
            for (const [i, g] of regions.entries()) {
              expect(g.start).toBeLessThan(g.end);
              if (i > 0) expect(g.start, `step ${e.step}: ${JSON.stringify(regions[i - 1])} then ${JSON.stringify(g)}`).toBeGreaterThanOrEqual((regions[i - 1] as { end: number }).end);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('replay invariants on a crowded range', () => {
  it('fixed maps, mprotect splits, munmap and in-place mremap over 8 pages never overlap', () => {
    const step = fc.record({ kind: fc.nat(3), a: fc.nat(7), b: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 4 }), prot: fc.constantFrom(1, 3) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (ops) => {
        const t = new Trace();
        for (const o of ops) {
          const addr = BASE + o.a * P;
          if (o.kind === 0) t.mmap(addr, o.b * P, o.prot, PRIV_ANON | FIXED);
          else if (o.kind === 1) t.mprotect(addr, o.b * P, o.prot);
          else if (o.kind === 2) t.munmap(addr, o.b * P);
          else t.mremap(addr, o.b * P, o.c * P, 0, addr); // success as the trace says, whatever the model holds
        }
        const r = createReplay();
        for (const e of t.events) {
          r.apply(e, []);
          const regions = r.regions(r.spaceOfPid(100) ?? 0);
          for (const [i, g] of regions.entries()) {
            expect(g.start).toBeLessThan(g.end);
            if (i > 0) expect(g.start, `step ${e.step}`).toBeGreaterThanOrEqual((regions[i - 1] as { end: number }).end);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkpoint format', () => {
  const ids = { nextAnonVma: () => 1, nextFileId: () => 'f1' };
  const core = (space: AddressSpace): ReplayCore => ({
    step: 7, nextProc: 2, nextSpace: 2, nextAnon: 3, nextFile: 2, nextFdTable: 2, sawFirstTask: true,
    tasks: new Map(), pids: new Map(), spaces: new Map([[space.id, space]]), fdTables: new Map(), preApplied: new Set([9]),
  });
  const file = { id: 'f1', path: '/usr/lib/libc.so.6', dev: 'fe:01', inode: 1234567, deleted: false };
  const vma = (start: number, end: number, extra: Partial<Vma> = {}): Vma =>
    shapedVma({ start, end, prot: 5, shared: false, pgoff: start / P, flags: 0, pkey: 0, ...extra });

  it('round-trips every VMA field, odd addresses included, and shares one file object per open file', () => {
    const space = new AddressSpace(1, ids);
    space.startBrk = 0x555000;
    space.brk = 0x576000;
    const vmas = [
      vma(0x400000, 0x401000, { file, pgoff: 0 }),
      vma(0x401000, 0x403000, { file, pgoff: 1, prot: 7, shared: true }),
      vma(0x403000, 0x403800, { pgoff: 0x403000 / P + 0.5, uncertain: 'why' }), // not page-aligned: a damaged trace
      vma(0x500000, 0x501000, { file: { ...file, id: 'f2', deleted: true }, anonName: 'x', anonVma: 4, forked: true, pkey: 3, flags: 0x21 }),
      vma(0x600000, 0x602000, { special: '[vvar]', specialDev: '00:05', specialInode: 99, specialOffset: true, pgoff: 0 }),
      vma(0x7ffff7fc1000, 0x7ffff7fc3000, { special: '[vdso]', pgoff: -1 }),
      vma(0xffffffffff600000, 0xffffffffff601000, { special: '[vsyscall]', prot: 4, pgoff: 0 }),
    ];
    for (const v of vmas) space.tree.insert(v);
    const saved = saveState(core(space));
    const back = restoreState(saved, ids);
    const got = back.spaces.get(1)?.vmas() ?? [];
    expect(got).toEqual(vmas);
    expect(got[0]?.file).toBe(got[1]?.file);
    expect(back.spaces.get(1)?.brk).toBe(0x576000);
    expect(back.spaces.get(1)?.startStack).toBeUndefined();
    expect([...back.preApplied]).toEqual([9]);
    expect(back.step).toBe(7);
  });

  it('writes the same numbers as varints straight from the VMAs and through the float64 fallback', () => {
    // Every optional field, all small integers: the varint path. A page offset that is not an integer (a damaged
    // trace) in a second space sends the whole checkpoint through NumWriter in float64; both read back the same VMAs.
    const compact = new AddressSpace(1, ids);
    const all = [
      vma(0x400000, 0x401000, { file, pgoff: 0 }),
      vma(0x401000, 0x403000, { file: { ...file, deleted: true }, pgoff: 1, prot: 7, shared: true, anonName: 'x', anonVma: 4, forked: true, pkey: 3, flags: 0x21 }),
      vma(0x600000, 0x602000, { special: '[vvar]', specialDev: '00:05', specialInode: 99, specialOffset: true, pgoff: 0, uncertain: 'why' }),
      vma(0x7ffff7fc1000, 0x7ffff7fc3000, { anonVma: 70000 }),
      // Anonymous VMAs with a reason (the fault guess's, on churn): every tag bit they can have, two strings in turn.
      vma(0x7ffff7fc3000, 0x7ffff7fc5000, { anonVma: 5, forked: true, shared: true, specialOffset: true, uncertain: 'a' }),
      vma(0x7ffff7fc5000, 0x7ffff7fc6000, { pgoff: 3, uncertain: 'b' }),
      vma(0x7ffff7fd0000, 0x7ffff7fd1000, { uncertain: 'a' }),
    ];
    for (const v of all) compact.tree.insert(v);
    const varints = saveState(core(compact));
    expect(varints[5]).toBe(1);
    expect(restoreState(varints, ids).spaces.get(1)?.vmas()).toEqual(all);
    const odd = new AddressSpace(2, ids);
    odd.users = 1;
    odd.tree.insert(vma(0x800000, 0x800800, { pgoff: 0x800000 / P + 0.5 }));
    const both = core(compact);
    both.spaces.set(2, odd);
    const wide = saveState(both);
    expect(wide[5]).toBe(0);
    const back = restoreState(wide, ids);
    expect(back.spaces.get(1)?.vmas()).toEqual(all);
    expect(back.spaces.get(2)?.vmas()).toEqual(odd.vmas());
  });

  it('is several times smaller than the JSON of the same VMAs', () => {
    const space = new AddressSpace(1, ids);
    for (let i = 0; i < 2000; i++) space.tree.insert(vma(0x7f0000000000 + i * 3 * P, 0x7f0000000000 + (i * 3 + 2) * P, { prot: 3, anonVma: i }));
    const saved = saveState(core(space));
    expect(saved.length).toBeLessThan(JSON.stringify(space.vmas()).length / 8);
    expect(restoreState(saved, ids).spaces.get(1)?.vmas()).toEqual(space.vmas());
  });

  it('refuses bytes that are not a checkpoint, or a damaged one', () => {
    const space = new AddressSpace(1, ids);
    space.tree.insert(vma(0x400000, 0x401000));
    const saved = saveState(core(space));
    expect(() => restoreState(new TextEncoder().encode('{"v":2}'), ids)).toThrow(/unknown format/);
    expect(() => restoreState(saved.subarray(0, saved.length - 1), ids)).toThrow(/truncated/);
    const longer = new Uint8Array(saved.length + 1);
    longer.set(saved);
    expect(() => restoreState(longer, ids)).toThrow(/more numbers/);
  });
});
