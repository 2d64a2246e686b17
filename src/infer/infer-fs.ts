// The file access inferExecLayout needs, so tests can pass a fake machine.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { statFile, type FileId } from './stat-file.js';

/** Read-only view of the files of the machine the layout is inferred on. */
export interface InferFs {
  /**
   * The file's first `length` bytes (all of it when it is shorter), or undefined when it cannot be read. Only
   * headers are needed: reading whole images cost ~300 ms of a node trace's load (/usr/bin/node is ~99 MB).
   */
  readHead(path: string, length: number): Uint8Array | undefined;
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
    readHead(path, length) {
      let fd: number | undefined;
      try {
        // Non-blocking, and regular files only: a trace may name a FIFO or a device, whose open or read could wait forever.
        fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
        if (!fstatSync(fd).isFile()) return undefined;
        const out = new Uint8Array(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, out, got, length - got, got);
          if (n === 0) break;
          got += n;
        }
        return out.subarray(0, got);
      } catch (err) {
        if (MISSING.has(errorCode(err) ?? '')) return undefined;
        throw err;
      } finally {
        if (fd !== undefined) closeSync(fd);
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
