// Tasks and address spaces: fork, vfork, threads, execve by a thread, exit,
// ordering hazards and anomalies (linux-address-space.md §9, strace-output.md §10).
import { describe, expect, it } from 'vitest';
import type { ProcessView } from '../../src/model/types.js';
import { FIXED, P, PRIV_ANON, R, RW, Trace, mapsOf, run } from './helpers.js';

const A = 0x20000;
const H = 0x555000;
const FORK = 17; // SIGCHLD
const VFORK = 0x100 | 0x4000 | 17;
const THREAD = 0x100 | 0x10000 | 0x800 | 0x400; // CLONE_VM|CLONE_THREAD|CLONE_SIGHAND|CLONE_FILES

function view(views: readonly ProcessView[], procId: number | undefined): ProcessView | undefined {
  return views.find((v) => v.procId === procId);
}

describe('fork', () => {
  it('the child gets a copy; later maps stay in their own space', () => {
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.clone(FORK, 200);
    t.mmap(A + 4 * P, P, R, PRIV_ANON | FIXED, A + 4 * P, { pid: 200 });
    t.munmap(A, P);
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['21000-22000 rw-p 0']);
    expect(mapsOf(replay, 200)).toEqual(['20000-22000 rw-p 0', '24000-25000 r--p 0']);
    expect(replay.spaceOfPid(100)).not.toBe(replay.spaceOfPid(200));
    const child = view(replay.processes(), replay.procOfPid(200));
    expect(child?.parent).toBe(replay.procOfPid(100));
    expect(child?.leader).toBe(child?.procId);
    expect(anomalies).toEqual([]);
  });

  it('child brk growth over a written heap gives two adjacent [heap] VMAs; the parent grows in place', () => {
    const t = new Trace();
    t.brk(0, H);
    t.brk(H + P, H + P);
    t.clone(FORK, 200);
    t.brk(H + 2 * P, H + 2 * P, { pid: 200 });
    t.brk(H + 2 * P, H + 2 * P);
    const { replay } = run(t);
    expect(mapsOf(replay, 200)).toEqual(['555000-556000 rw-p 0 [heap]', '556000-557000 rw-p 0 [heap]']);
    expect(mapsOf(replay, 100)).toEqual(['555000-557000 rw-p 0 [heap]']);
  });

  it('a MADV_DONTFORK page is missing in the child', () => {
    const t = new Trace();
    t.mmap(A, 3 * P, RW, PRIV_ANON | FIXED);
    t.madvise(A + P, P, 'DONTFORK');
    t.clone(FORK, 200);
    const { replay } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 rw-p 0', '22000-23000 rw-p 0']);
    expect(mapsOf(replay, 200)).toEqual(['20000-21000 rw-p 0', '22000-23000 rw-p 0']);
  });
});

describe('vfork and threads', () => {
  it('a vfork child maps into the parent until its execve gives it a new space', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(VFORK, 300);
    t.mmap(0, P, R, PRIV_ANON, A - P, { pid: 300 });
    const before = run(t);
    expect(before.replay.spaceOfPid(300)).toBe(before.replay.spaceOfPid(100));
    expect(mapsOf(before.replay, 100)).toEqual(['1f000-20000 r--p 0', '20000-21000 rw-p 0']);
    t.execve('/bin/true', 0, { pid: 300 });
    t.mmap(0x90000, P, RW, PRIV_ANON | FIXED, 0x90000, { pid: 300 });
    t.end({ pid: 300 });
    const { replay, anomalies } = run(t);
    expect(mapsOf(replay, 100)).toEqual(['1f000-20000 r--p 0', '20000-21000 rw-p 0']);
    const child = view(replay.processes(), before.replay.procOfPid(300));
    expect(child?.spaces.length).toBe(2);
    expect(child?.spaces[0]).toBe(replay.spaceOfPid(100));
    expect(child?.images).toEqual(['/bin/true']);
    expect(anomalies).toEqual([]);
  });

  it('a thread shares the space; `end` of the last user empties it', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(THREAD, 101);
    t.mmap(A + P, P, R, PRIV_ANON | FIXED, A + P, { pid: 101 });
    t.end({ pid: 101 });
    const mid = run(t);
    const space = mid.replay.spaceOfPid(100);
    expect(mapsOf(mid.replay, 100)).toEqual(['20000-21000 rw-p 0', '21000-22000 r--p 0']);
    const thread = mid.replay.processes().find((p) => p.pid === 101);
    expect(thread?.leader).toBe(mid.replay.procOfPid(100));
    expect(thread?.spaces).toEqual([space]);
    t.end();
    const { replay, anomalies } = run(t);
    expect(replay.regions(space ?? -1)).toEqual([]);
    expect(replay.procOfPid(100)).toBeUndefined();
    expect(anomalies).toEqual([]);
  });

  it('execve in a thread: superseded leader, the thread takes the leader pid and a new space', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(THREAD, 101);
    t.mmap(A + P, P, R, PRIV_ANON | FIXED, A + P, { pid: 101 });
    const before = run(t);
    const oldSpace = before.replay.spaceOfPid(100);
    const threadProc = before.replay.procOfPid(101);
    const leaderProc = before.replay.procOfPid(100);
    t.superseded(101);
    t.execve('/bin/new', 0, { pid: 100, entryLine: 2 });
    t.mmap(0x90000, P, RW, PRIV_ANON | FIXED, 0x90000);
    const { replay, anomalies } = run(t);
    expect(replay.procOfPid(100)).toBe(threadProc);
    expect(replay.procOfPid(101)).toBeUndefined();
    expect(replay.regions(oldSpace ?? -1)).toEqual([]);
    expect(mapsOf(replay, 100)).toEqual(['90000-91000 rw-p 0']);
    const views = replay.processes();
    expect(view(views, leaderProc)?.end?.how).toBe('superseded');
    const thread = view(views, threadProc);
    expect(thread?.pid).toBe(100);
    expect(thread?.leader).toBe(threadProc);
    expect(thread?.images).toEqual(['/bin/new']);
    expect(anomalies).toEqual([]);
  });
});

describe('execve in a thread without the superseded line (--quiet=thread-execve)', () => {
  it('the leader pid gets the new space; the other thread vanishes', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(THREAD, 101);
    t.execve('/bin/new', 0, { pid: 100, entryLine: 3 });
    const { replay, anomalies } = run(t);
    expect(replay.procOfPid(101)).toBeUndefined();
    expect(mapsOf(replay, 100)).toEqual([]);
    expect(replay.processes().find((p) => p.pid === 101)?.end?.how).toBe('vanished');
    expect(anomalies).toEqual([]);
  });
});

describe('ordering hazards (strace-output.md §10)', () => {
  it("a non-fixed mmap over a range another thread's in-flight munmap frees: no anomaly, right final state", () => {
    const t = new Trace();
    t.mmap(0, 2 * P, RW, PRIV_ANON, A, { line: 1 });
    t.clone(THREAD, 101, { line: 2 });
    // line 3: `101 munmap(A, 8192 <unfinished ...>`; line 4: `100 mmap(...) = A`; line 5: `101 <... munmap resumed>) = 0`
    t.mmap(0, 2 * P, R, PRIV_ANON, A, { line: 4 });
    t.munmap(A, 2 * P, 0, { pid: 101, entryLine: 3, line: 5 });
    const { replay, anomalies, effects } = run(t);
    expect(anomalies).toEqual([]);
    expect(mapsOf(replay, 100)).toEqual(['20000-22000 r--p 0']);
    expect(effects[3]?.changed).toBe(false); // applied early, a no-op at its own step
  });

  it("an mremap moved into a range another thread's in-flight munmap frees: the munmap first (churn trace, step 9065)", () => {
    const t = new Trace();
    t.mmap(0, 2 * P, RW, PRIV_ANON, A, { line: 1 });
    t.mmap(0, P, R, PRIV_ANON, 0x40000, { line: 2 });
    t.clone(THREAD, 101, { line: 3 });
    // line 4: `101 munmap(A, 8192 <unfinished ...>`; line 5: `100 mremap(0x40000, 4096, 8192, MREMAP_MAYMOVE) = A`;
    // line 6: `101 <... munmap resumed>) = 0`
    t.mremap(0x40000, P, 2 * P, 1, A, undefined, { line: 5 });
    t.munmap(A, 2 * P, 0, { pid: 101, entryLine: 4, line: 6 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    expect(mapsOf(replay, 100)).toEqual(['20000-22000 r--p 0']);
  });

  it("an mremap grown in place into a range another thread's in-flight munmap frees: the munmap first", () => {
    const t = new Trace();
    t.mmap(A, P, R, PRIV_ANON | FIXED, A, { line: 1 });
    t.mmap(A + P, P, RW, PRIV_ANON | FIXED, A + P, { line: 2 });
    t.clone(THREAD, 101, { line: 3 });
    // line 4: `101 munmap(A+P, 4096 <unfinished ...>`; line 5: `100 mremap(A, 4096, 8192, 0) = A`; line 6: resumed
    t.mremap(A, P, 2 * P, 0, A, undefined, { line: 5 });
    t.munmap(A + P, P, 0, { pid: 101, entryLine: 4, line: 6 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    expect(mapsOf(replay, 100)).toEqual(['20000-22000 r--p 0']);
  });

  it("a child's first line before its parent's clone returned links it to the parent", () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED, A, { line: 1 });
    // line 2: `100 clone(...) <unfinished ...>`; line 3: child's mmap; line 4: `<... clone resumed>) = 200`
    t.mmap(A + 2 * P, P, R, PRIV_ANON | FIXED, A + 2 * P, { pid: 200, line: 3 });
    t.clone(FORK, 200, { entryLine: 2, line: 4 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    expect(view(replay.processes(), replay.procOfPid(200))?.parent).toBe(replay.procOfPid(100));
    expect(mapsOf(replay, 200)).toEqual(['20000-21000 rw-p 0', '22000-23000 r--p 0']);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0']);
  });
});

describe('a child that ends before its parent sees the clone return', () => {
  it('is created from the in-flight clone and ends, instead of staying alive forever', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED, A, { line: 1 });
    // line 2: `100 clone(...) <unfinished ...>`; line 3: `200 +++ exited with 0 +++`; line 4: `<... clone resumed>) = 200`
    t.end({ pid: 200, line: 3 });
    t.clone(FORK, 200, { entryLine: 2, line: 4 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    const child = replay.processes().find((p) => p.pid === 200);
    expect(child?.parent).toBe(replay.procOfPid(100));
    expect(child?.end?.how).toBe('exited');
    expect(replay.procOfPid(200)).toBeUndefined();
  });
});

describe('ordering hazards, the other way round', () => {
  it("a munmap of a range another thread's in-flight mmap returns applies that mmap first", () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED, A, { line: 1 });
    t.clone(THREAD, 101, { line: 2 });
    // line 3: `101 mmap(NULL, 8192, ...) <unfinished ...>`; line 4: `100 munmap(A+4P, 8192) = 0`; line 5: `101 <... mmap resumed>) = A+4P`
    t.munmap(A + 4 * P, 2 * P, 0, { line: 4 });
    t.mmap(0, 2 * P, RW, PRIV_ANON, A + 4 * P, { pid: 101, entryLine: 3, line: 5 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0']);
  });
});

describe('pid reuse', () => {
  it('a recycled pid is a new task with its own ProcId', () => {
    const t = new Trace();
    t.clone(FORK, 200);
    t.end({ pid: 200 });
    t.clone(FORK, 200);
    t.mmap(A, P, R, PRIV_ANON | FIXED, A, { pid: 200 });
    const { replay, anomalies } = run(t);
    const both = replay.processes().filter((p) => p.pid === 200);
    expect(both).toHaveLength(2);
    expect(both[0]?.procId).not.toBe(both[1]?.procId);
    expect(both[0]?.end?.how).toBe('exited');
    expect(replay.procOfPid(200)).toBe(both[1]?.procId);
    expect(mapsOf(replay, 200)).toEqual(['20000-21000 r--p 0']);
    expect(anomalies).toEqual([]);
  });
});

describe('anomalies', () => {
  it('munmap of nothing', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.munmap(A + 8 * P, P);
    const { anomalies } = run(t);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatch(/unmapped nothing/);
  });

  it('clone and execve from pids nobody created', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(FORK, 401, { pid: 400 });
    t.execve('/bin/x', 0, { pid: 500 });
    const { anomalies, replay } = run(t);
    expect(anomalies).toHaveLength(2);
    expect(anomalies[0]).toMatch(/400/);
    expect(anomalies[1]).toMatch(/500/);
    // The orphan's clone still creates its child.
    expect(replay.procOfPid(401)).toBeDefined();
  });

  it('a non-fixed mmap over a live mapping with nothing in flight', () => {
    const t = new Trace();
    t.mmap(A, 2 * P, RW, PRIV_ANON | FIXED);
    t.mmap(0, P, R, PRIV_ANON, A);
    const { anomalies, replay } = run(t);
    expect(anomalies).toHaveLength(1);
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 r--p 0', '21000-22000 rw-p 0']);
  });
});

describe('a spawn hint from the parser (child lines long before the clone returns)', () => {
  it('creates the child in its parent space when the clone is beyond the lookahead window', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED, A, { line: 1 });
    // line 2: `100 clone3({flags=CLONE_VM|CLONE_THREAD…}) <unfinished ...>`; the thread's line 3
    // carries the parser's hint; the clone returns 100 events later.
    t.mmap(A + 2 * P, P, R, PRIV_ANON | FIXED, A + 2 * P, { pid: 200, line: 3, spawnedBy: { pid: 100, flags: THREAD } });
    for (let i = 0; i < 100; i++) t.mprotect(A, P, RW, 0, { line: 4 + i });
    t.clone(THREAD, 200, { entryLine: 2, line: 200 });
    const { replay, anomalies } = run(t);
    expect(anomalies).toEqual([]);
    expect(replay.spaceOfPid(200)).toBe(replay.spaceOfPid(100));
    expect(mapsOf(replay, 100)).toEqual(['20000-21000 rw-p 0', '22000-23000 r--p 0']);
    expect(replay.processes().filter((p) => p.pid === 200)).toHaveLength(1);
  });
});
