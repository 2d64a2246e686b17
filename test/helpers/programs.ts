// The test programs of scripts/programs as the saved traces name them. The traces were recorded
// with the binaries at /work/main/scripts/programs/bin/ (not in git: built by build.sh). ELF
// inference of those traces needs the binaries, so where that path is missing (a fresh machine, a
// clone elsewhere) they are built once per test file into a temp dir with the same gcc flags, and
// only reading the file is redirected there: stat and realpath still see the recorded path, so
// dev:inode stay `00:00 0`, as for any file that is gone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferExecLayout, nodeInferFs, statFile, type FileId, type InferFs } from '../../src/infer/index.js';
import type { ExecLayout, ExecveEvent, VmEvent } from '../../src/model/events.js';
import { has } from './tools.js';

/** Where the traces in traces/ say the programs were. */
export const RECORDED_BIN = '/work/main/scripts/programs/bin/';
const BUILD = join(import.meta.dirname, '..', '..', 'scripts', 'programs', 'build.sh');

let built: string | undefined;

// The directory holding the programs: the recorded one when present, else a fresh build (undefined without gcc).
export function programsDir(): string | undefined {
  if (existsSync(join(RECORDED_BIN, 'splits'))) return RECORDED_BIN;
  if (built !== undefined) return built;
  if (!has('gcc')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vmtrace-programs-'));
  execFileSync('sh', [BUILD, dir], { stdio: 'ignore' });
  built = `${dir}/`;
  return built;
}

/** Whether a trace's command is one of these programs. */
export function usesPrograms(command: readonly string[]): boolean {
  return command.some((c) => c.startsWith(RECORDED_BIN));
}

// A recorded program path as found here (itself when it exists or nothing was built).
export function located(path: string): string {
  const dir = programsDir();
  return dir === undefined || dir === RECORDED_BIN || !path.startsWith(RECORDED_BIN) ? path : dir + path.slice(RECORDED_BIN.length);
}

// This machine's files, the recorded programs read from `programsDir()`; with `stat`, their dev:inode are the built
// files' too (golden views mask them: they need non-zero ones, as on the machine that made them).
export function programsFs(options: { readonly stat?: boolean } = {}): InferFs {
  const real = nodeInferFs();
  return { ...real, readHead: (path, n) => real.readHead(located(path), n), ...(options.stat === true ? { stat: (path: string) => real.stat(located(path)) } : {}) };
}

// ELF inference of exec-time layouts over `programsFs()` (one file view per import, as the default).
export function programsLayoutFor(options: { readonly stat?: boolean } = {}): (execve: ExecveEvent, following: readonly VmEvent[]) => ExecLayout | undefined {
  const fs = programsFs(options);
  return (execve, following) => inferExecLayout(execve, following, fs);
}

// dev:inode of a path, the recorded programs' from their built copies.
export function programsFileInfo(path: string): FileId | undefined {
  return statFile(located(path));
}
