// Default collaborators of the pipeline: the real parser, ELF inference and stat.
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import { StoreError } from '../errors.js';
import type { FileIdentity, ParserLike } from './types.js';

// A fresh strace parser.
export function defaultParser(): ParserLike {
  throw new StoreError('strace parser not available in this build');
}

// Rebuilds the exec-time layout from ELF headers on this machine.
export function defaultLayoutFor(_execve: ExecveEvent, _following: readonly VmEvent[]): ExecLayout | undefined {
  return undefined;
}

// dev:inode of a path on this machine.
export function defaultFileInfo(_path: string): FileIdentity | undefined {
  return undefined;
}
