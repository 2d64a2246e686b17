// Decoders of the fd bookkeeping calls that decide VMA merges and ` (deleted)`:
// open family, close, dup family, fcntl(F_DUPFD*), unlink/rename family.
// close_range stays a generic `syscall` event (an fd range has no FdEvent form).

import type { VmEvent } from '../model/events.js';
import { Args } from './args.js';
import { withBase, type SyscallBase } from './decode-types.js';
import { joinAt } from './paths.js';
import type { ResultTail } from './result.js';
import { F_DUPFD, F_DUPFD_CLOEXEC } from './tables.js';
import { bareValue, parseNumber, type FdValue } from './values.js';

function resultFd(base: SyscallBase): number | undefined {
  return base.result.kind === 'ok' ? base.result.value : undefined;
}

// Path of a dirfd + name argument pair (dirfd's -y path joins relative names).
function atPath(a: Args, dirIdx: number, nameIdx: number): string | undefined {
  const name = a.maybeStr(nameIdx);
  if (name === undefined) return undefined;
  const dir: FdValue = a.fd(dirIdx);
  return joinAt(dir.path, name);
}

function open(base: SyscallBase, path: string | undefined, tail: ResultTail): VmEvent {
  // -y decorates the returned fd with the kernel's absolute path: prefer it.
  return withBase({ kind: 'fd', op: 'open', fd: resultFd(base), path: tail.fd?.path ?? path }, base);
}

function fcntlCmd(text: string): number | undefined {
  const t = bareValue(text);
  if (t === 'F_DUPFD') return F_DUPFD;
  if (t === 'F_DUPFD_CLOEXEC') return F_DUPFD_CLOEXEC;
  const n = parseNumber(t);
  return n.ok ? n.value : undefined;
}

// Decodes an fd call, or undefined if `name` is not one of them.
export function decodeFd(name: string, a: Args, base: SyscallBase, tail: ResultTail): VmEvent | undefined {
  switch (name) {
    case 'open':
    case 'creat':
      return open(base, a.maybeStr(0), tail);
    case 'openat':
    case 'openat2':
      return open(base, atPath(a, 0, 1), tail);
    case 'close': {
      const fd = a.fd(0);
      return withBase({ kind: 'fd', op: 'close', fd: fd.fd, path: fd.path }, base);
    }
    case 'dup': {
      const fd = a.fd(0);
      return withBase({ kind: 'fd', op: 'dup', fd: fd.fd, newFd: resultFd(base), path: fd.path }, base);
    }
    case 'dup2':
    case 'dup3': {
      const fd = a.fd(0);
      return withBase({ kind: 'fd', op: 'dup', fd: fd.fd, newFd: a.fd(1).fd, path: fd.path }, base);
    }
    case 'fcntl':
    case 'fcntl64': {
      const cmd = fcntlCmd(a.text(1));
      if (cmd !== F_DUPFD && cmd !== F_DUPFD_CLOEXEC) return undefined;
      const fd = a.fd(0);
      return withBase({ kind: 'fd', op: 'dup', fd: fd.fd, newFd: resultFd(base), path: fd.path }, base);
    }
    case 'unlink':
    case 'rmdir':
      return withBase({ kind: 'fd', op: 'unlink', path: a.maybeStr(0) }, base);
    case 'unlinkat':
      return withBase({ kind: 'fd', op: 'unlink', path: atPath(a, 0, 1) }, base);
    case 'rename':
      return withBase({ kind: 'fd', op: 'rename', path: a.maybeStr(0), newPath: a.maybeStr(1) }, base);
    case 'renameat':
    case 'renameat2':
      return withBase({ kind: 'fd', op: 'rename', path: atPath(a, 0, 1), newPath: atPath(a, 2, 3) }, base);
    default:
      return undefined;
  }
}
