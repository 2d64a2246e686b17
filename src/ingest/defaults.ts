// Default collaborators of the pipeline: the real parser, ELF inference and stat.
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import { inferExecLayout, nodeInferFs, statFile } from '../infer/index.js';
import { TraceParser } from '../parse/index.js';
import type { FileIdentity, ParserLike } from './types.js';

// A fresh strace parser (`sourcePids`: the pid of each -ff file; `defaultPid`: for a trace that never names its tracee).
export function defaultParser(sourcePids?: readonly (number | undefined)[], defaultPid?: number): ParserLike {
  return new TraceParser({ ...(sourcePids === undefined ? {} : { sourcePids }), ...(defaultPid === undefined ? {} : { defaultPid }) });
}

// Exec-time layouts rebuilt from ELF headers on this machine (one file view per import).
export function defaultLayoutFor(): (execve: ExecveEvent, following: readonly VmEvent[]) => ExecLayout | undefined {
  const fs = nodeInferFs();
  return (execve, following) => inferExecLayout(execve, following, fs);
}

// dev:inode of a path on this machine.
export function defaultFileInfo(path: string): FileIdentity | undefined {
  return statFile(path);
}
