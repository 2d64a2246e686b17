#!/bin/sh
# Builds the vmtrace test programs into scripts/programs/bin/ (gcc, -O1, no PIE
# changes: the default toolchain output is what the traces were recorded with).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/bin"
for prog in splits threads forks churn; do
  gcc -O1 -g0 -Wall -Wextra -pthread -o "$here/bin/$prog" "$here/$prog.c"
done
echo "built: $(ls "$here/bin" | tr '\n' ' ')"
