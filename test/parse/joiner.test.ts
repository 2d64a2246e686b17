import { describe, expect, it } from 'vitest';
import { CLONE } from '../../src/model/linux.js';
import { parseAll } from './helpers.js';

describe('unfinished / resumed', () => {
  it('pairs by pid, both spacing styles, in completion order', () => {
    const { events, parser } = parseAll([
      '9465  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>',
      '9464  mprotect(0x7f1bc292f000, 8388608, PROT_READ|PROT_WRITE <unfinished ...>',
      '9464  <... mprotect resumed>) = 0',
      '9465  <... mmap resumed> ) = 0x7f1bc4319000',
    ]);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => [e.kind, e.pid, e.step, e.line, e.entryLine])).toEqual([
      ['mprotect', 9464, 1, 3, 2],
      ['mmap', 9465, 2, 4, 1],
    ]);
    expect(events[1]).toMatchObject({ length: 8192, result: { kind: 'ok', value: 0x7f1bc4319000 } });
  });

  it('clone ≤5.1: every arg on the resumed line', () => {
    const { events } = parseAll(['100   clone( <unfinished ...>', '101   brk(NULL) = 0x1000', '100   <... clone resumed>child_stack=0, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 101']);
    expect(events[1]).toMatchObject({ kind: 'clone', flags: CLONE.VM | CLONE.VFORK | 17, stack: 0, line: 3, entryLine: 1 });
  });

  it('clone 5.2+: flags at entry, parent_tid at exit', () => {
    const { events, parser } = parseAll([
      '100   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>',
      '101   brk(NULL) = 0x1000',
      '100   <... clone resumed>, child_tidptr=0x7f730f410a10) = 101',
    ]);
    expect(events[1]).toMatchObject({ kind: 'clone', flags: CLONE.CHILD_CLEARTID | CLONE.CHILD_SETTID | 17, result: { kind: 'ok', value: 101 } });
    expect(parser.info.versionHint).toBeUndefined();
  });

  it('clone3 with its ` => {…}` update on the resumed line', () => {
    const { events } = parseAll([
      '9464  clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0, stack=0x7f1bc312f000, stack_size=0x7fff80} <unfinished ...>',
      '9465  mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00',
      '9464  <... clone3 resumed> => {parent_tid=[9466]}, 88) = 9466',
    ]);
    expect(events[1]).toMatchObject({ kind: 'clone', flags: CLONE.VM | CLONE.THREAD, stack: 0x7f1bc312f000, stackSize: 0x7fff80, entryLine: 1, line: 3 });
  });

  it('vfork split', () => {
    const { events } = parseAll(['[pid  1696] vfork( <unfinished ...>', '[pid  1697] execve("/bin/true", ["true"], 0x7ffd /* 1 vars */) = 0', '[pid  1696] <... vfork resumed>) = 1697']);
    expect(events.map((e) => e.kind)).toEqual(['execve', 'clone']);
    expect(events[1]).toMatchObject({ pid: 1696, flags: CLONE.VM | CLONE.VFORK | 17 });
  });

  it('io_setup ring address from the output array on the resumed line', () => {
    const { events } = parseAll(['5 io_setup(8,  <unfinished ...>', '6 brk(NULL) = 0x1', '5 <... io_setup resumed>[0x7f3708bb2000]) = 0']);
    expect(events[1]).toMatchObject({ kind: 'aio', op: 'setup', ctx: 0x7f3708bb2000, nrEvents: 8 });
  });

  it('a call cut by process death', () => {
    const { events, parser } = parseAll(['5 nanosleep({tv_sec=10, tv_nsec=0},  <unfinished ...>', '6 exit_group(0) = ?', '5 <... nanosleep resumed> <unfinished ...>) = ?', '5 +++ killed by SIGKILL +++']);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['exit', 'syscall', 'end']);
    expect(events[1]).toMatchObject({ syscall: 'nanosleep', result: { kind: 'none' } });
    expect(events[2]).toMatchObject({ how: 'killed', signal: 'SIGKILL', status: 9 });
  });

  it('resumed with no start is a diagnostic with its line number', () => {
    const { events, parser } = parseAll(['5 brk(NULL) = 0x1', '5 <... mmap resumed>) = 0x7f00']);
    expect(events).toHaveLength(1);
    expect(parser.diagnostics).toMatchObject([{ line: 2, severity: 'warning' }]);
    expect(parser.counts).toMatchObject({ lines: 2, eventLines: 1, diagnosed: 1 });
  });

  it('an unfinished call never resumed is flushed at end() with result none', () => {
    const { events, parser } = parseAll(['7 munmap(0x7f0000000000, 8192 <unfinished ...>', '8 brk(NULL) = 0x1']);
    expect(events.map((e) => [e.kind, e.step])).toEqual([['brk', 1], ['munmap', 2]]);
    expect(events[1]).toMatchObject({ pid: 7, addr: 0x7f0000000000, length: 8192, result: { kind: 'none' }, line: 1 });
    expect(parser.diagnostics).toMatchObject([{ line: 1, severity: 'warning' }]);
    expect(parser.counts).toMatchObject({ lines: 2, eventLines: 2, consumed: 0, diagnosed: 0, pending: 0 });
  });
});

describe('multithreaded execve', () => {
  it('-o form: pid changed, superseded, resumed under the leader pid', () => {
    const { events, parser } = parseAll([
      '648   execve("/bin/true", ["true"], 0x7ffe5705c4a8 /* 35 vars */ <pid changed to 647 ...>',
      '647   +++ superseded by execve in pid 648 +++',
      '647   <... execve resumed>)             = 0',
    ]);
    expect(parser.diagnostics).toEqual([]);
    expect(events).toMatchObject([
      { kind: 'superseded', pid: 647, by: 648, step: 1, line: 2 },
      { kind: 'execve', pid: 647, path: '/bin/true', step: 2, line: 3, entryLine: 1 },
    ]);
  });

  it('stderr form: prefixes vanish once one tracee is left', () => {
    const { events, parser } = parseAll([
      '[pid   631] pause( <unfinished ...>',
      '[pid   632] execve("/bin/true", ["true"], 0x7fff63212748 /* 35 vars */ <unfinished ...>',
      '[pid   631] <... pause resumed>)        = ?',
      '+++ superseded by execve in pid 632 +++',
      '<... execve resumed>)                   = 0',
      '+++ exited with 0 +++',
    ]);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => [e.kind, e.pid])).toEqual([['syscall', 631], ['superseded', 631], ['execve', 631], ['end', 631]]);
    expect(events[2]).toMatchObject({ entryLine: 2, line: 5 });
  });
});

describe('stderr prefixes and attach messages', () => {
  it('unprefixed lines belong to the only live tracee; the first tracee is named later', () => {
    const { events, parser } = parseAll([
      'brk(NULL) = 0x1000',
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 1706 attached',
      ', child_tidptr=0x7f226c3efa10) = 1706',
      '[pid  1706] brk(NULL) = 0x2000',
      '[pid  1705] wait4(1706,  <unfinished ...>',
      '[pid  1706] +++ exited with 0 +++',
      '<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 1706',
    ], { defaultPid: 1705 });
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => [e.kind, e.pid, e.line])).toEqual([
      ['brk', 1705, 1], ['clone', 1705, 3], ['brk', 1706, 4], ['end', 1706, 6], ['syscall', 1705, 7],
    ]);
    expect(events[1]).toMatchObject({ entryLine: 2 });
    expect(parser.counts).toMatchObject({ lines: 7, eventLines: 7, consumed: 0, diagnosed: 0 });
  });

  it('attach message inside a line, continued by ` <unfinished ...>`; placeholder pid aliased to the real one', () => {
    const { events, parser } = parseAll([
      'brk(NULL) = 0x1000',
      'wait4(1706, strace: Process 1706 attached',
      ' <unfinished ...>',
      '[pid  1706] brk(NULL) = 0x2000',
      '[pid  1705] <... wait4 resumed>0x7ffd, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
    ]);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => [e.kind, e.pid])).toEqual([['brk', 0], ['brk', 1706], ['syscall', 0]]);
    expect(events[2]).toMatchObject({ entryLine: 2, line: 5, args: ['1706', '0x7ffd', '0', 'NULL'] });
    expect(parser.info).toMatchObject({ unnamedPid: 0, firstPid: 1705 });
  });

  it('a pid reused after +++ exited starts a new lifetime', () => {
    const { events, parser } = parseAll(['5 brk(NULL) = 0x1', '5 +++ exited with 0 +++', '5 brk(NULL) = 0x2', '5 +++ exited with 1 +++']);
    expect(parser.diagnostics).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['brk', 'end', 'brk', 'end']);
  });

  it('-k frames and attach/detach messages are consumed, not diagnosed', () => {
    const { events, parser } = parseAll(['5 brk(NULL) = 0x1', ' > /usr/lib/ld.so(_dl_catch_error+0x26f0) [0x1ab70]', 'strace: Process 9 attached', 'strace: Process 9 detached', '', '????( <unfinished ...>']);
    expect(events).toHaveLength(1);
    expect(parser.diagnostics).toEqual([]);
    expect(parser.counts).toMatchObject({ lines: 6, eventLines: 1, consumed: 5, diagnosed: 0 });
    expect(parser.info).toMatchObject({ stackTraces: true, frames: 1, unknownSyscallNumbers: 1 });
  });
});

describe('timestamps', () => {
  it('-r deltas are summed; -tt wraps at midnight; backwards time is a warning', () => {
    const r = parseAll(['     0.000100 brk(NULL) = 0x1', '     0.000250 brk(NULL) = 0x2']);
    expect(r.events.map((e) => e.time)).toEqual([100, 350]);
    const tt = parseAll(['23:59:59.999000 brk(NULL) = 0x1', '00:00:00.001000 brk(NULL) = 0x2']);
    expect(tt.events.map((e) => e.time)).toEqual([86399999000, 86400001000]);
    expect(tt.parser.diagnostics).toEqual([]);
    const back = parseAll(['1795316102.729099 brk(NULL) = 0x1', '1795316102.729000 brk(NULL) = 0x2']);
    expect(back.events).toHaveLength(2);
    expect(back.parser.diagnostics).toMatchObject([{ line: 2, severity: 'warning', reason: 'timestamp goes backwards' }]);
  });
});
