// Locates the strace binary (--strace PATH, or PATH), with the one-line fix when it is missing.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { RecordError } from '../errors.js';

const INSTALL = 'install it (Debian/Ubuntu: apt-get install strace; Fedora: dnf install strace) or pass --strace PATH';

const executable = (p: string): boolean => {
  if (statSync(p, { throwIfNoEntry: false })?.isFile() !== true) return false;
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return false;
    throw error;
  }
};

// The strace to run: `given` (must be executable), else the first `strace` on PATH.
export function findStrace(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined) {
    const path = resolve(given);
    if (!executable(path)) throw new RecordError(`strace not found at ${given}; ${INSTALL}`);
    return path;
  }
  for (const dir of (env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const path = join(dir === '' ? '.' : dir, 'strace');
    if (executable(path)) return resolve(path);
  }
  throw new RecordError(`strace not found on PATH; ${INSTALL}`);
}
