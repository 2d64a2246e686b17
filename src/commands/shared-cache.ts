// Where `load` keeps a trace's DB when no --out is given: keyed by path, size and mtime of every file.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedTrace } from '../input/resolve.js';

// The cache directory ($VMTRACE_CACHE_DIR, else $XDG_CACHE_HOME/vmtrace, else ~/.cache/vmtrace).
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VMTRACE_CACHE_DIR !== undefined && env.VMTRACE_CACHE_DIR !== '') return env.VMTRACE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'vmtrace');
}

// The cached DB path of a trace; changes whenever any of its files changes.
export function cachePathFor(trace: ResolvedTrace, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const f of trace.files) hash.update(`${f.path}\0${f.size}\0${f.mtimeMs}\n`);
  const dir = cacheDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${hash.digest('hex').slice(0, 24)}.db`);
}
