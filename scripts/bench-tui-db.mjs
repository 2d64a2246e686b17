#!/usr/bin/env node
// Key → frame latency of the TUI on real event-log DBs, read through dbSource(TraceDb.open(db)) (needs `npm run build`).
//   node scripts/bench-tui-db.mjs [--db NAME=PATH]... [--runs R] [--seed S] [--dist DIR] [--dev] [--no-row-cache] [--color] [--write docs/tui.md]
// React runs in production mode, as `vmtrace tui` runs it (runTui sets NODE_ENV); --dev keeps React's dev build.
// Frames have no colour codes (chalk sees a pipe); --color draws them as on a colour terminal (FORCE_COLOR, the theme).
// The ink row cache (src/tui/ink-row-cache.ts) is installed as mountTui does; --no-row-cache leaves ink as it is.
// Each run is a fresh Node process that renders the App with ink into a fake 120×40 stdout (maxFps 60, as
// run.tsx) and times, per sequence, each key from the moment it is written to stdin to the moment a frame
// showing its step is written to stdout: 200 → (single steps), 200 ← (single steps back), 50 PgDn, 50
// random `g N` (timed from Enter), then an arrow held at 30 keys/s (lag of each key, and whether it grows).
// Runs alternate between the DBs; the table shows the median over runs of each run's p50/p95.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, quantile, seededRandom } from './lib/bench-stats.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', multiple: true, default: ['node=/tmp/tuibench/node.db', 'churn=/tmp/tuibench/churn.db'] },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    write: { type: 'string' },
    child: { type: 'string' },
    profile: { type: 'boolean', default: false },
    dist: { type: 'string', default: fileURLToPath(new URL('../dist/', import.meta.url)) },
    dev: { type: 'boolean', default: false },
    'no-row-cache': { type: 'boolean', default: false },
    color: { type: 'boolean', default: false },
  },
});

const KEYS = { right: '\u001B[C', left: '\u001B[D', pageDown: '\u001B[6~', enter: '\r' };
const SETTLE_MS = 20; // > one frame at maxFps 60, so every timed key starts outside ink's throttle window
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Fake terminal streams (like ink-testing-library's, with a size); `write` reports each frame's step.
class FakeStdout extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  constructor(onFrame) {
    super();
    this.onFrame = onFrame;
  }
  write = (s) => {
    const m = / step (\d+)\/\d+/.exec(s);
    if (m !== null) this.onFrame(Number(m[1]), performance.now(), s);
    return true;
  };
}
class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  write = (data) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

// One run on one DB, in this process; prints one JSON line.
async function child(path) {
  if (!args.dev) process.env.NODE_ENV ??= 'production'; // before React loads
  if (args.color) process.env.FORCE_COLOR = '1'; // before chalk loads
  const dist = pathToFileURL(`${args.dist}/`);
  const { render } = await import('ink');
  const React = (await import('react')).default;
  const { App } = await import(new URL('tui/App.js', dist));
  const { dbSource } = await import(new URL('tui/db-source.js', dist));
  const { TraceDb } = await import(new URL('store/trace-db.js', dist));
  // As mountTui does (builds without it draw as ink always did).
  const rowCache = await import(new URL('tui/ink-row-cache.js', dist)).catch(() => undefined);
  if (rowCache !== undefined && !args['no-row-cache']) await rowCache.installRowCache();
  const db = TraceDb.open(path);
  const source = dbSource(db);
  const total = source.info().stepCount;
  const random = seededRandom(Number(args.seed));

  let shown = 0;
  const regionCounts = [];
  let waiter;
  const stdout = new FakeStdout((step, at, text) => {
    shown = step;
    const r = /space \d+ · (\d+) r/.exec(text); // the title may be cut: "2869 regio…", "2811 r…"
    if (r !== null) regionCounts.push(Number(r[1]));
    if (waiter !== undefined && waiter.test(step)) {
      const w = waiter;
      waiter = undefined;
      w.resolve(at);
    }
  });
  const stdin = new FakeStdin();
  const frame = (test) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within 10 s (showing step ${shown})`)), 10_000);
      waiter = { test, resolve: (at) => (clearTimeout(timer), resolve(at)) };
    });
  const { ThemeContext, makeTheme } = await import(new URL('tui/theme.js', dist));
  const tree = React.createElement(App, { source, width: 120, height: 39 });
  const app = render(args.color ? React.createElement(ThemeContext.Provider, { value: makeTheme(true) }, tree) : tree, { stdout, stdin, maxFps: 60, patchConsole: false, exitOnCtrlC: false });
  await sleep(50);

  // CPU ms of this process (all its threads: GC helpers too) per timed key, by sequence: less sensitive to the
  // machine's load than the wall time.
  let cpuList = [];
  // Sends `key` (expecting the frame of `step`) and returns ms from the write to that frame.
  const timeKey = async (key, step) => {
    const wait = frame((s) => s === step);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    stdin.write(key);
    const at = await wait;
    const c = process.cpuUsage(c0);
    cpuList.push((c.user + c.system) / 1000);
    await sleep(SETTLE_MS);
    return at - t0;
  };
  // `g N` Enter, untimed (moves without measuring) or timed from Enter.
  const goTo = async (step, timed) => {
    stdin.write(`g${step}`);
    await sleep(SETTLE_MS);
    if (!timed) {
      const wait = frame((s) => s === step);
      stdin.write(KEYS.enter);
      await wait;
      await sleep(SETTLE_MS);
      return 0;
    }
    return timeKey(KEYS.enter, step);
  };
  const clampStep = (n) => Math.max(1, Math.min(total, n));
  const out = { total, sequences: {}, cpu: {} };

  // 200 → from a random step in the second quarter (past the ramp-up, so the space is full).
  let at = clampStep(Math.floor(total / 4 + random() * (total / 4)));
  await goTo(at, false);
  const seq = (name) => {
    cpuList = out.cpu[name] = [];
    return (out.sequences[name] = []);
  };
  const right = seq('→ ×200');
  for (let i = 0; i < 200 && at < total; i++) right.push(await timeKey(KEYS.right, ++at));
  const left = seq('← ×200');
  for (let i = 0; i < 200 && at > 1; i++) left.push(await timeKey(KEYS.left, --at));
  // 50 PgDn (1 % of the trace each) from a random step in the first half.
  const page = Math.max(1, Math.round(total / 100));
  at = clampStep(Math.floor(random() * (total / 2)));
  await goTo(at, false);
  const pages = seq('PgDn ×50');
  for (let i = 0; i < 50; i++) {
    at = clampStep(at + page);
    pages.push(await timeKey(KEYS.pageDown, at));
  }
  const jumps = seq('g N ×50');
  for (let i = 0; i < 50; i++) {
    at = clampStep(1 + Math.floor(random() * total));
    jumps.push(await goTo(at, true));
  }

  // An arrow held at 30 keys/s for 150 keys from the middle: each key's lag = its frame (or a later one) − its time.
  at = clampStep(Math.floor(total / 2));
  await goTo(at, false);
  const start = at;
  const interval = 1000 / 30;
  const sentAt = [];
  const firstFrame = [];
  let keys = 0;
  const t0 = performance.now();
  const onHeldFrame = (step, when) => {
    for (let k = step - start - 1; k >= 0 && firstFrame[k] === undefined; k--) firstFrame[k] = when;
  };
  stdout.onFrame = ((prev) => (step, when, text) => {
    onHeldFrame(step, when);
    prev(step, when, text);
  })(stdout.onFrame);
  while (keys < 150) {
    // Like a terminal, everything due since the last read arrives as one chunk.
    const due = Math.min(150, Math.floor((performance.now() - t0) / interval) + 1);
    let chunk = '';
    for (; keys < due; keys++) {
      sentAt.push(t0 + keys * interval);
      chunk += KEYS.right;
    }
    if (chunk !== '') stdin.write(chunk);
    await sleep(Math.max(0, t0 + keys * interval - performance.now()));
  }
  const last = Math.min(total, start + 150);
  if (shown !== last) await frame((s) => s === last);
  const lags = sentAt.map((t, i) => (firstFrame[i] ?? Number.NaN) - t);
  out.held = { lags, settle: (firstFrame[149] ?? Number.NaN) - (sentAt[149] ?? 0) };
  out.regions = median(regionCounts);
  app.unmount();
  db.close();
  console.log(JSON.stringify(out));
}

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');

// Runs the children, alternating DBs, and prints (and optionally writes) the table.
function parent() {
  const dbs = args.db.map((s) => {
    const i = s.indexOf('=');
    return { name: s.slice(0, i), path: s.slice(i + 1) };
  });
  const load0 = loadavg()[0];
  const results = new Map(dbs.map((d) => [d.name, []]));
  for (let r = 0; r < Number(args.runs); r++) {
    for (const d of dbs) {
      const flags = args.profile ? ['--cpu-prof', '--cpu-prof-dir=/tmp/tuibench/prof'] : [];
      const p = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', d.path, '--seed', String(Number(args.seed) + r), '--dist', args.dist, ...(args.dev ? ['--dev'] : []), ...(args['no-row-cache'] ? ['--no-row-cache'] : []), ...(args.color ? ['--color'] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (p.status !== 0) throw new Error(`run on ${d.path} failed: ${p.stderr}`);
      const res = JSON.parse(p.stdout.trim().split('\n').pop());
      results.get(d.name).push(res);
      process.stderr.write(`${d.name} run ${r + 1}: ${Object.entries(res.sequences).map(([k, v]) => `${k} p95 ${f(quantile(v, 0.95))}`).join(', ')}\n`);
    }
  }
  const load1 = loadavg()[0];
  const lines = [];
  lines.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} cores; Node ${process.version}; load average ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end`);
  lines.push(`- build: ${args.dist}; React ${args.dev ? 'development' : 'production'} mode${args['no-row-cache'] ? '; ink row cache off' : ''}${args.color ? '; colours on' : ''}`);
  lines.push(`- ${args.runs} runs per DB (alternated), each a fresh process; figures are the median over runs of each run's percentile, in ms; CPU: the process's CPU time from key to frame`);
  lines.push('');
  lines.push('| trace | steps | regions shown (median) | sequence | p50 | p95 | max | CPU p50 / p95 |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const d of dbs) {
    const runs = results.get(d.name);
    const first = runs[0];
    for (const name of Object.keys(first.sequences)) {
      const per = runs.map((r) => r.sequences[name]);
      const cpu = runs.map((r) => r.cpu[name]);
      lines.push(`| ${d.name} | ${first.total} | ${median(runs.map((r) => r.regions))} | ${name} | ${f(median(per.map((v) => quantile(v, 0.5))))} | ${f(median(per.map((v) => quantile(v, 0.95))))} | ${f(median(per.map((v) => Math.max(...v))))} | ${f(median(cpu.map((v) => quantile(v, 0.5))))} / ${f(median(cpu.map((v) => quantile(v, 0.95))))} |`);
    }
    const lags = runs.map((r) => r.held.lags);
    const early = median(lags.map((l) => median(l.slice(0, 30))));
    const late = median(lags.map((l) => median(l.slice(-30))));
    lines.push(`| ${d.name} | | | held → at 30/s ×150: lag of each key (first 30 keys ${f(early)}, last 30 ${f(late)}) | ${f(median(lags.map((l) => quantile(l, 0.5))))} | ${f(median(lags.map((l) => quantile(l, 0.95))))} | ${f(median(lags.map((l) => Math.max(...l))))} | |`);
  }
  const block = lines.join('\n');
  console.log(block);
  if (args.write !== undefined) {
    const doc = readFileSync(args.write, 'utf8');
    const re = /<!-- bench-tui-db:begin -->[\s\S]*<!-- bench-tui-db:end -->/;
    if (!re.test(doc)) throw new Error(`${args.write} has no bench-tui-db block`);
    writeFileSync(args.write, doc.replace(re, `<!-- bench-tui-db:begin -->\n${block}\n<!-- bench-tui-db:end -->`));
  }
}

if (args.child !== undefined) await child(args.child);
else parent();
