import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/parse/index.js';

// Leaders from strace-output.md §2 (measured on strace 6.1).
describe('line leaders', () => {
  const cases: readonly [string, string, Record<string, unknown>][] = [
    ['no prefix', 'brk(NULL)                         = 0x5634fa1ee000', { prefix: 'none', timeStyle: 'none' }],
    ['[pid N]', '[pid  1706] --- SIGSEGV {si_signo=SIGSEGV} ---', { prefix: 'bracket', pid: 1706 }],
    ['-o -f %-5u', '1695  wait4(-1, NULL, 0, NULL) = 1696', { prefix: 'plain', pid: 1695 }],
    ['-o -f 5 digits', '29892 exit_group(0)                     = ?', { prefix: 'plain', pid: 29892 }],
    ['-Y bracket', '[pid 1234<cat>] brk(NULL) = 0x1000', { prefix: 'bracket', pid: 1234, comm: 'cat' }],
    ['-Y plain', '1086<true> brk(NULL) = 0x1000', { prefix: 'plain', pid: 1086, comm: 'true' }],
    ['-t', '02:55:02 brk(NULL) = 0x1000', { timeStyle: 't', time: (2 * 3600 + 55 * 60 + 2) * 1e6 }],
    ['-tt', '02:55:02.707857 brk(NULL) = 0x1000', { timeStyle: 'tt', time: (2 * 3600 + 55 * 60 + 2) * 1e6 + 707857 }],
    ['-ttt', '1795316102.729099 brk(NULL) = 0x1000', { timeStyle: 'ttt', time: 1795316102729099 }],
    ['-ttt ns', '1795417412.430052956 brk(NULL) = 0x1000', { timeStyle: 'ttt', time: 1795417412430052, timeNs: true }],
    ['-r', '     0.000125 brk(NULL) = 0x1000', { timeStyle: 'r', time: 125 }],
    ['-o -f -r', '18759      0.001289 brk(NULL) = 0x1000', { prefix: 'plain', pid: 18759, timeStyle: 'r', time: 1289 }],
    ['-t -r', '02:55:02 (+     0.000247) brk(NULL) = 0x1000', { timeStyle: 't-r', time: (2 * 3600 + 55 * 60 + 2) * 1e6 }],
    ['pid + -tt', '10003 06:50:54.322121 brk(NULL) = 0x1000', { pid: 10003, timeStyle: 'tt' }],
    ['-n', '[   9] mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = 0x1000', { nr: 9 }],
    ['-i', '[00007fb7bc7b1ca3] brk(NULL) = 0x1000', { ip: '00007fb7bc7b1ca3' }],
    ['-i unknown', '[????????????????] brk(NULL) = 0x1000', { ip: '????????????????' }],
    ['-n -i with pid', '18754 [  59] [00007ff8e0f5dad7] brk(NULL) = 0x1000', { pid: 18754, nr: 59, ip: '00007ff8e0f5dad7' }],
    // The one-pass reader of `PID SECS.USEC ` (leader.ts readPidEpoch) and the lines next to its shape.
    ['-o -f -ttt', '27074 1796052031.299536 brk(NULL) = 0x1000', { prefix: 'plain', pid: 27074, timeStyle: 'ttt', time: 1796052031299536, timeNs: false, body: 24 }],
    ['-o -f -ttt padded pid', '3507  1796050693.627062 brk(NULL) = 0x1000', { prefix: 'plain', pid: 3507, timeStyle: 'ttt', time: 1796050693627062, body: 24 }],
    ['-o -f -ttt ns', '3507  1796050693.627062123 brk(NULL) = 0x1000', { pid: 3507, timeStyle: 'ttt', time: 1796050693627062, timeNs: true }],
    ['-o -f -r 8 digits', '3507  12345678.000001 brk(NULL) = 0x1000', { pid: 3507, timeStyle: 'r', time: 12345678000001 }],
    ['-o -f -ttt -n', '3507  1796050693.627062 [  12] brk(NULL) = 0x1000', { pid: 3507, timeStyle: 'ttt', nr: 12 }],
    ['16-digit pid', '1234567890123456 1796050693.627062 brk(NULL) = 0x1000', { pid: 1234567890123456, timeStyle: 'ttt' }],
  ];
  it.each(cases)('%s', (_name, line, expected) => {
    const r = parseLine(line);
    expect(r.leader).toMatchObject(expected);
    expect(r.body.kind).toBe(line.includes('---') ? 'signal' : 'call');
  });
});

describe('-ttt times of consecutive lines', () => {
  it('gives each line its own time whatever the line before it had', () => {
    const lines: readonly [string, number | undefined][] = [
      ['27074 1796052031.299536 brk(NULL) = 0x1000', 1796052031299536],
      ['27074 1796052031.299537 brk(NULL) = 0x1000', 1796052031299537],
      ['27074 17960520312.000001 brk(NULL) = 0x1000', 17960520312000001],
      ['27074 1796052031.000002 brk(NULL) = 0x1000', 1796052031000002],
      ['27074 179605203.000003 brk(NULL) = 0x1000', 179605203000003],
      ['27074 1796052032.5 brk(NULL) = 0x1000', 1796052032500000],
      ['27074 1796052032 brk(NULL) = 0x1000', undefined],
      ['27074 000000000.000004 brk(NULL) = 0x1000', 4],
    ];
    for (const [line, time] of lines) expect(parseLine(line).leader.time).toBe(time);
  });
});

describe('line bodies', () => {
  const cases: readonly [string, Record<string, unknown>][] = [
    ['mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0 <unfinished ...>', { kind: 'unfinished', name: 'mmap', text: 'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0' }],
    ['<... mmap resumed>) = 0x7f00', { kind: 'resumed', name: 'mmap', rest: ') = 0x7f00' }],
    ['<... mmap resumed> ) = 0x7f00', { kind: 'resumed', name: 'mmap', rest: ' ) = 0x7f00' }],
    ['<... nanosleep resumed> <unfinished ...>) = ?', { kind: 'resumed', name: 'nanosleep', rest: ') = ?' }],
    ['execve("/bin/true", ["true"], 0x7ffe5705c4a8 /* 35 vars */ <pid changed to 647 ...>', { kind: 'unfinished', name: 'execve', pidChangedTo: 647 }],
    ['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---', { kind: 'signal', signal: 'SIGSEGV', stopped: false, info: '{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8}' }],
    ['--- stopped by SIGSTOP ---', { kind: 'signal', signal: 'SIGSTOP', stopped: true }],
    ['+++ exited with 0 +++', { kind: 'exited', status: 0 }],
    ['+++ killed by SIGKILL +++', { kind: 'killed', signal: 'SIGKILL', core: false }],
    ['+++ killed by SIGSEGV (core dumped) +++', { kind: 'killed', signal: 'SIGSEGV', core: true }],
    ['+++ superseded by execve in pid 648 +++', { kind: 'superseded', by: 648 }],
    ['[ Process PID=4340 runs in 32 bit mode. ]', { kind: 'personality', pid: 4340, mode: '32' }],
    ['[ Process PID=4340 runs in 64 bit mode. ]', { kind: 'personality', pid: 4340, mode: '64' }],
    ['[ Process PID=4340 runs in x32 mode. ]', { kind: 'personality', pid: 4340, mode: 'x32' }],
    ['strace: [ Process PID=4340 runs in 32 bit mode. ]', { kind: 'personality', pid: 4340 }],
    [' > /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x8867) [0x20ce7]', { kind: 'frame' }],
    ['strace: Process 1706 attached', { kind: 'attached', pid: 1706 }],
    ['strace: Process 1706 attached with 3 threads', { kind: 'attached', pid: 1706, threads: 3 }],
    ['strace: Process 1706 detached', { kind: 'detached', pid: 1706 }],
    ['Process 1706 attached', { kind: 'attached', pid: 1706 }],
    ['wait4(1706, strace: Process 1706 attached', { kind: 'fragment', head: 'wait4(1706, ', attached: 1706 }],
    ['????( <unfinished ...>', { kind: 'unknown-nr' }],
    ['syscall_0x1ce(0x7ff5fb3dc000, 0x1000, 0, 0xffffffff, 0, 0) = 0', { kind: 'call', name: 'syscall_0x1ce' }],
    ['', { kind: 'empty' }],
    ['hello world', { kind: 'garbage' }],
    ['mmap(NULL, 8192, PROT_READ', { kind: 'garbage' }],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(parseLine(line).body).toMatchObject(expected);
  });
});

describe('readPidEpochBytes', () => {
  it('reads the leader from a line\'s bytes as readPidEpoch reads its text, never past the line', async () => {
    const fc = (await import('fast-check')).default;
    const { readPidEpoch, scanPidEpoch, pidEpochLeader } = await import('../../src/parse/leader.js');
    // What the parse worker does with a line's bytes: the body's index, then the Leader of pidEpoch.
    const readPidEpochBytes = (b: Uint8Array, start: number, end: number) => {
      const body = scanPidEpoch(b, start, end);
      return body < 0 ? undefined : pidEpochLeader(body);
    };
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    // Near misses of `PID SECONDS.MICROS ` (any part short, long, missing or odd), cut anywhere.
    const piece = fc.oneof(digits(0, 17), fc.constantFrom(' ', '  ', '.', '[', 'x', '\t', '\r', ' mmap(NULL, 4096) = 0', '[00007f] ', '<... mmap resumed>'));
    const line = fc.oneof(
      // Mostly well formed, lengths at their edges (pid 1-15 digits, seconds 9-15, micros 6).
      fc
        .tuple(fc.constantFrom(0, 1, 5, 15, 16), fc.constantFrom(' ', '  ', '     '), fc.constantFrom(8, 9, 10, 15, 16), fc.constantFrom('.', '.', ''), fc.constantFrom(5, 6, 6, 7, 9), fc.constantFrom(' ', ' ', '', 'x'), fc.constantFrom('mmap(', '[', '', '<... '), fc.nat())
        .map(([p, sp, sec, dot, us, end, body, seed]) => `${'7'.repeat(p)}${sp}${String(seed).padStart(sec, '1').slice(0, sec)}${dot}${'3'.repeat(us)}${end}${body}`),
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(line, fc.constantFrom('', '5', ' 6', '.7', '123'), (s, after) => {
        // The line inside a bigger buffer, followed by what could extend it were it read past its end.
        const bytes = new Uint8Array(Buffer.from(`9 ${s}${after}`, 'latin1'));
        expect(readPidEpochBytes(bytes, 2, 2 + s.length)).toEqual(readPidEpoch(s));
      }),
      { numRuns: 5000 },
    );
    expect(readPidEpochBytes(new Uint8Array(Buffer.from('27074 1796052031.299536 brk(NULL) = 0')), 0, 37)).toEqual(parseLine('27074 1796052031.299536 brk(NULL) = 0').leader);
  });
});
