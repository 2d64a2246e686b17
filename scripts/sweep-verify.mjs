#!/usr/bin/env node
// Records real programs with `vmtrace run` and prints each one's captures and `verify` lines: the
// check behind "How exact is it?" in the README (docs/recording.md, seventeenth round). Programs not
// installed here are listed as skipped. Not a test: it depends on what this machine has.
//   node scripts/sweep-verify.mjs [RUNS=1] [NAME-FILTER]    (uses bin/vmtrace; npm run build first)
// Exit status 1 when some run had a mismatch, a capture lost (failed, or late and not used) or no verify line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 1);
const only = process.argv[3];
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'vmtrace');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-sweep-'));
writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
writeFileSync(join(dir, 'Hello.java'), 'public class Hello { public static void main(String[] a) { System.out.println(a.length); } }\n');
writeFileSync(join(dir, 'Makefile'), 'all: a b\na:\n\techo a > a.txt\nb:\n\techo b > b.txt\n');

// [name, command, args, the program whose presence decides]
const programs = [
  ['cat', 'cat', ['/proc/self/maps']],
  ['sh pipeline', 'sh', ['-c', 'ls /usr | sort | head -3']],
  ['bash pipeline', 'bash', ['-c', 'cat /proc/$$/maps > /dev/null; ls /usr/lib | wc -l']],
  ['background jobs', 'sh', ['-c', 'sleep 0.1 & sleep 0.05 & wait']],
  ['python3 threads', 'python3', ['-c', 'import threading; t = [threading.Thread(target=lambda: sum(range(100000))) for _ in range(4)]; [x.start() for x in t]; [x.join() for x in t]']],
  ['python3 multiprocessing', 'python3', ['-c', 'import multiprocessing as m; p = m.Pool(2); p.map(abs, [-1, -2]); p.close(); p.join()']],
  ['python3 subprocess', 'python3', ['-c', 'import subprocess; subprocess.run(["true"]); subprocess.run(["ls", "/"], capture_output=True)']],
  ['perl fork+exec', 'perl', ['-e', 'my $p = fork(); if ($p == 0) { exec("true") } waitpid($p, 0)']],
  ['node workers', 'node', ['-e', 'const { Worker } = require("worker_threads"); [1, 2].map(() => new Worker("let a = []; for (let i = 0; i < 1e5; i++) a.push({ i })", { eval: true }))']],
  ['git', 'git', ['-C', root, 'log', '--oneline', '-3']],
  ['make -j2', 'make', ['-j2', '-B', '-C', dir]],
  ['gcc', 'gcc', ['-O2', '-c', '-o', join(dir, 'hello.o'), join(dir, 'hello.c')]],
  ['g++', 'g++', ['-O1', '-c', '-x', 'c++', '-o', join(dir, 'empty.o'), '/dev/null']],
  ['javac', 'javac', ['-d', dir, join(dir, 'Hello.java')]],
  ['java -version', 'java', ['-version']],
  ['rustc --version', 'rustc', ['--version']],
  ['cmake --version', 'cmake', ['--version']],
  ['gdb', 'gdb', ['--batch', '-ex', 'print 1']],
  ['valgrind', 'valgrind', ['-q', 'true']],
  ['sqlite3', 'sqlite3', [':memory:', 'select 1;']],
  ['tar + gzip', 'tar', ['-czf', join(dir, 't.tgz'), '-C', root, 'src']],
  ['xz', 'xz', ['-9', '-k', '-c', join(root, 'package.json')]],
].filter(([name]) => only === undefined || name.includes(only));

const present = (cmd) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
let bad = 0;
try {
  for (const [name, cmd, args] of programs) {
    if (!present(cmd)) {
      console.log(`${name.padEnd(24)} skipped: ${cmd} not installed`);
      continue;
    }
    for (let i = 0; i < runs; i++) {
      const out = join(dir, 'run.db');
      const r = spawnSync(bin, ['run', '--no-tui', '--force', '--out', out, '--', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
      const lines = r.stderr.split('\n');
      const captures = lines.find((l) => l.startsWith('captures: ')) ?? '';
      const verify = lines.find((l) => l.startsWith('verify: ')) ?? `(no verify line; exit ${r.status}: ${lines.find((l) => l.startsWith('vmtrace: ') && !l.includes('recorded')) ?? ''})`;
      // A late exec capture whose [stack], [vdso]… were used is noted, not counted: the layout is inferred, marked.
      const lost = /not used|failed/.test(captures);
      const late = !lost && /too late/.test(captures);
      const wrong = !/ 0 mismatches/.test(verify);
      if (lost || wrong) bad++;
      console.log(`${name.padEnd(24)} ${verify.replace(/^verify: /, '')}${lost || late ? `  [${captures.replace(/^captures: /, '')}]` : ''}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(bad === 0 ? 'every run verified without mismatch or lost capture' : `${bad} run(s) with a mismatch, a lost capture or no verify line`);
process.exit(bad === 0 ? 0 : 1);
