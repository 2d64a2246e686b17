// Default collaborators of the pipeline: the real parser, ELF inference and stat.
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import { StoreError } from '../errors.js';
import { inferExecLayout, nodeInferFs, statFile } from '../infer/index.js';
import type { FileIdentity, ParserLike } from './types.js';

// A fresh strace parser.
export function defaultParser(): ParserLike {
  throw new StoreError('strace parser not available in this build');
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
