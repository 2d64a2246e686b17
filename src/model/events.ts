// The typed event stream: the only thing the model ever sees of a trace.
//
// Produced by src/parse (decoding strace text) and src/store (reading the
// event log back). Every value is already decoded: numbers are numbers
// (symbolic flags turned into Linux x86_64 bit values, see ./linux.ts), paths
// are unescaped, timestamps are integer microseconds.

/** A user-space virtual address or length. Checked Number.isSafeInteger at parse. */
export type Addr = number;

/** A kernel task id exactly as strace printed it (pid or tid). Reused by the kernel. */
export type Pid = number;

/** Outcome of a syscall as printed after `=`. */
export type SyscallResult =
  | { readonly kind: 'ok'; readonly value: number }
  | { readonly kind: 'error'; readonly errno: string }
  /** `= ?` (no return: exit, death, execve by another thread) or `<unavailable>`. */
  | { readonly kind: 'none' };

/** Fields every event carries. */
export interface EventCommon {
  /** 1-based position in the event log; an unfinished/resumed pair is one step. */
  readonly step: number;
  /** Task id on the line (after `superseded` renames, the id the line shows). */
  readonly pid: Pid;
  /** Microseconds (absolute for -t/-tt/-ttt, relative to trace start for -r); absent without timestamps. */
  readonly time?: number;
  /** 1-based line number of the line that completed the event, in its source file. */
  readonly line: number;
  /** Line where the call started, when it was split by `<unfinished ...>`. */
  readonly entryLine?: number;
  /** Index into the trace's source files (for -ff sets); 0 for a single file. */
  readonly source?: number;
  /**
   * On a task's first line when a clone/fork/vfork of another task was still in flight
   * (`<unfinished ...>`): the task that is most likely creating it, and that call's flags.
   * strace can print a child's lines long before its parent's clone returns. With `attached: true`, no clone:
   * `strace -p` said `Process PID attached with N threads`, and this task is taken as one of those threads.
   */
  readonly spawnedBy?: { readonly pid: Pid; readonly flags: number; readonly attached?: true };
}

/** A file mapped through an fd, with what we know of it. */
export interface FileRef {
  readonly fd: number;
  /** Decoded `-y` path (strace escaping undone); absent without -y. */
  readonly path?: string;
  /** True when strace marked the fd `(deleted)`. */
  readonly deleted?: boolean;
  /** `MAJ:MIN` in /proc/PID/maps form (lowercase hex, ≥2 digits each), from stat or a capture. */
  readonly dev?: string;
  readonly inode?: number;
}

/** Fields of any real syscall. */
export interface SyscallCommon extends EventCommon {
  /** Syscall name as strace printed it (mmap2, clone3, syscall_0x1ce, …). */
  readonly syscall: string;
  readonly result: SyscallResult;
  /** `(INJECTED)` with error/retval: the kernel never ran the call. */
  readonly skipped?: boolean;
}

/**
 * A mapping as /proc/PID/maps showed it right after the call returned (`vmtrace run` reads it for what no trace line
 * says: a shmem file's inode, a SysV segment's size and key). Absent in saved traces.
 */
export interface SeenMapping {
  readonly length: number;
  readonly name: string;
  readonly dev: string;
  readonly inode: number;
}

/** mmap, mmap2, i386 old_mmap. `offset` is always bytes. */
export interface MmapEvent extends SyscallCommon {
  readonly kind: 'mmap';
  readonly addr: Addr; // 0 for NULL
  readonly length: number;
  readonly prot: number;
  readonly flags: number;
  readonly offset: number;
  /** Absent for fd -1 / MAP_ANONYMOUS. */
  readonly file?: FileRef;
  /** MAP_SHARED|MAP_ANONYMOUS in a live recording: the shmem file as the mapping showed it. */
  readonly seen?: SeenMapping;
}

export interface MunmapEvent extends SyscallCommon {
  readonly kind: 'munmap';
  readonly addr: Addr;
  readonly length: number;
}

/** mprotect and pkey_mprotect. */
export interface MprotectEvent extends SyscallCommon {
  readonly kind: 'mprotect';
  readonly addr: Addr;
  readonly length: number;
  readonly prot: number;
  readonly pkey?: number;
}

export interface MremapEvent extends SyscallCommon {
  readonly kind: 'mremap';
  readonly oldAddr: Addr;
  readonly oldLength: number;
  readonly newLength: number;
  readonly flags: number;
  /** 5th argument, when printed (MAYMOVE|FIXED, and DONTUNMAP on newer strace). */
  readonly newAddr?: Addr;
}

export interface BrkEvent extends SyscallCommon {
  readonly kind: 'brk';
  /** Requested break; 0 for brk(NULL)/brk(0). */
  readonly addr: Addr;
}

export interface MadviseEvent extends SyscallCommon {
  readonly kind: 'madvise';
  readonly addr: Addr;
  readonly length: number;
  /** Advice name without MADV_ prefix (e.g. `DONTFORK`), or the decimal number if unknown. */
  readonly advice: string;
}

/** mlock, mlock2, munlock, mlockall, munlockall. */
export interface MlockEvent extends SyscallCommon {
  readonly kind: 'mlock';
  readonly op: 'lock' | 'unlock' | 'lockall' | 'unlockall';
  readonly addr?: Addr;
  readonly length?: number;
  /** mlock2 MLOCK_ONFAULT = 1; mlockall MCL_CURRENT=1|MCL_FUTURE=2|MCL_ONFAULT=4. */
  readonly flags: number;
}

export interface RemapFilePagesEvent extends SyscallCommon {
  readonly kind: 'remap_file_pages';
  readonly addr: Addr;
  readonly size: number;
  /** In pages, as passed. */
  readonly pgoff: number;
}

export interface ShmatEvent extends SyscallCommon {
  readonly kind: 'shmat';
  readonly shmid: number;
  readonly addr: Addr;
  readonly flags: number;
  /** In a live recording: the segment as the mapping showed it (its size and key come from shmget, not traced). */
  readonly seen?: SeenMapping;
}

export interface ShmdtEvent extends SyscallCommon {
  readonly kind: 'shmdt';
  readonly addr: Addr;
}

/** io_setup (ring address from the output array) and io_destroy. */
export interface AioEvent extends SyscallCommon {
  readonly kind: 'aio';
  readonly op: 'setup' | 'destroy';
  /** Ring address: io_setup's output, io_destroy's argument. */
  readonly ctx?: Addr;
  readonly nrEvents?: number;
}

/** prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, addr, len, name). */
export interface AnonNameEvent extends SyscallCommon {
  readonly kind: 'anon_name';
  readonly addr: Addr;
  readonly length: number;
  /** undefined clears the name (NULL). */
  readonly name?: string;
}

/** One region of a captured or inferred layout, already in maps terms. */
export interface LayoutRegion {
  readonly start: Addr;
  readonly end: Addr;
  /** `r-xp` style. */
  readonly perms: string;
  readonly offset: number;
  readonly dev: string;
  readonly inode: number;
  /** Path or `[stack]`, `[vdso]`…; '' when unnamed. */
  readonly name: string;
}

/** The address space right after a successful execve, before the new image runs. */
export interface ExecLayout {
  /** `captured`: read from /proc/PID/maps during the trace; `inferred`: rebuilt from ELF headers. */
  readonly source: 'captured' | 'inferred';
  readonly regions: readonly LayoutRegion[];
  /** Program break (start_brk) if known. */
  readonly brk?: Addr;
  /** What could not be known (e.g. "[stack] and [vdso] not in a saved trace"). */
  readonly notes?: readonly string[];
}

/** execve and execveat. */
export interface ExecveEvent extends SyscallCommon {
  readonly kind: 'execve';
  readonly path: string;
  readonly argv: readonly string[];
  /** Attached by enrichment (live capture or ELF inference); absent otherwise. */
  readonly layout?: ExecLayout;
}

/** clone, clone3, fork, vfork. fork/vfork are given their implied flags. */
export interface CloneEvent extends SyscallCommon {
  readonly kind: 'clone';
  /** CLONE_* bits (see ./linux.ts); fork = SIGCHLD only, vfork = CLONE_VM|CLONE_VFORK. */
  readonly flags: number;
  readonly stack?: Addr;
  readonly stackSize?: number;
}

/** exit (one thread) and exit_group (whole process). */
export interface ExitCallEvent extends SyscallCommon {
  readonly kind: 'exit';
  readonly group: boolean;
  readonly status: number;
}

/** File-descriptor bookkeeping that decides merges and ` (deleted)`. */
export interface FdEvent extends SyscallCommon {
  readonly kind: 'fd';
  readonly op: 'open' | 'close' | 'dup' | 'unlink' | 'rename';
  /** open: the returned fd (in result); close: fd; dup: old fd. */
  readonly fd?: number;
  /** dup2/dup3 target, or fcntl F_DUPFD result (in result). */
  readonly newFd?: number;
  readonly path?: string;
  /** rename target. */
  readonly newPath?: string;
  /** dev:inode of an opened path (enrichment), so mmaps through the fd can show them without -y. */
  readonly dev?: string;
  readonly inode?: number;
}

/** Any other syscall (wait4, kill, msync, mincore, unknown numbers…): logged, no effect on maps. */
export interface OtherSyscallEvent extends SyscallCommon {
  readonly kind: 'syscall';
  /** Raw argument texts, split at top-level commas. */
  readonly args: readonly string[];
}

/** `+++ exited with N +++` / `+++ killed by SIG +++`. */
export interface ProcessEndEvent extends EventCommon {
  readonly kind: 'end';
  readonly how: 'exited' | 'killed';
  /** Exit status, or signal number for `killed`. */
  readonly status: number;
  readonly signal?: string;
  readonly core?: boolean;
}

/** `+++ superseded by execve in pid N +++`: line pid is the leader, `by` the exec'ing thread. */
export interface SupersededEvent extends EventCommon {
  readonly kind: 'superseded';
  readonly by: Pid;
}

/** `--- SIGSEGV {…} ---` and `--- stopped by SIGSTOP ---`. */
export interface SignalEvent extends EventCommon {
  readonly kind: 'signal';
  readonly signal: string;
  readonly stopped: boolean;
  readonly info?: string;
}

/** `[ Process PID=N runs in 32 bit mode. ]` */
export interface PersonalityEvent extends EventCommon {
  readonly kind: 'personality';
  readonly mode: '64' | '32' | 'x32';
}

/** Everything the replay consumes. */
export type VmEvent =
  | MmapEvent
  | MunmapEvent
  | MprotectEvent
  | MremapEvent
  | BrkEvent
  | MadviseEvent
  | MlockEvent
  | RemapFilePagesEvent
  | ShmatEvent
  | ShmdtEvent
  | AioEvent
  | AnonNameEvent
  | ExecveEvent
  | CloneEvent
  | ExitCallEvent
  | FdEvent
  | OtherSyscallEvent
  | ProcessEndEvent
  | SupersededEvent
  | SignalEvent
  | PersonalityEvent;

export type VmEventKind = VmEvent['kind'];

/** Compile-time exhaustiveness check for `switch (event.kind)`. */
export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
