#!/usr/bin/env node
// Overhead of `vmtrace run --no-tui -- W` against plain `strace -f -o FILE` with the same trace
// filter (no injection), side by side, interleaved, median of N runs, whole-process wall time.
// Uses dist/ (npm run build first). usage: node scripts/bench-run.mjs [RUNS=5]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_FILTER } from '../dist/record/strace-args.js';

const runs = Number(process.argv[2] ?? 5);
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-bench-run-'));
writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
const workloads = [
  ['python3', ['python3', '-c', 'import json, sqlite3']],
  ['node', [process.execPath, '-e', 'Buffer.alloc(1 << 24)']],
  ['gcc -c', ['gcc', '-O2', '-c', '-o', join(dir, 'hello.o'), join(dir, 'hello.c')]],
];
// The CLI when `run` is registered there, else the same command module through yargs.
const cliHasRun = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'run', '--help'], { encoding: 'utf8' }).status === 0;
const runner = cliHasRun
  ? [join(root, 'dist/cli.js')]
  : ['--input-type=module', '-e', `import yargs from 'yargs'; const { runCommand } = await import(${JSON.stringify(join(root, 'dist/commands/run.js'))}); try { await yargs(process.argv.slice(1)).command(runCommand).exitProcess(false).parseAsync(); } catch (e) { process.exitCode = e.exitCode ?? 1; }`];

const time = (argv) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], cwd: root });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`strace ${execFileSync('strace', ['-V']).toString().split('\n')[0]}; ${runs} interleaved runs each; runner: ${cliHasRun ? 'dist/cli.js' : 'run command module via yargs'}`);
console.log('workload    strace -f -o (ms)   vmtrace run --no-tui (ms)   ratio');
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
    console.log(`${name.padEnd(10)}  ${p.toFixed(0).padStart(17)}   ${o.toFixed(0).padStart(25)}   ${(o / p).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
