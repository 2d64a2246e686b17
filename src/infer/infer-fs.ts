// The file access inferExecLayout needs, so tests can pass a fake machine.
import { readFileSync, realpathSync } from 'node:fs';
import { statFile, type FileId } from './stat-file.js';

/** Read-only view of the files of the machine the layout is inferred on. */
export interface InferFs {
  /** Whole file, or undefined when it cannot be read. */
  readFile(path: string): Uint8Array | undefined;
  stat(path: string): FileId | undefined;
  /** Canonical path (symlinks resolved), as /proc/PID/maps names a file; identity when absent. */
  realpath?(path: string): string | undefined;
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR', 'ELOOP', 'EPERM']);

// The real file system of this machine.
export function nodeInferFs(): InferFs {
  return {
    readFile(path) {
      try {
        return readFileSync(path);
      } catch (err) {
        if (MISSING.has(errorCode(err) ?? '')) return undefined;
        throw err;
      }
    },
    stat: statFile,
    realpath(path) {
      try {
        return realpathSync(path);
      } catch (err) {
        if (MISSING.has(errorCode(err) ?? '')) return undefined;
        throw err;
      }
    },
  };
}
