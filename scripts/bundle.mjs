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

// string-width (three copies: yargs', cliui's, wrap-ansi's) builds an Intl.Segmenter and Unicode-property
// regexps when its module loads: ~40 ms at every start of every command but `run` (yargs lays out the help
// text of each command it runs, even when it never prints it). Imports of `string-width` get a stand-in:
// a string of printable ASCII only (U+0020–U+007E: no escape sequence, no wide or zero-width character) is
// as wide as it is long, for every version; anything else loads that importer's own copy at its first such
// call (require(): esbuild bundles it as lazily initialised code). Pinned by test/e2e/bundle.test.ts.
// The TUI is not bundled (ink keeps its own copy).
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      resolveDir: root,
      contents: [
        'const PRINTABLE_ASCII = /^[\\x20-\\x7e]*$/;',
        'let width;',
        'export default function stringWidth(text, options) {',
        "  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;",
        `  width ??= require(${JSON.stringify(args.path)}).default;`,
        '  return width(text, options);',
        '}',
      ].join('\n'),
    }));
  },
};
const dist = join(root, 'dist');
const out = join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  // parse-worker.js and writer-thread.js must sit next to the code that starts them (parse-worker-url.ts and
  // writer-thread-url.ts look for ./NAME.js).
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
  plugins: [lazyStringWidth],
});
for (const f of ['cli.js', 'parse-worker.js', 'writer-thread.js']) {
  if (!existsSync(join(out, f))) throw new Error(`bundle: ${f} missing from ${out}`);
}
