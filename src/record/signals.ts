// Ctrl-C and friends while a target runs: vmtrace stays alive to finish the DB, and the
// signal reaches the target exactly once.
import { readFileSync } from 'node:fs';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
/** Signals a terminal sends to the whole foreground process group (target included). */
const FROM_TERMINAL = new Set<string>(['SIGINT', 'SIGQUIT']);

// True when this process is in the foreground process group of its controlling terminal.
export function inTerminalForeground(): boolean {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(f[2]);
  const ttyNr = Number(f[4]);
  const tpgid = Number(f[5]);
  return ttyNr !== 0 && tpgid === pgrp;
}

// Installs handlers until the returned function is called. `target()` is the pid to signal, if known.
export function forwardSignals(target: () => number | undefined, onSignal?: (name: string) => void): () => void {
  const handlers = FORWARDED.map((name) => {
    const handler = (): void => {
      onSignal?.(name);
      // A terminal's Ctrl-C / Ctrl-\ already went to the target (same process group): do not send it twice.
      if (FROM_TERMINAL.has(name) && inTerminalForeground()) return;
      const pid = target();
      if (pid === undefined) return;
      try {
        process.kill(pid, name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error; // already gone: nothing to forward to
      }
    };
    process.on(name, handler);
    return { name, handler };
  });
  return () => {
    for (const { name, handler } of handlers) process.off(name, handler);
  };
}

// The first child of `pid` (strace's child is the target), from /proc.
export function firstChildOf(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const first = text.split(' ')[0];
    return first === undefined || first === '' ? undefined : Number(first);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw error;
  }
}
