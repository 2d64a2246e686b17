#!/usr/bin/env node
// Measures how fast the TUI draws a keypress (needs `npm run build`).
//   node scripts/bench-tui.mjs [--db DB] [--events N] [--regions R] [--keys K] [--interactive]
// Without --db it uses a synthetic in-memory source (N events, R live regions in one space): that
// measures the UI alone. With --db it reads a real event log through the store (the issue's target).
// --interactive opens the real TUI on this terminal instead (tui-smoke.sh uses it for the synthetic case).
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { render } from 'ink';
import React from 'react';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    events: { type: 'string', default: '1000000' },
    regions: { type: 'string', default: '2500' },
    keys: { type: 'string', default: '200' },
    interactive: { type: 'boolean', default: false },
  },
});

const dist = new URL('../dist/', import.meta.url);
const { App } = await import(new URL('tui/App.js', dist));
const { runTui } = await import(new URL('tui/run.js', dist));
const { dbSource } = await import(new URL('tui/db-source.js', dist));

// A synthetic source: R regions 16 KiB apart; event s mprotects region (s−1) mod R, toggling r--/rw-.
function syntheticSource(total, count) {
  const base = 0x7f0000000000;
  const regionOf = (i, step) => {
    const touches = step >= i + 1 ? Math.floor((step - (i + 1)) / count) + 1 : 0;
    return { start: base + i * 0x8000, end: base + i * 0x8000 + 0x4000, perms: touches % 2 === 1 ? 'r--p' : 'rw-p', offset: 0, dev: '00:00', inode: 0, name: i % 10 === 0 ? `/usr/lib/synthetic/lib${i}.so` : '' };
  };
  const eventAt = (step) => {
    const i = (step - 1) % count;
    const r = regionOf(i, step);
    const prot = r.perms === 'r--p' ? 1 : 3;
    return {
      step, pid: 1000, procId: 1, time: 1_700_000_000_000_000 + step * 3, changed: true, anomalies: [],
      raw: `mprotect(0x${r.start.toString(16)}, 16384, ${prot === 1 ? 'PROT_READ' : 'PROT_READ|PROT_WRITE'}) = 0`,
      event: { kind: 'mprotect', syscall: 'mprotect', step, pid: 1000, line: step, addr: r.start, length: 0x4000, prot, result: { kind: 'ok', value: 0 } },
    };
  };
  let changed;
  return {
    info: () => ({ command: `synthetic ${total} events, ${count} regions`, stepCount: total, firstTime: 1_700_000_000_000_003 }),
    event: (step) => (step >= 1 && step <= total ? eventAt(step) : undefined),
    events: (from, to) => {
      const out = [];
      for (let s = Math.max(1, from); s <= Math.min(total, to); s++) out.push(eventAt(s));
      return out;
    },
    processes: () => [{ procId: 1, pid: 1000, leader: 1, spaces: [1], images: ['/usr/bin/synthetic'], firstStep: 1 }],
    regionsAt: (step) => Array.from({ length: count }, (_, i) => regionOf(i, step)),
    effectAt: (step) => {
      const r = regionOf((step - 1) % count, step);
      return { space: 1, changed: true, touched: [{ start: r.start, end: r.end }], anomalies: [] };
    },
    spaceOfProcAt: () => 1,
    changedSteps: () => (changed ??= Array.from({ length: total }, (_, i) => i + 1)),
    markers: () => [{ step: 1, kind: 'exec' }],
  };
}

// Fake terminal streams (like ink-testing-library's, but with a size and our own onRender).
class FakeStdout extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  write = () => true;
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

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const idle = () => new Promise((r) => setTimeout(r, 2));

let db;
let source;
if (args.db !== undefined) {
  const { TraceDb } = await import(new URL('store/trace-db.js', dist));
  db = TraceDb.open(args.db);
  source = dbSource(db);
} else {
  source = syntheticSource(Number(args.events), Number(args.regions));
}

if (args.interactive) {
  await runTui(source);
  db?.close();
  process.exit(0);
}

const stdout = new FakeStdout();
const stdin = new FakeStdin();
let lastFrameAt = 0;
const renders = [];
const app = render(React.createElement(App, { source, width: 120, height: 39 }), { stdout, stdin, maxFps: 1000, patchConsole: false, exitOnCtrlC: false, onRender: ({ renderTime }) => {
  lastFrameAt = performance.now();
  renders.push(renderTime);
} });
await idle();

// One key at a time: time from the key to the last frame it caused.
const latencies = [];
const right = '\u001B[C';
for (let i = 0; i < Number(args.keys); i++) {
  const t0 = performance.now();
  stdin.write(i % 50 === 49 ? '\u001B[6~' : right);
  for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
  await idle();
  latencies.push(lastFrameAt - t0);
}

// Held key: 200 presses back to back, then how long until the screen settles.
const before = renders.length;
const t0 = performance.now();
for (let i = 0; i < 200; i++) stdin.write(right);
await idle();
await idle();
const heldMs = lastFrameAt - t0;
const heldFrames = renders.length - before;
app.unmount();
db?.close();

const f = (x) => x.toFixed(2);
console.log(`source: ${args.db ?? `synthetic, ${args.events} events, ${args.regions} live regions`}`);
console.log(`keypress → frame: p50 ${f(pct(latencies, 0.5))} ms, p95 ${f(pct(latencies, 0.95))} ms, max ${f(Math.max(...latencies))} ms (${latencies.length} keys)`);
console.log(`ink render: p50 ${f(pct(renders, 0.5))} ms, p95 ${f(pct(renders, 0.95))} ms`);
console.log(`held → ×200: settled ${f(heldMs)} ms after the first key, ${heldFrames} frames`);
