#!/bin/bash
# Records traces/attach/ and traces/attach-threads/: strace attached with `-f -p PID` to a
# program already running, so each trace begins in the middle of a process's life (no execve).
#   attach          scripts/programs/attach.py, trace written with -o
#   attach-threads  scripts/programs/attach_threads.py (3 threads), trace on strace's stderr,
#                   which carries `strace: Process PID attached with 3 threads`
# Each gets trace.strace, truth/maps.txt (the program's own /proc/self/maps at its marker, the
# addresses of the regions it mapped on the first line) and meta.json.
# usage: scripts/record-attach.sh [attach|attach-threads]…   (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$(python3 -c 'import sys; print(sys.executable)') # the interpreter, not a shim that execs it
flags=(-f -y -ttt -e 'trace=%memory,%process')

# On any failure (set -e, a timeout, Ctrl-C): stop the program and strace if still running, drop the temp dir.
work='' program_pid='' strace_pid=''
cleanup() {
  for p in $strace_pid $program_pid; do kill "$p" 2>/dev/null || true; done
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT

# Waits up to 10 s for PATTERN to show in FILE.
wait_for() {
  local pattern=$1 file=$2 tries=1000
  until grep -q "$pattern" "$file" 2>/dev/null; do
    tries=$((tries - 1))
    if [ $tries -eq 0 ]; then echo "record-attach.sh: no '$pattern' in $file after 10 s" >&2; exit 1; fi
    sleep 0.01
  done
}

record() {
  local name=$1 program=$2 output=$3
  local dir=$root/traces/$name
  rm -rf "$dir"; mkdir -p "$dir/truth"
  work=$(mktemp -d /tmp/vmtrace-attach.XXXXXX)
  "$python" "$root/scripts/programs/$program" "$work/go" "$dir/truth/maps.txt" >"$work/out" &
  program_pid=$!
  local pid=$program_pid
  wait_for ready "$work/out"
  local said=$work/strace.err
  if [ "$output" = stderr ]; then
    strace "${flags[@]}" -p "$pid" 2>"$dir/trace.strace" &
    said=$dir/trace.strace
  else
    strace "${flags[@]}" -o "$dir/trace.strace" -p "$pid" 2>"$work/strace.err" &
  fi
  strace_pid=$!
  wait_for attached "$said"
  touch "$work/go"
  wait "$pid"
  program_pid=''
  wait "$strace_pid" || true
  strace_pid=''
  rm -rf "$work"
  work=''
  local line; line=$(grep -n 'madvise(0xdead1000, 0, MADV_NORMAL)' "$dir/trace.strace" | head -1 | cut -d: -f1)
  NAME=$name PROGRAM=$program OUTPUT=$output PID=$pid LINE=$line PYTHON=$python FLAGS="${flags[*]}" node - "$dir/meta.json" <<'JS'
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const env = process.env;
const uname = (o) => execFileSync('uname', [o], { encoding: 'utf8' }).trim();
const out = env.OUTPUT === 'stderr' ? `2> traces/${env.NAME}/trace.strace` : `-o traces/${env.NAME}/trace.strace`;
const meta = {
  name: env.NAME,
  command: [env.PYTHON, `scripts/programs/${env.PROGRAM}`, 'GO', 'OUT'],
  cwd: process.cwd(),
  launchedAs: `the program first, then strace ${env.FLAGS} -p ${env.PID} ${out} once it said ready`,
  aslr: 'on (randomize_va_space=2)',
  strace: { version: execFileSync('strace', ['-V'], { encoding: 'utf8' }).split('\n')[0].replace(/^.* version /, ''), flags: [...env.FLAGS.split(' '), '-p', env.PID], output: env.OUTPUT },
  traceFiles: ['trace.strace'],
  kernel: `${uname('-s')} ${uname('-r')}`,
  machine: uname('-m'),
  date: new Date().toISOString(),
  truth: [],
  partialTruth: { file: 'truth/maps.txt', pid: Number(env.PID), at: { file: 'trace.strace', line: Number(env.LINE) } },
  groundTruth: 'truth/maps.txt is /proc/self/maps as the program read it right after its marker madvise(0xdead1000, 0, MADV_NORMAL); its first line holds the addresses of the shared anonymous regions it mapped after strace attached. It is not a `truth` entry: a trace that begins mid-life cannot reproduce the regions mapped before it (vmtrace marks the process startUnknown); test/e2e/attach.test.ts checks the regions it can show.',
  notes: ['strace -p: the trace has no execve; every pid in it was running before the trace began'],
};
writeFileSync(process.argv[2], `${JSON.stringify(meta, null, 2)}\n`);
JS
  echo "recorded $dir ($(wc -l <"$dir/trace.strace") lines, marker at line $line)"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(attach attach-threads)
for name in "${names[@]}"; do
  case $name in
    attach) record attach attach.py o ;;
    attach-threads) record attach-threads attach_threads.py stderr ;;
    *) echo "record-attach.sh: unknown trace $name" >&2; exit 2 ;;
  esac
done
