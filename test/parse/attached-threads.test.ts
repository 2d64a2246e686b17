// `strace -p PID` of a running multithreaded process prints `attached with N threads` once; the
// other threads' pids first show on lines of their own, with no clone. The parser hints each as a
// thread of that process, only while that reading is unambiguous.
import { describe, expect, it } from 'vitest';
import { CLONE } from '../../src/model/linux.js';
import { createReplay } from '../../src/model/replay.js';
import { LOOKAHEAD } from '../../src/model/types.js';
import { parseAll } from './helpers.js';

const THREAD = CLONE.VM | CLONE.FS | CLONE.FILES | CLONE.SIGHAND | CLONE.THREAD | CLONE.SYSVSEM;
const map = (pid: number, addr: string) => `[pid ${pid}] mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = ${addr}`;

describe('attached with N threads', () => {
  it('hints the first N-1 new pids as threads of the attached process (not the process itself)', () => {
    const { events, parser } = parseAll([
      'strace: Process 100 attached with 3 threads',
      map(102, '0x7f0000010000'),
      map(100, '0x7f0000020000'),
      map(101, '0x7f0000030000'),
      map(102, '0x7f0000040000'),
      map(103, '0x7f0000050000'),
    ]);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => [e.pid, e.spawnedBy])).toEqual([
      [102, { pid: 100, flags: THREAD, attached: true }],
      [100, undefined],
      [101, { pid: 100, flags: THREAD, attached: true }],
      [102, undefined],
      [103, undefined], // two threads were placed: a third new pid is not guessed
    ]);

    // The replay: one process (made at its thread's first line) with three tasks in one space, all marked.
    const replay = createReplay();
    events.forEach((e, i) => replay.apply(e, events.slice(i + 1, i + 1 + LOOKAHEAD)));
    const procs = replay.processes();
    const leader = procs.find((p) => p.pid === 100);
    expect(leader?.startUnknown).toBe(true);
    for (const tid of [101, 102]) {
      expect(procs.find((p) => p.pid === tid)).toMatchObject({ leader: leader?.procId, startUnknown: true });
      expect(replay.spaceOfPid(tid)).toBe(replay.spaceOfPid(100));
    }
    expect(replay.regions(replay.spaceOfPid(100) ?? -1)).toHaveLength(4); // 103 is a process of its own
    expect(replay.spaceOfPid(103)).not.toBe(replay.spaceOfPid(100));
  });

  it('guesses nothing when two attached processes both have threads to place', () => {
    const { events } = parseAll(['strace: Process 100 attached with 2 threads', 'strace: Process 200 attached with 2 threads', map(201, '0x7f0000010000'), map(101, '0x7f0000020000')]);
    expect(events.map((e) => e.spawnedBy)).toEqual([undefined, undefined]);
  });

  it('a clone in flight still explains a new pid first', () => {
    const { events } = parseAll([
      'strace: Process 100 attached with 2 threads',
      '[pid 100] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>',
      map(300, '0x7f0000010000'),
      '[pid 100] <... clone resumed>, child_tidptr=0x7f730f410a10) = 300',
      map(101, '0x7f0000020000'),
    ]);
    expect(events.map((e) => [e.pid, e.spawnedBy?.attached, e.spawnedBy?.pid])).toEqual([
      [300, undefined, 100],
      [100, undefined, undefined],
      [101, true, 100],
    ]);
  });
});
