#!/usr/bin/env bash
# Smoke test of the real TUI in tmux, run before a TUI change lands (needs `npm run build`).
#   scripts/tui-smoke.sh DB|TRACE     node dist/cli.js tui DB|TRACE
#   scripts/tui-smoke.sh --synthetic  the synthetic 1,000,000-event source of scripts/bench-tui.mjs
# Steps, jumps (g), searches (/), opens the picker (p), holds → (200 keys at once), quits (q),
# checks the shell is back and the alternate screen left, then prints p50/p95 frame times
# from VMTRACE_PROFILE.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v tmux >/dev/null || { echo "tui-smoke: tmux not installed" >&2; exit 2; }
[ -f dist/cli.js ] || { echo "tui-smoke: dist/cli.js missing (npm run build)" >&2; exit 2; }
[ $# -eq 1 ] || { echo "usage: $0 DB|TRACE|--synthetic" >&2; exit 2; }

session="vmtrace-smoke-$$"
work="$(mktemp -d)"
profile="$work/profile.jsonl"
prompt='SMOKE-READY$ '
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if [ "$1" = "--synthetic" ]; then
  cmd="node scripts/bench-tui.mjs --interactive"
  search="mprotect"
else
  cmd="node dist/cli.js tui $(printf '%q' "$1")"
  search="mmap"
fi

screen() { tmux capture-pane -p -t "$session"; }
fail() { echo "tui-smoke: FAIL: $1" >&2; echo "--- screen ---" >&2; screen >&2; exit 1; }
# wait_for REGEX WHAT: poll the screen for up to 15 s.
wait_for() {
  for _ in $(seq 1 300); do
    if screen | grep -Eq -- "$1"; then return 0; fi
    sleep 0.05
  done
  fail "timed out waiting for $2"
}
step_shown() { screen | grep -Eo 'step [0-9]+/' | head -1 | grep -Eo '[0-9]+'; }

tmux new-session -d -s "$session" -x 120 -y 40 -c "$PWD" env "PS1=$prompt" bash --norc --noprofile
wait_for 'SMOKE-READY' 'the shell'
tmux send-keys -t "$session" "VMTRACE_PROFILE=1 VMTRACE_PROFILE_FILE=$profile $cmd" Enter
wait_for 'step 1/[0-9]+' 'the TUI at step 1'
[ "$(tmux display-message -p -t "$session" '#{alternate_on}')" = 1 ] || fail 'not on the alternate screen'
echo "ok: opened ($cmd)"

for _ in 1 2 3 4 5; do tmux send-keys -t "$session" Right; sleep 0.05; done
wait_for 'step 6/' 'step 6 after five →'
echo "ok: → five times: step 6"

tmux send-keys -t "$session" g 3 0 Enter
wait_for 'step 30/' 'step 30 after g 30'
echo "ok: g 30"

tmux send-keys -t "$session" /
tmux send-keys -t "$session" -l "$search"
tmux send-keys -t "$session" Enter
wait_for "^/$search|^search wrapped: $search" "a $search match"
echo "ok: /$search → step $(step_shown)"

tmux send-keys -t "$session" d
wait_for 'user/kernel split|Diagram' 'the diagram'
tmux send-keys -t "$session" d p
wait_for 'Pick a process' 'the picker'
tmux send-keys -t "$session" Escape
wait_for 'Maps ·' 'the maps after closing the picker'
echo "ok: d, p, Esc"

# 40 single presses, 60 ms apart: the frame times reported below.
for _ in $(seq 1 40); do tmux send-keys -t "$session" Right; sleep 0.06; done
sleep 0.3
echo "ok: 40 × → one at a time: step $(step_shown)"

before=$(step_shown)
keys=()
for _ in $(seq 1 200); do keys+=(Right); done
tmux send-keys -t "$session" "${keys[@]}"
sleep 1
after=$(step_shown)
[ "$after" -gt "$before" ] || fail "held → did not move ($before → $after)"
sleep 0.5
[ "$(step_shown)" = "$after" ] || fail 'the step was still moving 0.5 s after the keys (lag)'
echo "ok: 200 × → at once: step $before → $after, settled"

tmux resize-window -t "$session" -x 80 -y 24
wait_for 'step [0-9]+/' 'a frame after resizing to 80×24'
sleep 0.3
rows=$(screen | grep -c . || true)
[ "$rows" -le 23 ] || fail "the frame has $rows lines at 80×24 (expected ≤ 23)"
screen | grep -q 'Maps ·' || fail 'no maps panel at 80×24'
echo "ok: resized to 80×24 ($rows lines)"

tmux send-keys -t "$session" q
wait_for 'SMOKE-READY' 'the shell after q'
screen | grep -q 'vmtrace ·' && fail 'the TUI header is still on screen after q'
[ "$(tmux display-message -p -t "$session" '#{alternate_on}')" = 0 ] || fail 'still on the alternate screen'
echo "ok: q restored the terminal"

# SIGTERM restores the terminal too.
tmux send-keys -t "$session" "$cmd" Enter
wait_for 'step 1/[0-9]+' 'the TUI again'
shell_pid=$(tmux display-message -p -t "$session" '#{pane_pid}')
tui_pid=$(pgrep -P "$shell_pid" node | head -1)
[ -n "$tui_pid" ] || fail 'cannot find the TUI process'
kill -TERM "$tui_pid"
wait_for 'SMOKE-READY' 'the shell after SIGTERM'
[ "$(tmux display-message -p -t "$session" '#{alternate_on}')" = 0 ] || fail 'still on the alternate screen after SIGTERM'
echo "ok: SIGTERM restored the terminal"

sleep 0.2
[ -s "$profile" ] || fail "no profile written to $profile"
node - "$profile" <<'JS'
const fs = require('node:fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const perKey = new Map();
for (const r of rows) if (r.key !== undefined) perKey.set(r.key, Math.max(perKey.get(r.key) ?? 0, r.sinceKey));
const render = rows.map((r) => r.render);
const keys = [...perKey.values()];
const f = (x) => (x === undefined ? '-' : x.toFixed(2));
console.log(`frames: ${rows.length}; ink render p50 ${f(pct(render, 0.5))} ms, p95 ${f(pct(render, 0.95))} ms`);
console.log(`keypress → last frame of that key: p50 ${f(pct(keys, 0.5))} ms, p95 ${f(pct(keys, 0.95))} ms (${keys.length} keys)`);
JS
echo "tui-smoke: PASS"
