// Starts strace with an argument array (never through a shell) using node:child_process:
// execa costs ~110 ms to import here, all of it before the target could start (docs/recording.md).
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** How strace ended. */
export interface StraceEnd {
  readonly exitCode?: number;
  readonly signal?: string;
  /** Why it could not be started at all. */
  readonly spawnError?: Error;
}

/** A started strace. */
export interface StraceProcess {
  readonly pid: number | undefined;
  readonly ended: Promise<StraceEnd>;
}

/** Where the target's (and strace's) streams go. */
export interface StraceStdio {
  /** The target's stdin, stdout and stderr (stderr reaches the target as fd 3, see LAUNCHER_SCRIPT). */
  readonly target: readonly [number, number, number];
  /** File that receives strace's own messages. */
  readonly straceErrPath: string;
}

// Spawns `strace args…`; resolves `ended` once it has exited (or failed to start).
export function spawnStrace(strace: string, args: readonly string[], stdio: StraceStdio, env?: NodeJS.ProcessEnv): StraceProcess {
  const [stdin, stdout, stderr] = stdio.target;
  const errFd = openSync(stdio.straceErrPath, 'w', 0o600);
  try {
    const child = spawn(strace, [...args], { stdio: [stdin, stdout, errFd, stderr], env: env ?? process.env });
    const ended = new Promise<StraceEnd>((resolve) => {
      child.once('error', (spawnError) => resolve({ spawnError }));
      child.once('exit', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }));
    });
    return { pid: child.pid, ended };
  } finally {
    closeSync(errFd); // the child holds its own copy
  }
}
