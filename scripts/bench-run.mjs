#!/usr/bin/env node
// Overhead of `vmtrace run --no-tui -- W` against plain `strace -f -o FILE` with the same trace
// filter (no injection), side by side, interleaved, median of N runs, whole-process wall time.
// Uses dist/ (npm run build first; DIST=dir for another build, DIST=dirA,dirB for builds side by side, the
// ratio is of the last). usage: node scripts/bench-run.mjs [RUNS=5] [ROW-NAME-FILTER]
// Each row ends with the 1-minute load average when it finished (the machine may be shared).
// A second baseline, `strace --seccomp-bpf` (what vmtrace itself runs since the eighth round), is shown
// beside it; the ratio stays against plain strace, the baseline.
// VMTRACE_PROFILE=1 is not set here: phase times come from `VMTRACE_PROFILE=1 vmtrace run …` itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const runs = Number(process.argv[2] ?? 5);
const only = process.argv[3];
const root = join(import.meta.dirname, '..');
const dists = (process.env.DIST ?? join(root, 'dist')).split(',');
const { TRACE_FILTER } = await import(pathToFileURL(join(dists[dists.length - 1], 'record/strace-args.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-bench-run-'));
writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
// ~2,000 lines of C: 200 small functions with loops and branches, so the compiler itself works for a while.
const fn = (i) => `static int f${i}(int *a, int n) {\n  int s = ${i};\n  for (int j = 0; j < n; j++) {\n    if (a[j] % ${(i % 7) + 2} == 0)\n      s += a[j] * ${i};\n    else\n      s ^= a[j] << ${i % 5};\n  }\n  return s;\n}\n`;
const program = (n) => `${Array.from({ length: n }, (_, i) => fn(i)).join('')}int main(void) {\n  int a[64] = {0};\n  int s = 0;\n${Array.from({ length: n }, (_, i) => `  s += f${i}(a, 64);\n`).join('')}  return s & 1;\n}\n`;
writeFileSync(join(dir, 'big.c'), program(200));
writeFileSync(join(dir, 'big5k.c'), program(500));
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const workloads = [
  ['python3 (shim)', ['python3', '-c', 'import json, sqlite3']],
  ['python3 (direct)', [python, '-c', 'import json, sqlite3']],
  ['python3 imports', [python, '-c', 'import json, sqlite3, email.parser, http.client, asyncio, decimal, xml.dom.minidom']],
  ['node', [process.execPath, '-e', 'Buffer.alloc(1 << 24)']],
  ['gcc -c hello', ['gcc', '-O2', '-c', '-o', join(dir, 'hello.o'), join(dir, 'hello.c')]],
  ['gcc -c 2k lines', ['gcc', '-O2', '-c', '-o', join(dir, 'big.o'), join(dir, 'big.c')]],
  // Runs of a few seconds: the fixed cost (Node's start, the import's loading, the summary) matters less.
  ['python3 json 1M', [python, '-c', 'import json; d = [{"k": i, "v": str(i)} for i in range(1000000)]; json.loads(json.dumps(d))']],
  ['node json 1M', [process.execPath, '-e', 'const a = []; for (let i = 0; i < 1e6; i++) a.push({ i, s: String(i) }); JSON.parse(JSON.stringify(a))']],
  ['gcc -c 5k lines', ['gcc', '-O2', '-c', '-o', join(dir, 'big5k.o'), join(dir, 'big5k.c')]],
].filter(([name]) => only === undefined || name.includes(only));
// Each build's command as a user runs it: its bin/vmtrace launcher when it has one, else
// `node cli.js` when `run` is registered there, else the same command module through yargs.
const runnerOf = (dist) => {
  const bin = join(dist, '..', 'bin', 'vmtrace');
  if (existsSync(bin)) return [bin];
  return spawnSync(process.execPath, [join(dist, 'cli.js'), 'run', '--help'], { encoding: 'utf8' }).status === 0
    ? [process.execPath, join(dist, 'cli.js')]
    : [process.execPath, '--input-type=module', '-e', `import yargs from 'yargs'; const { runCommand } = await import(${JSON.stringify(join(dist, 'commands/run.js'))}); try { await yargs(process.argv.slice(1)).command(runCommand).exitProcess(false).parseAsync(); } catch (e) { process.exitCode = e.exitCode ?? 1; }`];
};
const runners = dists.map(runnerOf);

const time = (argv) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], cwd: root });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`strace ${execFileSync('strace', ['-V']).toString().split('\n')[0]}; ${runs} interleaved runs each, medians`);
dists.forEach((d, i) => console.log(`build ${i + 1}: ${d} (${runners[i].includes('--input-type=module') ? 'run command module via yargs' : runners[i].at(-1)})`));
console.log(`python3 → ${python}`);
const heads = dists.map((_, i) => `vmtrace run ${dists.length > 1 ? i + 1 : '--no-tui'} (ms)`.padStart(26));
console.log(`workload          strace -f -o (ms)  +seccomp-bpf (ms)${heads.join('')}   ratio  load`);
try {
  for (const [name, w] of workloads) {
    const plain = [];
    const filtered = [];
    const ours = dists.map(() => []);
    for (let i = 0; i < runs; i++) {
      plain.push(time(['strace', '-f', '-o', join(dir, 'plain.strace'), '-y', '-ttt', '-T', '-e', `trace=${TRACE_FILTER}`, '--', ...w]));
      filtered.push(time(['strace', '-f', '--seccomp-bpf', '-o', join(dir, 'plain.strace'), '-y', '-ttt', '-T', '-e', `trace=${TRACE_FILTER}`, '--', ...w]));
      runners.forEach((runner, b) => ours[b].push(time([...runner, 'run', '--no-tui', '--force', '--out', join(dir, 'run.db'), '--', ...w])));
    }
    const p = median(plain);
    const o = ours.map(median);
    const cells = o.map((x) => x.toFixed(0).padStart(26)).join('');
    console.log(`${name.padEnd(16)}  ${p.toFixed(0).padStart(17)}  ${median(filtered).toFixed(0).padStart(17)}${cells}   ${((o[o.length - 1] ?? p) / p).toFixed(2).padStart(5)}  ${loadavg()[0].toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
