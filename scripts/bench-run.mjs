#!/usr/bin/env node
// Overhead of `vmtrace run --no-tui -- W` against plain `strace -f -o FILE` with the same trace
// filter (no injection), side by side, interleaved, median of N runs, whole-process wall time.
// Uses dist/ (npm run build first; DIST=dir for another build). usage: node scripts/bench-run.mjs [RUNS=5] [ROW-NAME-FILTER]
// VMTRACE_PROFILE=1 is not set here: phase times come from `VMTRACE_PROFILE=1 vmtrace run …` itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const runs = Number(process.argv[2] ?? 5);
const only = process.argv[3];
const root = join(import.meta.dirname, '..');
const dist = process.env.DIST ?? join(root, 'dist');
const { TRACE_FILTER } = await import(pathToFileURL(join(dist, 'record/strace-args.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-bench-run-'));
writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
// ~2,000 lines of C: 200 small functions with loops and branches, so the compiler itself works for a while.
const fn = (i) => `static int f${i}(int *a, int n) {\n  int s = ${i};\n  for (int j = 0; j < n; j++) {\n    if (a[j] % ${(i % 7) + 2} == 0)\n      s += a[j] * ${i};\n    else\n      s ^= a[j] << ${i % 5};\n  }\n  return s;\n}\n`;
writeFileSync(join(dir, 'big.c'), `${Array.from({ length: 200 }, (_, i) => fn(i)).join('')}int main(void) {\n  int a[64] = {0};\n  int s = 0;\n${Array.from({ length: 200 }, (_, i) => `  s += f${i}(a, 64);\n`).join('')}  return s & 1;\n}\n`);
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const workloads = [
  ['python3 (shim)', ['python3', '-c', 'import json, sqlite3']],
  ['python3 (direct)', [python, '-c', 'import json, sqlite3']],
  ['python3 imports', [python, '-c', 'import json, sqlite3, email.parser, http.client, asyncio, decimal, xml.dom.minidom']],
  ['node', [process.execPath, '-e', 'Buffer.alloc(1 << 24)']],
  ['gcc -c hello', ['gcc', '-O2', '-c', '-o', join(dir, 'hello.o'), join(dir, 'hello.c')]],
  ['gcc -c 2k lines', ['gcc', '-O2', '-c', '-o', join(dir, 'big.o'), join(dir, 'big.c')]],
].filter(([name]) => only === undefined || name.includes(only));
// The CLI when `run` is registered there, else the same command module through yargs.
const cliHasRun = spawnSync(process.execPath, [join(dist, 'cli.js'), 'run', '--help'], { encoding: 'utf8' }).status === 0;
const runner = cliHasRun
  ? [join(dist, 'cli.js')]
  : ['--input-type=module', '-e', `import yargs from 'yargs'; const { runCommand } = await import(${JSON.stringify(join(dist, 'commands/run.js'))}); try { await yargs(process.argv.slice(1)).command(runCommand).exitProcess(false).parseAsync(); } catch (e) { process.exitCode = e.exitCode ?? 1; }`];

const time = (argv) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], cwd: root });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`strace ${execFileSync('strace', ['-V']).toString().split('\n')[0]}; ${runs} interleaved runs each; runner: ${cliHasRun ? 'dist/cli.js' : 'run command module via yargs'}`);
console.log(`python3 → ${python}`);
console.log('workload          strace -f -o (ms)   vmtrace run --no-tui (ms)   ratio');
try {
  for (const [name, w] of workloads) {
    const plain = [];
    const ours = [];
    for (let i = 0; i < runs; i++) {
      plain.push(time(['strace', '-f', '-o', join(dir, 'plain.strace'), '-y', '-ttt', '-T', '-e', `trace=${TRACE_FILTER}`, '--', ...w]));
      ours.push(time([process.execPath, ...runner, 'run', '--no-tui', '--force', '--out', join(dir, 'run.db'), '--', ...w]));
    }
    const p = median(plain);
    const o = median(ours);
    console.log(`${name.padEnd(16)}  ${p.toFixed(0).padStart(17)}   ${o.toFixed(0).padStart(25)}   ${(o / p).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
