// strace's own stderr after a failed start, turned into one actionable line.
import { RecordError } from '../errors.js';

const PTRACE_HELP =
  'ptrace is not permitted here: allow it with `sysctl kernel.yama.ptrace_scope=0` (or run as root), ' +
  'or in a container add CAP_SYS_PTRACE (docker run --cap-add=SYS_PTRACE) and a seccomp profile that allows ptrace';

// The error for a strace that ended without the target having run to its end.
export function straceFailure(stderr: string, how: { readonly exitCode?: number; readonly signal?: string }): RecordError {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/^strace: Process \d+ (attached|detached)/.test(l));
  if (/ptrace|PTRACE_/.test(stderr) && /Operation not permitted|EPERM|Permission denied/.test(stderr)) return new RecordError(PTRACE_HELP);
  const what = how.signal !== undefined ? `strace died (killed by ${how.signal})` : `strace failed (exit status ${how.exitCode ?? '?'})`;
  const detail = lines.slice(0, 3).join(' | ');
  return new RecordError(detail === '' ? what : `${what}: ${detail}`);
}
