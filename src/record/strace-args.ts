// The strace command line of a recording (strace-output.md §1, §12).
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** Syscalls traced: what the replay needs (memory, process, anon names, fd identity for merges, ` (deleted)`). */
export const TRACE_FILTER =
  '%memory,%process,prctl,open,openat,openat2,creat,close,close_range,dup,dup2,dup3,fcntl,unlink,unlinkat,rename,renameat,renameat2';

/** How long strace holds a tracee for the live /proc reads, in microseconds (see docs/recording.md). */
export interface Delays {
  /** After every execve returns (successful or not). */
  readonly execUs: number;
  /** On entry to every exit_group. */
  readonly exitUs: number;
}

/**
 * The delays on a busy machine. Measured (docs/recording.md): nothing lost at 10 ms under moderate
 * load, ~2 % late under 3 spinning processes, none at 20 ms.
 */
export const DEFAULT_DELAYS: Delays = { execUs: 10_000, exitUs: 10_000 };

/**
 * The delays while a core is free (fewer other tasks runnable than the core count minus a half): 5 ms per exec and
 * per exit, not 10. Measured idle with the full import (docs/recording.md): 1 capture lost in 2,010 at 5 ms, 1-2 %
 * at 3 ms. The target's own exec, which comes while vmtrace starts, was lost at 5 ms in ~13 % of `run -- cat
 * /proc/self/maps` while the reader thread booted beside it; the thread now boots after that capture (recorder.ts),
 * and 0 of 90 were lost at 5 ms, even with the machine at load 4.6.
 */
export const IDLE_DELAYS: Delays = { execUs: 5_000, exitUs: 5_000 };

/** What the delays are chosen from (by default: this machine, now). */
export interface MachineLoad {
  /** 1-minute load average. */
  readonly load: number;
  readonly cores: number;
  /** Other tasks runnable now (the fewer of two looks at /proc/loadavg), when the kernel says. */
  readonly runnable?: number;
}

/**
 * Tasks runnable right now other than the calling thread: /proc/loadavg's fourth field (runnable/all) less one;
 * undefined when it cannot be read.
 */
export function othersRunnable(): number | undefined {
  try {
    const m = /^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'latin1'));
    return m === null ? undefined : Math.max(0, Number(m[1]) - 1);
  } catch {
    return undefined;
  }
}

// This machine now; `earlier`: othersRunnable() a little before (the fewer is taken: a blip is not a busy machine).
export function machineLoad(earlier?: number): MachineLoad {
  const now = othersRunnable();
  const runnable = now === undefined ? earlier : earlier === undefined ? now : Math.min(now, earlier);
  return { load: loadavg()[0] ?? 0, cores: availableParallelism(), ...(runnable === undefined ? {} : { runnable }) };
}

// The delays to use: `VMTRACE_DELAY_US` (both) when set to a positive integer, else IDLE_DELAYS while a core is free,
// else DEFAULT_DELAYS. A core is free when fewer other tasks are runnable now than the cores less a half (with 2
// cores: at most one other busy task). The 1-minute load average lags: right after other runs, vmtrace's own
// included, it stays at ~1.7 on 2 cores for a minute while nothing runs (docs/recording.md, fifteenth round), so it
// decides only when the kernel does not say what runs now, or when it is twice the cores. A capture read too late
// is counted, never used.
export function delaysFromEnv(env: NodeJS.ProcessEnv = process.env, machine: MachineLoad = machineLoad()): Delays {
  const us = Number(env.VMTRACE_DELAY_US);
  if (Number.isSafeInteger(us) && us > 0) return { execUs: us, exitUs: us };
  if (machine.load >= 2 * machine.cores) return DEFAULT_DELAYS;
  const busy = machine.runnable ?? machine.load;
  return busy < machine.cores - 0.5 ? IDLE_DELAYS : DEFAULT_DELAYS;
}

/** The shell that starts the target: moves the real stderr from fd 3 back to fd 2, then execs. */
export const LAUNCHER_SCRIPT = 'exec 2>&3 3>&-; exec "$0" "$@"';

/**
 * Whether strace stops the tracees only on the traced syscalls (`--seccomp-bpf`): yes unless
 * `VMTRACE_SECCOMP=0`. Without it every syscall of every tracee stops twice for strace, traced or not
 * (gcc -c hello: 186 → 85 ms under strace alone, docs/recording.md). The cost: strace sets no_new_privs
 * on the tracees (setuid and file capabilities are not applied at their execs; under a non-root
 * tracer ptrace already prevents them) and a seccomp filter is visible in /proc/PID/status.
 */
export function seccompFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VMTRACE_SECCOMP !== '0';
}

// strace's options for a recording (no output file, no command): also what the DB's meta records.
export function straceFlags(delays: Delays = DEFAULT_DELAYS, seccomp = true): string[] {
  return ['-f', ...(seccomp ? ['--seccomp-bpf'] : []), '-y', '--quiet=none', '-ttt', '-T', '-e', `trace=${TRACE_FILTER}`, '-e', `inject=execve:delay_exit=${delays.execUs}`, '-e', `inject=exit_group:delay_enter=${delays.exitUs}`];
}

// strace arguments for writing to `fifo` and running `program` (absolute) with `args` via `shell`.
export function straceArgs(fifo: string, shell: string, program: string, args: readonly string[], delays: Delays = DEFAULT_DELAYS, seccomp = true): string[] {
  // strace does not inject into its child's first execve: the launcher's exec of the target is the one captured.
  return ['-o', fifo, ...straceFlags(delays, seccomp), '--', shell, '-c', LAUNCHER_SCRIPT, program, ...args];
}
