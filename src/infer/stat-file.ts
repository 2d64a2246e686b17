// dev:inode of a file on this machine, in /proc/PID/maps form.
import { statSync } from 'node:fs';

/** A file's identity as /proc/PID/maps prints it. */
export interface FileId {
  /** `MAJ:MIN`, lowercase hex, at least 2 digits each (`fe:00`, `103:02`). */
  readonly dev: string;
  readonly inode: number;
}

// Format a Linux dev_t (the kernel's new_encode_dev layout, as glibc's major()/minor()).
export function formatDev(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

// stat() a path (following symlinks); undefined when it does not exist or cannot be read
// (any error the system call reports: a path from a trace can be too long, unreadable, a loop…).
export function statFile(path: string): FileId | undefined {
  let st;
  try {
    st = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return undefined;
    throw error;
  }
  if (st === undefined) return undefined;
  return { dev: formatDev(st.dev), inode: Number(st.ino) };
}
