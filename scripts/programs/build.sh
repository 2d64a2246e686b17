#!/bin/sh
# Builds the vmtrace test programs into scripts/programs/bin/ (or OUTDIR) (gcc, -O1,
# no PIE changes: the default toolchain output is what the traces were recorded with).
# usage: build.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
mkdir -p "$out"
for prog in splits threads forks churn; do
  gcc -O1 -g0 -Wall -Wextra -pthread -o "$out/$prog" "$here/$prog.c"
done
echo "built: $(ls "$out" | tr '\n' ' ')"
