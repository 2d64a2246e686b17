#!/usr/bin/env node
// Bundles the compiled CLI (dist/, from tsc) into dist/bundle/ for bin/vmtrace: a handful of
// files instead of ~160 ES modules, each of which Node 20 resolves, reads and compiles on its
// own at every start (measured in docs/bench.md: ~60 ms before `run` can start its target, ~40 %
// of the CPU of a `maps` call). tsc stays the only compiler; dist/ keeps the per-module build
// that the tests and scripts import. Packages with native code or their own assets stay outside.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  // parse-worker.js and writer-thread.js must sit next to the code that starts them (parse-pool.ts, thread-target.ts look for ./NAME.js).
  entryPoints: [
    { in: join(dist, 'cli.js'), out: 'cli' },
    { in: join(dist, 'ingest', 'parse-worker.js'), out: 'parse-worker' },
    { in: join(dist, 'store', 'writer-thread.js'), out: 'writer-thread' },
  ],
  outdir: out,
  bundle: true,
  splitting: true, // each command's code loads only when that command runs, as from dist/
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // better-sqlite3: native addon; ink, react: the TUI (ink-row-cache.ts reads ink's own files); chalk: ESM with its own imports map.
  external: ['better-sqlite3', 'ink', 'react', 'chalk'],
  logLevel: 'warning',
});
for (const f of ['cli.js', 'parse-worker.js', 'writer-thread.js']) {
  if (!existsSync(join(out, f))) throw new Error(`bundle: ${f} missing from ${out}`);
}
