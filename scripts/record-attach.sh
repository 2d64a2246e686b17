#!/bin/bash
# Records traces/attach/: `strace -f -p PID` attached to scripts/programs/attach.py while it
# runs, so the trace begins in the middle of the process's life (no execve). Writes
# trace.strace, truth/maps.txt (the program's own /proc/self/maps at its marker, the address
# of its mapping on the first line) and meta.json.
# usage: scripts/record-attach.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/traces/attach
python=$(python3 -c 'import sys; print(sys.executable)') # the interpreter, not a shim that execs it
flags=(-f -y -ttt -e 'trace=%memory,%process')
rm -rf "$dir"; mkdir -p "$dir/truth"
work=$(mktemp -d /tmp/vmtrace-attach.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$python" "$root/scripts/programs/attach.py" "$work/go" "$dir/truth/maps.txt" >"$work/out" &
pid=$!
until grep -q ready "$work/out" 2>/dev/null; do sleep 0.01; done
strace "${flags[@]}" -o "$dir/trace.strace" -p "$pid" 2>"$work/strace.err" &
strace_pid=$!
until grep -q attached "$work/strace.err" 2>/dev/null; do sleep 0.01; done
touch "$work/go"
wait "$pid"
wait "$strace_pid" || true

line=$(grep -n 'madvise(0xdead1000, 0, MADV_NORMAL)' "$dir/trace.strace" | head -1 | cut -d: -f1)
PID=$pid LINE=$line PYTHON=$python FLAGS="${flags[*]}" node - "$dir/meta.json" <<'JS'
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const uname = (o) => execFileSync('uname', [o], { encoding: 'utf8' }).trim();
const meta = {
  name: 'attach',
  command: [process.env.PYTHON, 'scripts/programs/attach.py', 'GO', 'OUT'],
  cwd: process.cwd(),
  launchedAs: `the program first, then strace ${process.env.FLAGS} -o traces/attach/trace.strace -p ${process.env.PID} once it said ready`,
  aslr: 'on (randomize_va_space=2)',
  strace: { version: execFileSync('strace', ['-V'], { encoding: 'utf8' }).split('\n')[0].replace(/^.* version /, ''), flags: [...process.env.FLAGS.split(' '), '-p', process.env.PID], output: 'o' },
  traceFiles: ['trace.strace'],
  kernel: `${uname('-s')} ${uname('-r')}`,
  machine: uname('-m'),
  date: new Date().toISOString(),
  truth: [],
  partialTruth: { file: 'truth/maps.txt', pid: Number(process.env.PID), at: { file: 'trace.strace', line: Number(process.env.LINE) } },
  groundTruth: 'truth/maps.txt is /proc/self/maps as the program read it right after its marker madvise(0xdead1000, 0, MADV_NORMAL); its first line is the address of the 5 shared anonymous pages it mapped after strace attached. It is not a `truth` entry: a trace that begins mid-life cannot reproduce the regions mapped before it (vmtrace marks the process startUnknown); test/e2e/attach.test.ts checks the regions it can show.',
  notes: ['strace -p: the trace has no execve; every pid in it was running before the trace began'],
};
writeFileSync(process.argv[2], `${JSON.stringify(meta, null, 2)}\n`);
JS
echo "recorded $dir ($(wc -l <"$dir/trace.strace") lines, marker at line $line)"
