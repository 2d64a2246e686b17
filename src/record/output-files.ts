// Where a recording goes: `X.db` + `X.strace`, never overwriting without --force and never
// writing through a symlink planted at either path.
import { closeSync, constants, lstatSync, openSync, unlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { RecordError } from '../errors.js';

/** The two files of a recording. */
export interface OutputPaths {
  readonly db: string;
  readonly trace: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

// `./vmtrace-<cmd>-<YYYYMMDD-HHMMSS>.db` in `cwd`; the command name keeps only [A-Za-z0-9._+-].
export function defaultDbPath(program: string, now: Date, cwd = process.cwd()): string {
  const name = basename(program).replace(/[^A-Za-z0-9._+-]/g, '_').slice(0, 40) || 'cmd';
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return resolve(cwd, `vmtrace-${name}-${stamp}.db`);
}

// The raw trace next to a DB: `X.db` → `X.strace`, anything else → `X.strace` appended.
export function outputPaths(dbPath: string): OutputPaths {
  const db = resolve(dbPath);
  return { db, trace: db.endsWith('.db') ? `${db.slice(0, -3)}.strace` : `${db}.strace` };
}

const exists = (p: string): ReturnType<typeof lstatSync> | undefined => lstatSync(p, { throwIfNoEntry: false });

// Fails (before anything is written) when either file exists and `force` is not set.
export function checkOutputs(paths: OutputPaths, force: boolean): void {
  for (const p of [paths.db, paths.trace]) {
    const st = exists(p);
    if (st === undefined) continue;
    if (st.isDirectory()) throw new RecordError(`${p}: is a directory`);
    if (!force) throw new RecordError(`${p}: ${st.isSymbolicLink() ? 'a symlink' : 'a file'} already exists; use --force to replace it`);
  }
}

// Creates the empty raw-trace file (O_EXCL|O_NOFOLLOW; with `force`, an old file or link is removed first).
export function createTraceFile(path: string, force: boolean): void {
  const st = exists(path);
  if (st !== undefined) {
    if (!force) throw new RecordError(`${path}: already exists; use --force to replace it`);
    unlinkSync(path); // the link or file itself, never its target
  }
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644));
  } catch (error) {
    throw new RecordError(`${path}: cannot create: ${(error as Error).message}`, { cause: error });
  }
}
