// Which outside tools this machine has: tests that need one skip, and say so in their name, when it is missing.
import { execFileSync } from 'node:child_process';

// True when `cmd args…` runs and exits 0 here.
export function has(cmd: string, args: readonly string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, [...args], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not installed (or not runnable) here
  }
}

/** strace is installed and may trace here (ptrace permitted). */
export const straceWorks = has('strace', ['-f', '-o', '/dev/null', 'true']);
