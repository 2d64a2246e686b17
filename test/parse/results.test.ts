import { describe, expect, it } from 'vitest';
import { one } from './helpers.js';

// Result shapes of strace-output.md §3.
describe('results', () => {
  const cases: readonly [string, Record<string, unknown>][] = [
    ['brk(NULL)                         = 0x5634fa1ee000', { result: { kind: 'ok', value: 0x5634fa1ee000 } }],
    ['munmap(0x7f0765550000, 37891)     = 0', { result: { kind: 'ok', value: 0 } }],
    ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)', { result: { kind: 'error', errno: 'ENOMEM' } }],
    ['munmap(0x1000, 4096) = -1 (errno 123)', { result: { kind: 'error', errno: 'errno 123' } }],
    ['exit_group(0)                     = ?', { result: { kind: 'none' } }],
    ['wait4(-1, 0x7ffd, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)', { result: { kind: 'error', errno: 'ERESTARTSYS' } }],
    ['munmap(0x1000, 4096) = ? <unavailable>', { result: { kind: 'none' } }],
    ['mmap(NULL, 1974096, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0) = -1 ENOMEM (Cannot allocate memory) (INJECTED)', { skipped: true, result: { kind: 'error', errno: 'ENOMEM' } }],
    ['brk(NULL) = 0 (INJECTED)', { skipped: true }],
    ['mprotect(0x1000, 4096, PROT_READ) = 0 (INJECTED: args)', { skipped: undefined }],
    ['execve("/usr/bin/true", ["true"], 0x7ffd /* 35 vars */) = 0 (DELAYED) <0.000281>', { kind: 'execve', skipped: undefined, result: { kind: 'ok', value: 0 } }],
    ['brk(NULL) = 0x5634fa1ee000 <0.000014>', { result: { kind: 'ok', value: 0x5634fa1ee000 } }],
    ['brk(NULL) = 0x5634fa1ee000 <0.000012362>', { result: { kind: 'ok', value: 0x5634fa1ee000 } }],
    ['openat(AT_FDCWD</work/main>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>', { kind: 'fd', op: 'open', fd: 3, path: '/etc/ld.so.cache' }],
    ['fcntl(3, F_DUPFD_CLOEXEC, 10) = 10 (flags FD_CLOEXEC)', { kind: 'fd', op: 'dup', fd: 3, newFd: 10 }],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(one(line)).toMatchObject(expected);
  });

  it('finds the closing parenthesis by scanning, not by a `) = ` search', () => {
    const e = one('execve("/bin/x) = 3", ["a) = (b", "c\\"d"], 0x7ffd /* 35 vars */) = 0');
    expect(e).toMatchObject({ kind: 'execve', path: '/bin/x) = 3', argv: ['a) = (b', 'c"d'] });
  });
});
