import { describe, expect, it } from 'vitest';
import { mergePerPidStreams, TraceParser } from '../../src/parse/index.js';
import { parseAll } from './helpers.js';

describe('trace info', () => {
  const cases: readonly [string, readonly string[], Record<string, unknown>][] = [
    ['-o -f -ttt -T -y', ['10 1795316102.729099 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</lib/x.so>, 0) = 0x7f00 <0.000014>'],
      { prefixes: ['plain'], timestamps: 'ttt', durations: true, fdPaths: 'y', flags: ['-f', '-o', '-ttt', '-T', '-y'] }],
    ['stderr -f -tt', ['[pid  5] 02:55:02.707857 brk(NULL) = 0x1'], { prefixes: ['bracket'], timestamps: 'tt', flags: ['-f', '-tt'] }],
    ['-yy', ['mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</dev/zero<char 1:5>>, 0) = 0x7f00'], { fdPaths: 'yy' }],
    ['-X raw', ['mmap(NULL, 8192, 0x3, 0x22, -1, 0) = 0x7f00'], { xlat: 'raw' }],
    ['-X verbose', ['mmap(NULL, 8192, 0x3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0) = 0x7f00'], { xlat: 'verbose' }],
    ['-e raw=mmap', ['mmap(0, 0x2000, 0x3, 0x22, 0xffffffff, 0) = 0x7f00'], { rawSyscalls: ['mmap'], xlat: 'abbrev' }],
    ['-N', ['mmap(addr=NULL, length=8192, prot=PROT_READ, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, offset=0) = 0x7f00'], { namedArgs: true }],
    ['clone alone is not -N', ['clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7f00) = 6'], { namedArgs: false }],
    ['-n -i', ['5 [   9] [00007f44af3f8ca3] brk(NULL) = 0x1'], { syscallNumbers: true, instructionPointers: true }],
    ['-Y', ['[pid 1234<cat>] brk(NULL) = 0x1'], { pidComms: true }],
    ['≥5.2 clone', ['clone(child_stack=NULL, flags=SIGCHLD, parent_tid=[7], child_tidptr=0x1) = 7'], { versionHint: '>=5.2' }],
    ['≤5.1 clone', ['clone(child_stack=0, flags=SIGCHLD, parent_tidptr=0x7f, child_tidptr=0x1) = 7'], { versionHint: '<=5.1' }],
    ['runs in 32 bit', ['[ Process PID=4340 runs in 32 bit mode. ]'], { personality: '32', personalitySource: 'runs-in' }],
    ['mmap2 ⇒ 32-bit', ['mmap2(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7f00000'], { personality: '32', personalitySource: 'syscalls' }],
    ['injected / delayed', ['brk(NULL) = 0 (INJECTED)', 'execve("/x", ["x"], 0x1 /* 1 vars */) = 0 (DELAYED)'], { injected: 1, delayed: 1 }],
  ];
  it.each(cases)('%s', (_n, lines, expected) => {
    expect(parseAll(lines).parser.info).toMatchObject(expected);
  });

  it('≤4.26 `resumed> )` style is hinted', () => {
    expect(parseAll(['5 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>', '6 brk(NULL) = 0x1', '5 <... mmap resumed> ) = 0x7f00']).parser.info.versionHint).toBe('<=4.26');
  });

  it('personality event from the runs-in line', () => {
    expect(parseAll(['4340  [ Process PID=4340 runs in 32 bit mode. ]']).events).toMatchObject([{ kind: 'personality', pid: 4340, mode: '32' }]);
  });
});

describe('-ff merge', () => {
  it('orders by timestamp, stable, frames stay with their line; pids come from the file', () => {
    const m = mergePerPidStreams([
      { pid: 11, lines: ['02:00:00.000002 brk(NULL) = 0x2', ' > /lib/x.so() [0x1]', '02:00:00.000004 +++ exited with 0 +++'] },
      { pid: 10, lines: ['02:00:00.000001 clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x1) = 11', '02:00:00.000002 brk(NULL) = 0x1'] },
    ]);
    expect(m.timed).toBe(true);
    expect(m.lines.map((l) => [l.pid, l.lineNo, l.source])).toEqual([[10, 1, 1], [10, 2, 1], [11, 1, 0], [11, 2, 0], [11, 3, 0]]);
    const p = new TraceParser({ sourcePids: [11, 10] });
    const events = m.lines.flatMap((l) => p.push(l.text, l.lineNo, l.source));
    expect(events.map((e) => [e.kind, e.pid, e.source])).toEqual([['clone', 10, 1], ['brk', 10, 1], ['brk', 11, 0], ['end', 11, 0]]);
    expect(p.diagnostics).toEqual([]);
    expect(p.info.prefixes).toContain('ff');
  });

  it('without timestamps: concatenated in pid order with a warning', () => {
    const m = mergePerPidStreams([{ pid: 20, lines: ['brk(NULL) = 0x2'] }, { pid: 10, lines: ['brk(NULL) = 0x1'] }]);
    expect(m.timed).toBe(false);
    expect(m.lines.map((l) => l.pid)).toEqual([10, 20]);
    expect(m.diagnostics).toMatchObject([{ severity: 'warning' }]);
  });
});
