#!/bin/bash
# Re-records every trace in traces/ (what each one is and why: traces/README.md).
# Usage: scripts/record-all.sh [NAME…]   (default: all)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/programs/build.sh"
bin=$here/programs/bin
rec=$here/record-trace.sh
LIST='trace=%memory,%process,prctl,open,openat,openat2,close,close_range,dup,dup2,dup3,fcntl,unlink,unlinkat,rename,renameat,renameat2'
FLAGS_NOTE='flags-* traces: the same deterministic program (scripts/programs/splits.c) under setarch -R, only the strace flags differ; the truth dir name has a fixed length so the environment, hence the stack, is the same size in every run.'

one() {
  case $1 in
    cat) "$rec" cat --stdout-truth \
      --truth-label "cat's own maps as it read /proc/self/maps: after the mmap of its rw-p read buffer, before the munmap of it" \
      -- cat /proc/self/maps ;;
    sh-pipeline) "$rec" sh-pipeline \
      --truth-label "sh: its own maps while it waits for the pipeline children (after the clone of the cat that printed them); cat: its own maps as it read /proc/self/maps (after the mmap of its read buffer)" \
      --note "the inner sh -c 'exec cat …' has the pid of the cat it becomes, so truth/<pid>.maps names the cat's pid" \
      -- sh -c 'cat /proc/$$/maps | tee "$VMTRACE_TRUTH/$$.maps" | wc -l >/dev/null; /bin/sh -c '\''exec cat /proc/self/maps >"$VMTRACE_TRUTH/$$.maps"'\'' | cat' ;;
    splits) "$rec" splits -- "$bin/splits" ;;
    threads) "$rec" threads --note 'snapshots are taken while all four workers wait on a barrier, so no other call of the mm is in flight' -- "$bin/threads" ;;
    forks) "$rec" forks -- "$bin/forks" ;;
    flags-o) "$rec" flags-o --aslr-off --note "$FLAGS_NOTE" --flags "-f -e $LIST" -- "$bin/splits" ;;
    flags-stderr) "$rec" flags-stderr --aslr-off --output stderr --note "$FLAGS_NOTE" --flags "-f -e $LIST" -- "$bin/splits" ;;
    flags-ff) "$rec" flags-ff --aslr-off --output ff --note "$FLAGS_NOTE" --flags "-e $LIST" -- "$bin/splits" ;;
    flags-tt-T) "$rec" flags-tt-T --aslr-off --note "$FLAGS_NOTE" --flags "-f -tt -T -e $LIST" -- "$bin/splits" ;;
    flags-ttt) "$rec" flags-ttt --aslr-off --note "$FLAGS_NOTE" --flags "-f -ttt -e $LIST" -- "$bin/splits" ;;
    flags-y) "$rec" flags-y --aslr-off --note "$FLAGS_NOTE" --flags "-f -y -e $LIST" -- "$bin/splits" ;;
    flags-yy) "$rec" flags-yy --aslr-off --note "$FLAGS_NOTE" --flags "-f -yy -e $LIST" -- "$bin/splits" ;;
    flags-X-raw) "$rec" flags-X-raw --aslr-off --note "$FLAGS_NOTE" --flags "-f -X raw -e $LIST" -- "$bin/splits" ;;
    flags-i) "$rec" flags-i --aslr-off --note "$FLAGS_NOTE" --flags "-f -i -e $LIST" -- "$bin/splits" ;;
    flags-k) "$rec" flags-k --aslr-off --note "$FLAGS_NOTE" --flags "-f -k -e $LIST" -- "$bin/splits" ;;
    flags-no-filter) "$rec" flags-no-filter --aslr-off --note "$FLAGS_NOTE" --flags "-f -y" -- "$bin/splits" ;;
    *) echo "record-all.sh: unknown trace $1" >&2; exit 2 ;;
  esac
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(cat sh-pipeline splits threads forks flags-o flags-stderr flags-ff flags-tt-T flags-ttt flags-y flags-yy flags-X-raw flags-i flags-k flags-no-filter)
for n in "${names[@]}"; do one "$n"; done
