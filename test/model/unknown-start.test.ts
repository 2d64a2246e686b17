// Tasks already running when the trace began (`strace -p`, a cut head, a filter without execve):
// their first address space is marked, never presented as complete.
import { describe, expect, it } from 'vitest';
import { createReplay, restoreReplay } from '../../src/model/replay.js';
import { beganBeforeTrace } from '../../src/model/tasks.js';
import type { ProcessView, Replay } from '../../src/model/types.js';
import { FIXED, P, PRIV_ANON, RW, Trace, applyAll, err, run } from './helpers.js';

const A = 0x20000;
const FORK = 17; // SIGCHLD
const VFORK = 0x100 | 0x4000 | 17;
const THREAD = 0x100 | 0x10000 | 0x800 | 0x400;

// The latest task that had this pid (threads end when their process execs).
const viewOf = (replay: Replay, pid: number): ProcessView | undefined => replay.processes().findLast((p) => p.pid === pid);

describe('tasks running before the trace', () => {
  it('a trace that starts with its execve is complete', () => {
    const t = new Trace();
    t.execve('/bin/true');
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(FORK, 200);
    const { replay } = run(t);
    expect(viewOf(replay, 100)?.startUnknown).toBeUndefined();
    expect(viewOf(replay, 200)?.startUnknown).toBeUndefined();
  });

  it('a first task whose first event is not a successful execve is marked, in its first space only', () => {
    const t = new Trace();
    t.execve('/nope', err('ENOENT')); // a failed exec proves nothing about the start
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.execve('/bin/true');
    const replay = createReplay();
    applyAll(replay, t.events, 0, 2);
    const before = viewOf(replay, 100);
    expect(before?.startUnknown).toBe(true);
    expect(beganBeforeTrace(before, replay.spaceOfPid(100))).toBe(true);
    applyAll(replay, t.events, 2);
    const after = viewOf(replay, 100);
    expect(after?.startUnknown).toBe(true);
    expect(after?.spaces).toHaveLength(2);
    expect(beganBeforeTrace(after, replay.spaceOfPid(100))).toBe(false);
    expect(beganBeforeTrace(after, after?.spaces[0])).toBe(true);
  });

  it('threads, vfork and fork children made in that space inherit the mark; a child made after exec does not', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    t.clone(THREAD, 101);
    t.clone(VFORK, 200);
    t.execve('/bin/true', 0, { pid: 200 });
    t.clone(FORK, 300);
    t.execve('/bin/sh');
    t.clone(FORK, 400);
    const { replay } = run(t);
    for (const pid of [100, 101, 200, 300]) expect(viewOf(replay, pid)?.startUnknown, `pid ${pid}`).toBe(true);
    expect(viewOf(replay, 400)?.startUnknown).toBeUndefined();
    // The vfork child left the shared space by its exec; pid 300 is still in its copy of the first.
    expect(beganBeforeTrace(viewOf(replay, 200), replay.spaceOfPid(200))).toBe(false);
    expect(beganBeforeTrace(viewOf(replay, 300), replay.spaceOfPid(300))).toBe(true);
  });

  it('a later pid without a creator is marked too (and reported, as before)', () => {
    const t = new Trace();
    t.execve('/bin/true');
    t.mmap(A, P, RW, PRIV_ANON | FIXED, A, { pid: 500 });
    const { replay, anomalies } = run(t);
    expect(viewOf(replay, 100)?.startUnknown).toBeUndefined();
    expect(viewOf(replay, 500)?.startUnknown).toBe(true);
    expect(anomalies).toEqual(['pid 500 appears without a clone that created it']);
  });

  it('the mark survives a checkpoint', () => {
    const t = new Trace();
    t.mmap(A, P, RW, PRIV_ANON | FIXED);
    const { replay } = run(t);
    const restored = restoreReplay(replay.save());
    expect(viewOf(restored, 100)?.startUnknown).toBe(true);
  });
});
