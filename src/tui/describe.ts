// One event in plain words for the header ("mmap 1.3 MiB of libc.so.6 r-x at offset 0x26000").
import { assertUnreachable, type FdEvent, type SyscallResult, type VmEvent } from '../model/events.js';
import { CLONE, MAP, MREMAP } from '../model/linux.js';
import { baseName, hexAddr, humanSize, protText } from './format.js';

// ` → 0x…` for a returned address, ` → ERRNO` for a failure.
function outcome(result: SyscallResult, asAddress: boolean): string {
  switch (result.kind) {
    case 'ok':
      return asAddress ? ` → ${hexAddr(result.value)}` : '';
    case 'error':
      return ` → failed ${result.errno}`;
    case 'none':
      return ' → no return';
    default:
      return assertUnreachable(result);
  }
}

// open/close/dup/unlink/rename in words.
function fdWords(e: FdEvent): string {
  switch (e.op) {
    case 'open':
      return `open ${e.path ?? '?'}${e.result.kind === 'ok' ? ` → fd ${e.result.value}` : outcome(e.result, false)}`;
    case 'close':
      return `close fd ${e.fd ?? '?'}`;
    case 'dup':
      return `dup fd ${e.fd ?? '?'}${e.result.kind === 'ok' ? ` → fd ${e.result.value}` : outcome(e.result, false)}`;
    case 'unlink':
      return `unlink ${e.path ?? '?'}`;
    case 'rename':
      return `rename ${e.path ?? '?'} → ${e.newPath ?? '?'}`;
    default:
      return assertUnreachable(e.op);
  }
}

// The words for one event (unescaped: callers escape before display).
export function describeEvent(e: VmEvent): string {
  switch (e.kind) {
    case 'mmap': {
      const what = e.file === undefined ? 'anonymous' : `of ${e.file.path === undefined ? `fd ${e.file.fd}` : baseName(e.file.path)}`;
      const shared = (e.flags & MAP.TYPE) === MAP.PRIVATE ? '' : ' shared';
      const offset = e.file === undefined ? '' : ` at offset ${hexAddr(e.offset)}`;
      const fixed = e.flags & MAP.FIXED ? ' (fixed)' : '';
      return `${e.syscall} ${humanSize(e.length)} ${what} ${protText(e.prot)}${shared}${offset}${fixed}${outcome(e.result, true)}`;
    }
    case 'munmap':
      return `munmap ${humanSize(e.length)} at ${hexAddr(e.addr)}${outcome(e.result, false)}`;
    case 'mprotect':
      return `${e.syscall} ${humanSize(e.length)} at ${hexAddr(e.addr)} to ${protText(e.prot)}${outcome(e.result, false)}`;
    case 'mremap': {
      const moving = e.flags & (MREMAP.MAYMOVE | MREMAP.FIXED) ? ' (may move)' : '';
      return `mremap ${hexAddr(e.oldAddr)} from ${humanSize(e.oldLength)} to ${humanSize(e.newLength)}${moving}${outcome(e.result, true)}`;
    }
    case 'brk':
      return e.addr === 0 ? `brk query${outcome(e.result, true)}` : `brk to ${hexAddr(e.addr)}${outcome(e.result, true)}`;
    case 'madvise':
      return `madvise ${e.advice} ${humanSize(e.length)} at ${hexAddr(e.addr)}${outcome(e.result, false)}`;
    case 'mlock': {
      const range = e.addr === undefined ? '' : ` ${humanSize(e.length ?? 0)} at ${hexAddr(e.addr)}`;
      return `${e.syscall}${range}${outcome(e.result, false)}`;
    }
    case 'remap_file_pages':
      return `remap_file_pages ${humanSize(e.size)} at ${hexAddr(e.addr)} to page ${e.pgoff}${outcome(e.result, false)}`;
    case 'shmat':
      return `shmat segment ${e.shmid}${outcome(e.result, true)}`;
    case 'shmdt':
      return `shmdt ${hexAddr(e.addr)}${outcome(e.result, false)}`;
    case 'aio':
      return e.op === 'setup'
        ? `io_setup ${e.nrEvents ?? '?'} events${e.ctx === undefined ? '' : `, ring at ${hexAddr(e.ctx)}`}${outcome(e.result, false)}`
        : `io_destroy ring ${e.ctx === undefined ? '?' : hexAddr(e.ctx)}${outcome(e.result, false)}`;
    case 'anon_name':
      return `name ${humanSize(e.length)} at ${hexAddr(e.addr)} ${e.name === undefined ? '(clear)' : `"${e.name}"`}${outcome(e.result, false)}`;
    case 'execve':
      return `exec ${[e.path, ...e.argv.slice(1)].join(' ')}${e.result.kind === 'ok' ? '' : outcome(e.result, false)}`;
    case 'clone': {
      const what = e.flags & CLONE.THREAD ? 'new thread' : e.flags & CLONE.VFORK ? 'vfork' : e.flags & CLONE.VM ? 'clone sharing memory' : 'fork';
      return e.result.kind === 'ok' ? `${what} → ${e.flags & CLONE.THREAD ? 'tid' : 'pid'} ${e.result.value}` : `${what}${outcome(e.result, false)}`;
    }
    case 'exit':
      return `${e.group ? 'exit_group' : 'exit (this thread)'} status ${e.status}`;
    case 'fd':
      return fdWords(e);
    case 'syscall':
      return `${e.syscall} (no change to maps)`;
    case 'end':
      return e.how === 'exited' ? `exited with ${e.status}` : `killed by ${e.signal ?? e.status}${e.core === true ? ' (core dumped)' : ''}`;
    case 'superseded':
      return `superseded by execve in pid ${e.by}`;
    case 'signal':
      return e.stopped ? `stopped by ${e.signal}` : `signal ${e.signal}`;
    case 'personality':
      return `runs in ${e.mode} bit mode`;
    default:
      return assertUnreachable(e);
  }
}
