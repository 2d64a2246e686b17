#!/bin/bash
# Records traces/NAME/: trace.strace (or trace.strace.<pid> with --output ff),
# meta.json, truth/*.maps (the program's own /proc/self/maps) and exec/*.maps
# (exec-time layouts read while strace delays each execve's return).
#
# usage: scripts/record-trace.sh NAME [options] -- CMD [ARGS…]
#   --flags 'STRACE FLAGS'  replace the default flag set (below); -o/-ff and the
#                           exec-capture injection are added by this script
#   --output o|stderr|ff    -o FILE (default), `2> FILE`, or -ff -o PREFIX
#   --aslr-off              run strace and the program under `setarch -R`
#   --no-exec-capture       no delay_exit injection, no exec/ directory
#   --stdout-truth          the program's stdout is its own maps (cat): filed
#                           as truth/<root pid>.maps
#   --truth-label TEXT      what a truth file without a snap.h marker shows
#   --note TEXT             a note for meta.json (repeatable)
# The program gets VMTRACE_TRUTH=<a temp dir of fixed-length name> so snap.h
# (scripts/programs) can write truth files; the command runs from the repo root
# as `/usr/bin/env /abs/prog args…` so that strace also delays its first
# exec (strace-output.md §12).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DEFAULT_FLAGS='-f -y --quiet=none -ttt -T -e trace=%memory,%process,prctl,open,openat,openat2,close,close_range,dup,dup2,dup3,fcntl,unlink,unlinkat,rename,renameat,renameat2'

name=${1:?usage: record-trace.sh NAME [options] -- CMD…}; shift
flags=$DEFAULT_FLAGS output=o aslr_off=0 capture=1 stdout_truth=0 truth_label='' notes=()
while [ $# -gt 0 ]; do
  case $1 in
    --flags) flags=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --aslr-off) aslr_off=1; shift ;;
    --no-exec-capture) capture=0; shift ;;
    --stdout-truth) stdout_truth=1; shift ;;
    --truth-label) truth_label=$2; shift 2 ;;
    --note) notes+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "record-trace.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo 'record-trace.sh: no command after --' >&2; exit 2; }
prog=$(command -v "$1") || { echo "record-trace.sh: $1 not found" >&2; exit 2; }
prog=$(readlink -f "$prog"); shift
cmd=(/usr/bin/env "$prog" "$@")

dir=$root/traces/$name
rm -rf "$dir"; mkdir -p "$dir/truth"
truth_tmp=$(mktemp -d /tmp/vmtrace-truth.XXXXXX)
work=$(mktemp -d /tmp/vmtrace-rec.XXXXXX)
trap 'rm -rf "$truth_tmp" "$work"' EXIT

read -r -a flag_words <<<"$flags"
inject=()
[ $capture = 1 ] && inject=(-e inject=execve:delay_exit=200000)
pre=()
[ $aslr_off = 1 ] && pre=(setarch "$(uname -m)" -R)
trace=$dir/trace.strace
case $output in
  o) out_args=(-o "$trace") mode=single ;;
  ff) out_args=(-ff -o "$trace") mode=ff ;;
  stderr) out_args=() mode=single ;;
  *) echo "record-trace.sh: --output o|stderr|ff" >&2; exit 2 ;;
esac

if [ $capture = 1 ]; then
  mkdir -p "$dir/exec"
  node "$root/scripts/lib/exec-capture.mjs" "$mode" "$trace" "$work/strace.pid" "$dir/exec" "$work/done" &
  reader=$!
  sleep 0.3 # the reader is polling before the first delayed execve
fi
cd "$root"
set +e
if [ "$output" = stderr ]; then
  VMTRACE_TRUTH=$truth_tmp "${pre[@]}" strace "${flag_words[@]}" "${inject[@]}" -- "${cmd[@]}" >"$dir/stdout.txt" 2>"$trace" &
else
  VMTRACE_TRUTH=$truth_tmp "${pre[@]}" strace "${flag_words[@]}" "${out_args[@]}" "${inject[@]}" -- "${cmd[@]}" >"$dir/stdout.txt" &
fi
strace_pid=$!
echo "$strace_pid" >"$work/strace.pid"
wait "$strace_pid"; status=$?
set -e
if [ $capture = 1 ]; then touch "$work/done"; wait "$reader"; fi
[ $status = 0 ] || { echo "record-trace.sh: the traced command exited with $status" >&2; exit 1; }

cp -r "$truth_tmp"/. "$dir/truth/"
[ $stdout_truth = 1 ] || { [ -s "$dir/stdout.txt" ] || rm -f "$dir/stdout.txt"; }

notes_json=$(printf '%s\0' "${notes[@]+"${notes[@]}"}" | node -e 'const s=require("fs").readFileSync(0,"utf8");process.stdout.write(JSON.stringify(s.split("\0").filter(Boolean)))')
cmd_json=$(printf '%s\0' "$prog" "$@" | node -e 'const s=require("fs").readFileSync(0,"utf8");process.stdout.write(JSON.stringify(s.split("\0").slice(0,-1)))')
all_flags=("${flag_words[@]}" "${out_args[@]+"${out_args[@]}"}" "${inject[@]+"${inject[@]}"}")
[ "$output" = stderr ] && all_flags+=('2>trace.strace')
flags_json=$(printf '%s\0' "${all_flags[@]}" | node -e 'const s=require("fs").readFileSync(0,"utf8");process.stdout.write(JSON.stringify(s.split("\0").slice(0,-1).map(f=>f.startsWith("/")?f.replace(process.argv[1]+"/","traces/"):f)))' "$root/traces")
args=$(node -e '
const [name, cmd, cwd, aslr, ver, flags, output, kernel, machine, stdoutTruth, label, notes, randomize, launched] = process.argv.slice(1);
process.stdout.write(JSON.stringify({ name, command: JSON.parse(cmd), cwd, aslrOff: aslr === "1", straceVersion: ver,
  flags: JSON.parse(flags), output, kernel, machine, date: new Date().toISOString(), stdoutTruth: stdoutTruth === "1",
  truthLabel: label || undefined, notes: JSON.parse(notes), randomize: Number(randomize), launchedAs: launched }));
' "$name" "$cmd_json" "$root" "$aslr_off" "$(strace -V | head -1 | sed 's/.*version //')" "$flags_json" "$output" \
  "$(uname -sr)" "$(uname -m)" "$stdout_truth" "$truth_label" "$notes_json" "$(cat /proc/sys/kernel/randomize_va_space)" \
  "${pre[*]+"${pre[*]} "}strace … -- /usr/bin/env $prog${*:+ $*}")
node "$root/scripts/lib/write-meta.mjs" "$dir" "$args"
size=$(du -sh "$dir" | cut -f1)
echo "recorded traces/$name ($size): $(ls "$dir/truth" | wc -l) truth, $(ls "$dir/exec" 2>/dev/null | wc -l) exec captures"
