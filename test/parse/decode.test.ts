import { describe, expect, it } from 'vitest';
import { CLONE, MAP, MREMAP, PROT } from '../../src/model/linux.js';
import { one } from './helpers.js';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

// Renderings of strace-output.md §6–§7; expected values from linux.ts constants.
describe('memory calls', () => {
  const cases: readonly [string, string, Record<string, unknown>][] = [
    ['mmap file -y', `mmap(NULL, 1974096, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3<${LIBC}>, 0) = 0x7f076536e000`,
      { kind: 'mmap', addr: 0, length: 1974096, prot: PROT.READ, flags: MAP.PRIVATE | MAP.DENYWRITE, offset: 0, file: { fd: 3, path: LIBC } }],
    ['mmap fixed offset', 'mmap(0x7f0765394000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f0765394000',
      { addr: 0x7f0765394000, prot: PROT.READ | PROT.EXEC, flags: MAP.PRIVATE | MAP.FIXED | MAP.DENYWRITE, offset: 0x26000, file: { fd: 3 } }],
    ['mmap anon', 'mmap(0x200000000, 4096, PROT_READ, MAP_SHARED_VALIDATE|MAP_ANONYMOUS|MAP_32BIT|MAP_FIXED_NOREPLACE, -1, 0) = -1 EINVAL (Invalid argument)',
      { flags: MAP.SHARED_VALIDATE | MAP.ANONYMOUS | MAP['32BIT'] | MAP.FIXED_NOREPLACE, file: undefined }],
    ['mmap hugetlb shift', 'mmap(NULL, 2097152, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT, -1, 0) = 0x7f0000000000',
      { flags: MAP.PRIVATE | MAP.ANONYMOUS | MAP.HUGETLB | 21 * 2 ** 26 }],
    ['mmap MAP_FILE unknown bits', 'mmap(NULL, 4096, PROT_NONE, MAP_FILE|0x4000000, 3, 0) = 0x7f0000000000', { prot: 0, flags: 0x4000000 }],
    ['-X raw', 'mmap(NULL, 8192, 0x3, 0x22, -1, 0) = 0x7ffff7fc0000', { prot: 3, flags: 0x22, file: undefined }],
    ['-X verbose', 'mmap(NULL, 8192, 0x3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0) = 0x7ffff7fc0000', { prot: 3, flags: 0x22 }],
    ['-e raw=mmap', 'mmap(0, 0x2000, 0x3, 0x22, 0xffffffff, 0) = 0x7f377d301000', { addr: 0, length: 0x2000, prot: 3, flags: 0x22, file: undefined }],
    ['-e raw=mmap file', 'mmap(0, 0x86f3, 0x1, 0x2, 0x3, 0) = 0x7f377d2f8000', { length: 0x86f3, file: { fd: 3 } }],
    ['mmap2 bytes', 'mmap2(0xf7d8c000, 1544192, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x22000) = 0xf7d8c000', { kind: 'mmap', offset: 0x22000 }],
    ['-e raw=mmap2 pages', 'mmap2(0xf7d8c000, 0x179000, 0x5, 0x812, 0x3, 0x22) = 0xf7d8c000', { kind: 'mmap', offset: 0x22 * 4096 }],
    ['-N names', 'mmap(addr=NULL, length=8192, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, offset=0) = 0x7f00', { length: 8192, prot: 3 }],
    ['munmap', 'munmap(0x7f0765550000, 37891)     = 0', { kind: 'munmap', addr: 0x7f0765550000, length: 37891 }],
    ['mprotect', 'mprotect(0x7f076553d000, 16384, PROT_READ) = 0', { kind: 'mprotect', prot: PROT.READ }],
    ['pkey_mprotect', 'pkey_mprotect(0x7ff5fb3dc000, 4096, PROT_READ, -1) = -1 EPERM (Operation not permitted)', { kind: 'mprotect', pkey: -1 }],
    ['mremap shrink', 'mremap(0x7fda184e7000, 16384, 8192, 0) = 0x7fda184e7000', { kind: 'mremap', oldLength: 16384, newLength: 8192, flags: 0, newAddr: undefined }],
    ['mremap fixed', 'mremap(0x7fda184e7000, 20480, 32768, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7fda184fb000) = 0x7fda184fb000', { flags: MREMAP.MAYMOVE | MREMAP.FIXED, newAddr: 0x7fda184fb000 }],
    ['mremap dontunmap', 'mremap(0x7f3708bb9000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = 0x7f3708bb2000', { flags: MREMAP.MAYMOVE | MREMAP.DONTUNMAP }],
    ['brk', 'brk(0x5634fa20f000)               = 0x5634fa20f000', { kind: 'brk', addr: 0x5634fa20f000 }],
    ['brk(0) old', 'brk(0) = 0x5634fa1ee000', { kind: 'brk', addr: 0 }],
    ['madvise', 'madvise(0x7f3708bb7000, 4096, MADV_WIPEONFORK) = 0', { kind: 'madvise', advice: 'WIPEONFORK' }],
    ['madvise raw', 'madvise(0x7f3708bb7000, 4096, 0xa) = 0', { kind: 'madvise', advice: 'DONTFORK' }],
    ['mlock', 'mlock(0x7f3708bb7000, 4096) = 0', { kind: 'mlock', op: 'lock', length: 4096, flags: 0 }],
    ['mlock2', 'mlock2(0x7f3708bb7000, 4096, MLOCK_ONFAULT) = 0', { kind: 'mlock', op: 'lock', flags: 1 }],
    ['munlock', 'munlock(0x7f3708bb7000, 4096) = 0', { kind: 'mlock', op: 'unlock' }],
    ['mlockall', 'mlockall(MCL_CURRENT|MCL_FUTURE)  = 0', { kind: 'mlock', op: 'lockall', flags: 3 }],
    ['munlockall', 'munlockall() = 0', { kind: 'mlock', op: 'unlockall' }],
    ['remap_file_pages', 'remap_file_pages(0x7f3708bb3000, 4096, PROT_NONE, 2, MAP_FILE) = 0', { kind: 'remap_file_pages', size: 4096, pgoff: 2 }],
    ['shmat', 'shmat(0, NULL, SHM_RDONLY)        = 0x7f3708bb1000', { kind: 'shmat', shmid: 0, addr: 0, flags: 0o10000 }],
    ['shmdt', 'shmdt(0x7f3708bb1000) = 0', { kind: 'shmdt', addr: 0x7f3708bb1000 }],
    ['io_setup', 'io_setup(8, [0x7f3708bb2000])     = 0', { kind: 'aio', op: 'setup', nrEvents: 8, ctx: 0x7f3708bb2000 }],
    ['io_destroy', 'io_destroy(0x7f3708bb2000)        = 0', { kind: 'aio', op: 'destroy', ctx: 0x7f3708bb2000 }],
    ['anon name', 'prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x7f3baee1d000, 4096, "probe") = 0', { kind: 'anon_name', addr: 0x7f3baee1d000, length: 4096, name: 'probe' }],
    ['anon name clear', 'prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x7f3baee1d000, 4096, NULL) = 0', { kind: 'anon_name', name: undefined }],
    ['other prctl', 'prctl(PR_SET_NAME, "x") = 0', { kind: 'syscall', args: ['PR_SET_NAME', '"x"'] }],
    ['msync generic', 'msync(0x7f3708bb7000, 4096, MS_ASYNC|MS_INVALIDATE) = 0', { kind: 'syscall', syscall: 'msync' }],
    ['mincore generic', 'mincore(0x7f3708bb7000, 16384, [1, 1, 1, 1]) = 0', { kind: 'syscall', args: ['0x7f3708bb7000', '16384', '[1, 1, 1, 1]'] }],
    ['unknown nr', 'syscall_0x1ce(0x7ff5fb3dc000, 0x1000, 0, 0xffffffff, 0, 0) = 0', { kind: 'syscall', syscall: 'syscall_0x1ce' }],
  ];
  it.each(cases)('%s', (_n, line, expected) => expect(one(line)).toMatchObject(expected));
});

describe('fd decorations and escapes', () => {
  const cases: readonly [string, string, Record<string, unknown>][] = [
    ['\\74 \\76 \\" \\\\', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</tmp/x/a\\74b\\76c\\"d\\\\e>, 0) = 0x7f00', { file: { fd: 3, path: '/tmp/x/a<b>c"d\\e' } }],
    ['tab newline octal utf-8', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</tmp/t\\tn\\n\\303\\251>, 0) = 0x7f00', { file: { path: '/tmp/t\tn\n\u00e9' } }],
    ['-x hex', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3<\\x2f\\x74\\x6d\\x70>, 0) = 0x7f00', { file: { path: '/tmp' } }],
    ['deleted 5.19+', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 4</memfd:my memfd>(deleted), 0) = 0x7f00', { file: { fd: 4, path: '/memfd:my memfd', deleted: true } }],
    ['deleted old', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 4</memfd:x (deleted)>, 0) = 0x7f00', { file: { fd: 4, path: '/memfd:x', deleted: true } }],
    ['-yy device', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</dev/zero<char 1:5>>, 0) = 0x7f00', { file: { fd: 3, path: '/dev/zero' } }],
    ['path with parens and commas', 'mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</tmp/a (1), b[2]>, 0x1000) = 0x7f00', { offset: 0x1000, file: { path: '/tmp/a (1), b[2]' } }],
  ];
  it.each(cases)('%s', (_n, line, expected) => expect(one(line)).toMatchObject(expected));
});

describe('process and fd calls', () => {
  const SIGCHLD = 17;
  const cases: readonly [string, string, Record<string, unknown>][] = [
    ['execve', 'execve("/usr/bin/cat", ["cat", "/proc/self/maps"], 0x7fffabdb2e78 /* 35 vars */) = 0', { kind: 'execve', path: '/usr/bin/cat', argv: ['cat', '/proc/self/maps'] }],
    ['execve truncated argv', 'execve("/usr/bin/env", ["/usr/bin/env", "/work/main/scripts/programs/bin/"...], 0x7fffffffe6f0 /* 36 vars */) = 0', { argv: ['/usr/bin/env', '/work/main/scripts/programs/bin/'] }],
    ['execveat dirfd', 'execveat(6</usr/bin>, "true", ["true"], 0x7ffdbf5d13b8 /* 0 vars */, 0) = 0', { kind: 'execve', path: '/usr/bin/true' }],
    ['execveat absolute', 'execveat(AT_FDCWD, "/bin/true", ["true"], 0x7ffd /* 0 vars */, 0) = 0', { path: '/bin/true' }],
    ['clone 5.2+', 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f730f410a10) = 1696',
      { kind: 'clone', flags: CLONE.CHILD_CLEARTID | CLONE.CHILD_SETTID | SIGCHLD, stack: 0, result: { kind: 'ok', value: 1696 } }],
    ['clone old', 'clone(child_stack=0, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 1697', { flags: CLONE.VM | CLONE.VFORK | SIGCHLD, stack: 0 }],
    ['clone3 thread', 'clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fb43cfb5990, parent_tid=0x7fb43cfb5990, exit_signal=0, stack=0x7fb43cfa5000, stack_size=0xff80, tls=0x7fb43cfb56c0} => {parent_tid=[32549]}, 88) = 32549',
      { kind: 'clone', flags: CLONE.VM | CLONE.FS | CLONE.FILES | CLONE.SIGHAND | CLONE.THREAD | CLONE.SYSVSEM | CLONE.SETTLS | CLONE.PARENT_SETTID | CLONE.CHILD_CLEARTID, stack: 0x7fb43cfa5000, stackSize: 0xff80 }],
    ['clone3 posix_spawn', 'clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f7b3dc69000, stack_size=0x9000}, 88) = 8393', { flags: CLONE.VM | CLONE.VFORK | SIGCHLD, stackSize: 0x9000 }],
    ['fork', 'fork() = 1700', { kind: 'clone', flags: SIGCHLD }],
    ['vfork', 'vfork()                           = 1697', { kind: 'clone', flags: CLONE.VM | CLONE.VFORK | SIGCHLD }],
    ['exit', 'exit(0)                           = ?', { kind: 'exit', group: false, status: 0 }],
    ['exit_group', 'exit_group(3)                     = ?', { kind: 'exit', group: true, status: 3 }],
    ['wait4 generic', 'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 2266', { kind: 'syscall', args: ['-1', '[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]', '0', 'NULL'] }],
    ['kill generic', 'kill(1698, SIGKILL) = 0', { kind: 'syscall', syscall: 'kill' }],
    ['openat relative to dirfd', 'openat(5</tmp/d>, "f", O_RDONLY) = 3', { kind: 'fd', op: 'open', fd: 3, path: '/tmp/d/f' }],
    ['open', 'open("/etc/passwd", O_RDONLY) = 4', { kind: 'fd', op: 'open', fd: 4, path: '/etc/passwd' }],
    ['creat', 'creat("/tmp/x", 0644) = 5', { kind: 'fd', op: 'open', fd: 5 }],
    ['close', 'close(3</usr/lib/x>) = 0', { kind: 'fd', op: 'close', fd: 3, path: '/usr/lib/x' }],
    ['close_range stays generic', 'close_range(3, 4294967295, 0) = 0', { kind: 'syscall' }],
    ['dup', 'dup(3) = 4', { kind: 'fd', op: 'dup', fd: 3, newFd: 4 }],
    ['dup2 -yy', 'dup2(4</dev/null<char 1:3>>, 1) = 1</dev/null<char 1:3>>', { kind: 'fd', op: 'dup', fd: 4, newFd: 1 }],
    ['unlink', 'unlink("/tmp/a") = 0', { kind: 'fd', op: 'unlink', path: '/tmp/a' }],
    ['unlinkat', 'unlinkat(AT_FDCWD</tmp>, "a", 0) = 0', { kind: 'fd', op: 'unlink', path: '/tmp/a' }],
    ['renameat2', 'renameat2(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b", RENAME_NOREPLACE) = 0', { kind: 'fd', op: 'rename', path: '/tmp/a', newPath: '/tmp/b' }],
    ['-X raw openat', 'openat(-100, "/etc/ld.so.cache", 0x80000) = 3', { kind: 'fd', op: 'open', fd: 3, path: '/etc/ld.so.cache' }],
  ];
  it.each(cases)('%s', (_n, line, expected) => expect(one(line)).toMatchObject(expected));
});
