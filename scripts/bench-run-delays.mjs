#!/usr/bin/env node
// How short can strace's injected delays be? Records a burst of execs and exits with each
// delay and counts captures read after the tracee had moved on ("late": /proc/PID/syscall no
// longer showed execve/exit_group). Uses dist/ (npm run build first) and a pass-through parser
// (no replay), so only the capture path is measured; FULL=1 imports for real (parser, replay, SQLite
// on the main thread, as `vmtrace run` does). Extra CPU load: BUSY=N spinning processes.
// usage: node scripts/bench-run-delays.mjs [EXECS=200] [delays in µs…]   (DIST=dir for another build)
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.DIST ?? join(import.meta.dirname, '..', 'dist');
const { recordCommand } = await import(pathToFileURL(join(dist, 'record/recorder.js')).href);
const { outputPaths } = await import(pathToFileURL(join(dist, 'record/output-files.js')).href);

const [execsArg, ...delayArgs] = process.argv.slice(2);
const execs = Number(execsArg ?? 200);
const delays = delayArgs.length > 0 ? delayArgs.map(Number) : [1000, 2000, 5000, 10000, 20000];
const busy = Array.from({ length: Number(process.env.BUSY ?? 0) }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
const passThrough = () => ({ diagnostics: [], info: {}, push: () => [], end: () => [] });
const emptyReplay = () => ({ apply: () => ({ changed: false, touched: [], anomalies: [] }), regions: () => [], spaceOfPid: () => undefined, procOfPid: () => undefined, processes: () => [], step: 0, save: () => ({}) });
const noReplay = { create: emptyReplay, restore: emptyReplay };

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-delays-'));
const devnull = openSync('/dev/null', 'w');
console.log(`${execs} execs of /bin/true from sh, busy=${busy.length}, ${process.env.FULL === '1' ? 'full import' : 'pass-through parser'}`);
console.log('delay_us  exec  exit  late  failed  max_latency_us  wall_ms');
try {
  for (const us of delays) {
    const t0 = performance.now();
    const r = await recordCommand({
      command: 'sh',
      args: ['-c', `i=0; while [ $i -lt ${execs} ]; do /bin/true; i=$((i+1)); done`],
      out: outputPaths(join(dir, `d${us}.db`)),
      force: true,
      delays: { execUs: us, exitUs: us },
      stdio: [0, devnull, 2],
      ...(process.env.FULL === '1' ? {} : { ingest: { parser: passThrough(), replay: noReplay } }),
    });
    const c = r.captures;
    console.log([us, c.exec, c.exit, c.late, c.failed, c.maxLatencyUs, Math.round(performance.now() - t0)].map(String).map((s) => s.padStart(6)).join('  '));
  }
} finally {
  for (const b of busy) b.kill();
  rmSync(dir, { recursive: true, force: true });
}
