#!/usr/bin/env node
// Writes traces/NAME/meta.json after scripts/record-trace.sh has run, and
// files the program's ground truth: truth/<pid>-<n>.maps from snap.h
// (described by truth/labels.tsv, which is folded into meta.json and removed),
// truth/<pid>.maps written by a shell, or the program's stdout (--stdout-truth).
// Usage: write-meta.mjs DIR JSON_ARGS   (JSON_ARGS made by record-trace.sh)
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, argsJson] = process.argv.slice(2);
const args = JSON.parse(argsJson);
const traceFiles = readdirSync(dir).filter((f) => f === 'trace.strace' || /^trace\.strace\.\d+$/.test(f)).sort();

function lines(file) {
  return readFileSync(join(dir, file), 'latin1').split('\n');
}

// The line that completes the snapshot marker madvise(0xdead…000, 0, …) of tid.
function markerLine(tid, marker) {
  const needle = `madvise(${marker}, 0,`;
  for (const file of traceFiles) {
    const ff = /\.(\d+)$/.exec(file)?.[1];
    if (ff !== undefined && Number(ff) !== tid) continue;
    const all = lines(file);
    for (let i = 0; i < all.length; i++) {
      const text = all[i];
      if (!text.includes(needle)) continue;
      if (!text.includes('<unfinished ...>')) return { file, line: i + 1 };
      for (let j = i + 1; j < all.length; j++) {
        const own = ff !== undefined || new RegExp(`^(?:\\[pid\\s+${tid}\\]|${tid})\\s`).test(all[j]);
        if (own && all[j].includes('<... madvise resumed>')) return { file, line: j + 1 };
      }
    }
  }
  return undefined;
}

const truthDir = join(dir, 'truth');
// The root tracee: the pid on the first line, or the -ff file of the first execve.
function rootPid() {
  for (const file of traceFiles) {
    const ff = /\.(\d+)$/.exec(file)?.[1];
    if (ff !== undefined && lines(file).some((l) => /^execve\("\/usr\/bin\/env"/.test(l))) return Number(ff);
  }
  const first = lines(traceFiles[0] ?? 'trace.strace')[0] ?? '';
  const m = /^(?:\[pid\s+)?(\d+)\s/.exec(first);
  return m ? Number(m[1]) : undefined;
}
if (args.stdoutTruth) {
  const pid = rootPid();
  if (pid === undefined) throw new Error('write-meta: cannot tell the root pid for --stdout-truth');
  renameSync(join(dir, 'stdout.txt'), join(truthDir, `${pid}.maps`));
}
const labels = new Map();
const labelsFile = join(truthDir, 'labels.tsv');
if (existsSync(labelsFile)) {
  for (const row of readFileSync(labelsFile, 'utf8').split('\n').filter(Boolean)) {
    const [pid, tid, n, marker, label] = row.split('\t');
    labels.set(`${pid}-${n}`, { tid: Number(tid), marker, label });
  }
  rmSync(labelsFile);
}
const truth = readdirSync(truthDir).filter((f) => f.endsWith('.maps')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((f) => {
  const key = f.slice(0, -'.maps'.length);
  const [pid, n] = key.split('-').map(Number);
  const l = labels.get(key);
  if (l === undefined) return { file: `truth/${f}`, pid, moment: args.truthLabel ?? 'see notes' };
  return { file: `truth/${f}`, pid, tid: l.tid, snapshot: n, marker: `madvise(${l.marker}, 0, MADV_NORMAL)`, at: markerLine(l.tid, l.marker), moment: l.label };
});

const execDir = join(dir, 'exec');
const execIndex = existsSync(join(execDir, 'index.tsv')) ? readFileSync(join(execDir, 'index.tsv'), 'utf8').split('\n').filter(Boolean) : [];
const exec = execIndex.map((row) => {
  const [pid, n, file, line, path] = row.split('\t');
  return { file: `exec/${pid}-${n}.maps`, pid: Number(pid), n: Number(n), at: { file, line: Number(line) }, path };
});
if (existsSync(join(execDir, 'index.tsv'))) rmSync(join(execDir, 'index.tsv'));

const meta = {
  name: args.name,
  command: args.command,
  cwd: args.cwd,
  launchedAs: args.launchedAs,
  aslr: args.aslrOff ? 'off (setarch -R)' : `on (randomize_va_space=${args.randomize})`,
  strace: { version: args.straceVersion, flags: args.flags, output: args.output },
  traceFiles,
  kernel: args.kernel,
  machine: args.machine,
  date: args.date,
  truth,
  exec,
  groundTruth: 'truth/*.maps are /proc/PID/maps as the traced program read it itself while traced (snap.h: a madvise(0xdead0000+n*4096, 0, MADV_NORMAL) marker, then a copy of /proc/self/maps; or the program output for cat/shell traces). exec/*.maps were read by scripts/lib/exec-capture.mjs from /proc/PID/maps while strace held the tracee in -e inject=execve:delay_exit=200000, right after the execve line appeared: the new image and its interpreter are mapped and ld.so has not run yet. The first execve (of /usr/bin/env, when launchedAs starts with it) is never delayed by strace, so it has no exec capture.',
  notes: args.notes,
};
writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
