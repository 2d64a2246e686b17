#!/usr/bin/env node
// Key → screen latency of the real TUI in a real terminal: `vmtrace tui DB` in a 120×40 tmux window; each key is
// sent with `tmux send-keys` and timed until `tmux capture-pane` shows the step it leads to (needs tmux, `npm run build`).
//   node scripts/bench-tui-tmux.mjs [--db NAME=PATH]... [--keys N] [--dist DIR] [--write docs/tui.md]
// Per DB: N → from the second quarter, N ← back, 20 PgDn; figures include tmux itself (a send-keys and the
// capture-pane polls, each a tmux client process): the "floor" row is the same loop on a key that draws nothing new.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { quantile } from './lib/bench-stats.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', multiple: true, default: ['node=/tmp/tuibench/node.db', 'churn=/tmp/tuibench/churn.db'] },
    keys: { type: 'string', default: '100' },
    dist: { type: 'string', default: fileURLToPath(new URL('../dist/', import.meta.url)) },
    write: { type: 'string' },
  },
});
const session = `vmtrace-bench-${process.pid}`;
const tmux = (...argv) => {
  const r = spawnSync('tmux', argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const stepShown = () => {
  const m = / step (\d+)\/(\d+)/.exec(tmux('capture-pane', '-p', '-t', session));
  return m === null ? undefined : { step: Number(m[1]), total: Number(m[2]) };
};
// Polls the screen until `test(step)`; returns ms since `t0`.
const waitFor = (test, t0, what) => {
  for (;;) {
    const s = stepShown();
    if (s !== undefined && test(s.step)) return performance.now() - t0;
    if (performance.now() - t0 > 15_000) throw new Error(`timed out waiting for ${what}`);
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const timeKey = async (key, step) => {
  const t0 = performance.now();
  tmux('send-keys', '-t', session, key);
  const ms = waitFor((s) => s === step, t0, `step ${step}`);
  await sleep(30);
  return ms;
};
const f = (x) => x.toFixed(1);
const lines = [];
const out = (line) => (console.log(line), lines.push(line));
const row = (name, seq, xs) => out(`| ${name} | ${seq} | ${f(quantile(xs, 0.5))} | ${f(quantile(xs, 0.95))} | ${f(Math.max(...xs))} |`);

const load0 = loadavg()[0];
out('| trace | sequence | p50 | p95 | max |');
out('|---|---|---|---|---|');
for (const spec of args.db) {
  const [name, path] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', process.execPath, `${args.dist}/cli.js`, 'tui', path);
  try {
    waitFor((s) => s === 1, performance.now(), 'the TUI');
    const total = stepShown()?.total ?? 1;
    let at = Math.max(1, Math.floor(total / 4) + 7);
    tmux('send-keys', '-t', session, 'g', ...String(at).split(''), 'Enter');
    waitFor((s) => s === at, performance.now(), `step ${at}`);
    // The floor: a key that changes nothing on screen (↑ with the maps at the top) timed against the step already shown.
    const floor = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      tmux('send-keys', '-t', session, 'Up');
      floor.push(waitFor((s) => s === at, t0, 'the same step'));
      await sleep(30);
    }
    const keys = Number(args.keys);
    const right = [];
    for (let i = 0; i < keys && at < total; i++) right.push(await timeKey('Right', ++at));
    const left = [];
    for (let i = 0; i < keys && at > 1; i++) left.push(await timeKey('Left', --at));
    const page = Math.max(1, Math.round(total / 100));
    const pages = [];
    for (let i = 0; i < 20 && at + page <= total; i++) pages.push(await timeKey('PageDown', (at += page)));
    row(name, 'floor (tmux send-keys + one capture-pane)', floor);
    row(name, `→ ×${right.length}`, right);
    row(name, `← ×${left.length}`, left);
    if (pages.length > 0) row(name, `PgDn ×${pages.length}`, pages);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
}

const head = `- ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; build ${args.dist}; ms\n`;
console.log(head);
if (args.write !== undefined) {
  const doc = readFileSync(args.write, 'utf8');
  const re = /<!-- bench-tui-tmux:begin -->[\s\S]*<!-- bench-tui-tmux:end -->/;
  if (!re.test(doc)) throw new Error(`${args.write} has no bench-tui-tmux block`);
  writeFileSync(args.write, doc.replace(re, `<!-- bench-tui-tmux:begin -->\n${head}\n${lines.join('\n')}\n<!-- bench-tui-tmux:end -->`));
}
