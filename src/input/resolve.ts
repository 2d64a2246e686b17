// TRACE arguments: a file, a `-ff` prefix (`trace` for trace.1234, trace.1235…) or a directory of -ff files.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { VmtraceError } from '../errors.js';

/** One file of a trace. */
export interface TraceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The pid from the `.PID` suffix of a -ff file. */
  readonly pid?: number;
}

/** What a TRACE argument names. */
export interface ResolvedTrace {
  /** `single`: one file with every pid; `per-pid`: strace -ff output, one file per pid. */
  readonly kind: 'single' | 'per-pid';
  readonly files: readonly TraceFile[];
}

const FF = /^(.*)\.(\d+)$/;

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new VmtraceError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

function perPid(dir: string, names: readonly string[]): TraceFile[] {
  return names
    .map((name) => ({ name, m: FF.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => {
      const path = join(dir, name);
      const st = statSync(path);
      return { path, size: st.size, mtimeMs: st.mtimeMs, pid: Number(m[2]) };
    })
    .sort((a, b) => a.pid - b.pid);
}

// Resolves a TRACE argument to its files (VmtraceError naming the path when nothing is there).
export function resolveTrace(arg: string): ResolvedTrace {
  const path = resolve(arg);
  const st = statOrUndefined(path);
  if (st?.isFile() === true) {
    // One file of a -ff set named directly: its `.PID` suffix is a hint for lines without a pid prefix.
    const m = FF.exec(basename(path));
    const file = { path, size: st.size, mtimeMs: st.mtimeMs };
    return { kind: 'single', files: [m === null ? file : { ...file, pid: Number(m[2]) }] };
  }
  if (st?.isDirectory() === true) {
    const names = readdirSync(path).filter((n) => FF.test(n));
    const prefixes = [...new Set(names.map((n) => (FF.exec(n) as RegExpExecArray)[1]))];
    if (prefixes.length === 0) throw new VmtraceError(`${arg}: directory holds no -ff trace files (NAME.PID)`);
    if (prefixes.length > 1) throw new VmtraceError(`${arg}: directory holds -ff files of several traces (${prefixes.join(', ')}); give the prefix, e.g. ${join(arg, prefixes[0] ?? '')}`);
    return { kind: 'per-pid', files: perPid(path, names) };
  }
  if (st !== undefined) throw new VmtraceError(`${arg}: not a regular file or directory`);
  const dir = dirname(path);
  const prefix = basename(path);
  const dirSt = statOrUndefined(dir);
  const names = dirSt?.isDirectory() === true ? readdirSync(dir).filter((n) => n.startsWith(`${prefix}.`) && /^\d+$/.test(n.slice(prefix.length + 1))) : [];
  if (names.length === 0) throw new VmtraceError(`${arg}: no such trace file or -ff prefix`);
  return { kind: 'per-pid', files: perPid(dir, names) };
}
