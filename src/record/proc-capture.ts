// Reads /proc/PID/maps of a tracee held by strace's injected delay, and checks it was still held.
//
// Runs inside the capture worker (built from its source text): no outside references.

/** One live read of a tracee's maps. */
export interface ProcCapture {
  readonly kind: 'exec' | 'exit';
  readonly pid: number;
  /** Trace line of the trigger (the execve result, or the start of exit_group). */
  readonly line: number;
  readonly text: string;
  /**
   * True when /proc/PID/syscall still showed the delayed call after the read (the tracee had not
   * moved on); false when it had (the delay was too short); undefined when that file was unreadable.
   */
  readonly held: boolean | undefined;
  /** Microseconds from the trigger bytes' arrival to the end of the read. */
  readonly latencyUs: number;
  /** Why nothing was read (the task was gone…). */
  readonly error?: string;
}

// Reads the maps, then checks the tracee still sits in the same syscall.
export function captureProcMaps(kind: 'exec' | 'exit', pid: number, line: number, arrivedNs: bigint): ProcCapture {
  const fs = process.getBuiltinModule('node:fs');
  // Syscall numbers a held tracee shows (x86_64 execve, execveat, then i386).
  const held = { exec: [59, 322, 11, 358], exit: [231, 252] }[kind];
  const since = (): number => Number((process.hrtime.bigint() - arrivedNs) / 1000n);
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch (error) {
    return { kind, pid, line, text: '', held: false, latencyUs: since(), error: (error as Error).message };
  }
  const latencyUs = since();
  let still: boolean | undefined;
  try {
    const nr = Number(fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0]);
    still = held.includes(nr);
  } catch {
    still = undefined; // not readable here (permissions): the capture is kept unchecked
  }
  return { kind, pid, line, text, held: still, latencyUs };
}
