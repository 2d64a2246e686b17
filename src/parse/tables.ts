// Symbol → value tables for strace's flag names, built from ../model/linux.ts
// plus the few constants only the parser needs (x86_64/generic values, Linux 6.12 uapi).

import { CLONE, MAP, MAP_HUGE_SHIFT, MCL, MLOCK_ONFAULT, MREMAP, PROT, SHM_EXEC, SHM_RDONLY, SHM_REMAP, SHM_RND } from '../model/linux.js';

function prefixed(prefix: string, values: Readonly<Record<string, number>>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(values)) m.set(prefix + k, v);
  return m;
}

// Signal numbers (x86_64/i386/generic; arch/x86/include/uapi/asm/signal.h).
export const SIGNALS: ReadonlyMap<string, number> = new Map([
  ['SIGHUP', 1], ['SIGINT', 2], ['SIGQUIT', 3], ['SIGILL', 4], ['SIGTRAP', 5], ['SIGABRT', 6], ['SIGIOT', 6], ['SIGBUS', 7],
  ['SIGFPE', 8], ['SIGKILL', 9], ['SIGUSR1', 10], ['SIGSEGV', 11], ['SIGUSR2', 12], ['SIGPIPE', 13], ['SIGALRM', 14],
  ['SIGTERM', 15], ['SIGSTKFLT', 16], ['SIGCHLD', 17], ['SIGCONT', 18], ['SIGSTOP', 19], ['SIGTSTP', 20], ['SIGTTIN', 21],
  ['SIGTTOU', 22], ['SIGURG', 23], ['SIGXCPU', 24], ['SIGXFSZ', 25], ['SIGVTALRM', 26], ['SIGPROF', 27], ['SIGWINCH', 28],
  ['SIGIO', 29], ['SIGPOLL', 29], ['SIGPWR', 30], ['SIGSYS', 31], ['SIGRTMIN', 32],
]);

// Signal number from `SIGKILL`, `SIGRT_3`, `SIGRTMIN+3` or a number.
export function signalNumber(name: string): number | undefined {
  const n = SIGNALS.get(name);
  if (n !== undefined) return n;
  if (name.startsWith('SIGRT_')) return 32 + Number(name.slice(6));
  if (name.startsWith('SIGRTMIN+')) return 32 + Number(name.slice(9));
  return /^\d+$/.test(name) ? Number(name) : undefined;
}

export const PROT_TABLE: ReadonlyMap<string, number> = prefixed('PROT_', PROT);
export const MAP_TABLE: ReadonlyMap<string, number> = new Map([...prefixed('MAP_', MAP), ['MAP_HUGE_SHIFT', MAP_HUGE_SHIFT], ['MAP_ANON', MAP.ANONYMOUS]]);
export const MREMAP_TABLE: ReadonlyMap<string, number> = prefixed('MREMAP_', MREMAP);
// clone's flags= carries the exit signal in its low byte (`…|SIGCHLD`).
export const CLONE_TABLE: ReadonlyMap<string, number> = new Map([...prefixed('CLONE_', CLONE), ...SIGNALS]);
export const SHM_TABLE: ReadonlyMap<string, number> = new Map([['SHM_RDONLY', SHM_RDONLY], ['SHM_RND', SHM_RND], ['SHM_REMAP', SHM_REMAP], ['SHM_EXEC', SHM_EXEC]]);
export const MLOCK_TABLE: ReadonlyMap<string, number> = new Map([['MLOCK_ONFAULT', MLOCK_ONFAULT]]);
export const MCL_TABLE: ReadonlyMap<string, number> = prefixed('MCL_', MCL);
// remap_file_pages flags: only MAP_NONBLOCK is accepted; MAP_FILE prints for 0.
export const REMAP_TABLE: ReadonlyMap<string, number> = MAP_TABLE;

// madvise advice numbers (include/uapi/asm-generic/mman-common.h, Linux 6.13).
const MADV: Readonly<Record<string, number>> = {
  NORMAL: 0, RANDOM: 1, SEQUENTIAL: 2, WILLNEED: 3, DONTNEED: 4, FREE: 8, REMOVE: 9, DONTFORK: 10, DOFORK: 11,
  MERGEABLE: 12, UNMERGEABLE: 13, HUGEPAGE: 14, NOHUGEPAGE: 15, DONTDUMP: 16, DODUMP: 17, WIPEONFORK: 18,
  KEEPONFORK: 19, COLD: 20, PAGEOUT: 21, POPULATE_READ: 22, POPULATE_WRITE: 23, DONTNEED_LOCKED: 24, COLLAPSE: 25,
  HWPOISON: 100, SOFT_OFFLINE: 101, GUARD_INSTALL: 102, GUARD_REMOVE: 103,
};
export const MADV_BY_NUMBER: ReadonlyMap<number, string> = new Map(Object.entries(MADV).map(([k, v]) => [v, k]));

// prctl(PR_SET_VMA = 0x53564d41, PR_SET_VMA_ANON_NAME = 0) (include/uapi/linux/prctl.h).
export const PR_SET_VMA = 0x53564d41;
export const PR_SET_VMA_ANON_NAME = 0;
// fcntl commands that duplicate (include/uapi/asm-generic/fcntl.h, linux/fcntl.h).
export const F_DUPFD = 0;
export const F_DUPFD_CLOEXEC = 1030;
export const AT_FDCWD = -100;
