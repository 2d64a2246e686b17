#!/usr/bin/env node
// Issue 2 "Speed and memory": `vmtrace load` of a synthetic multithreaded trace vs the sqlite3 CLI
// importing the same events from CSV, side by side in one run; peak RSS; regionsAt p50/p95/p99.
//   node scripts/bench-load.mjs [--events N] [--runs R] [--steps S] [--no-write]   (needs `npm run build`; DIST=dir for another build)
// The trace (strace of `churn N 4`) and its CSV are cached in $TMPDIR/vmtrace-bench-load/N/.
// Writes the figures between the bench-load markers of docs/bench.md unless --no-write.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, quantile, seededRandom, timedRun } from './lib/bench-stats.mjs';
import { writeEventsCsv } from './lib/strace-csv.mjs';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    steps: { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
  },
});
const events = Number(args.events);
const runs = Number(args.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST === undefined ? new URL('../dist/', import.meta.url) : pathToFileURL(`${process.env.DIST}/`);
const cli = join(fileURLToPath(dist), 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}
const sh = (cmd, argv, opts = {}) => {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.status ?? r.signal}\n${r.stderr}`);
  return r.stdout;
};

// 1. The churn program (scripts/programs/build.sh), its trace and CSV, cached by N.
const churn = join(root, 'scripts/programs/bin/churn');
if (!existsSync(churn) || statSync(churn).mtimeMs < statSync(join(root, 'scripts/programs/churn.c')).mtimeMs) sh('sh', [join(root, 'scripts/programs/build.sh')]);
const cache = join(tmpdir(), 'vmtrace-bench-load', String(events));
mkdirSync(cache, { recursive: true });
const trace = join(cache, 'churn.strace');
const csv = join(cache, 'events-v2.csv');
const straceArgv = ['-f', '-o', trace, '-y', '-ttt', '-e', 'trace=%memory,%process', '--', churn, String(events), '4'];
if (!existsSync(trace)) {
  console.error(`recording: strace ${straceArgv.join(' ')}`);
  sh('strace', straceArgv, { stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(csv, { force: true });
}
if (!existsSync(csv)) {
  console.error('writing the CSV (dist/parse, not timed)');
  await writeEventsCsv(dist, trace, `${csv}.part`);
  sh('mv', [`${csv}.part`, csv]);
}
const lines = Number(sh('wc', ['-l', trace]).trim().split(/\s+/)[0]);

// 2. Side by side, alternating: sqlite3 .import vs vmtrace load.
const work = join(cache, 'work');
mkdirSync(work, { recursive: true });
const sqliteDb = join(work, 'sqlite.db');
const vmDb = join(work, 'vmtrace.db');
const createSql = 'CREATE TABLE events (step INTEGER PRIMARY KEY, pid INTEGER NOT NULL, time_us INTEGER, syscall TEXT, args TEXT, result TEXT, raw TEXT NOT NULL)';
const sqliteArgv = ['sqlite3', sqliteDb, createSql, '.mode csv', `.import ${csv} events`];
// vmtrace as a user runs it: the build's bin/vmtrace (the bundle, started without NODE_EXTRA_CA_CERTS, which
// Node would otherwise read at every start: README "Performance"); `node cli.js` only for a build without one.
const bin = join(fileURLToPath(dist), '..', 'bin', 'vmtrace');
const vmCommand = existsSync(bin) ? [bin] : [process.execPath, cli];
const vmArgv = [...vmCommand, 'load', trace, '--out', vmDb, '--no-tui', '--force'];
const rss = join(work, 'rss.txt');
const sq = [];
const vm = [];
for (let i = 0; i < runs; i++) {
  // Each tool starts without its output file (deleting the last run's ~300 MB is not part of an import).
  rmSync(sqliteDb, { force: true });
  sq.push(timedRun(sqliteArgv, rss));
  rmSync(vmDb, { force: true });
  vm.push(timedRun(vmArgv, rss));
  console.error(`run ${i + 1}/${runs}: sqlite3 ${sq[i].seconds.toFixed(2)} s, vmtrace ${vm[i].seconds.toFixed(2)} s (${vm[i].rssMiB.toFixed(0)} MiB)`);
}
const sqliteRows = Number(sh('sqlite3', [sqliteDb, 'SELECT count(*) FROM events']).trim());

// 3. The map at random steps, in-process (this Node's start-up excluded).
const { TraceDb } = await import(new URL('store/trace-db.js', dist));
const db = TraceDb.open(vmDb);
const stepCount = db.stepCount();
const procs = db.processes();
const rootProc = procs.find((p) => p.parent === undefined) ?? procs[0];
const random = seededRandom(events);
const lat = [];
let regionTotal = 0;
for (let i = 0; i < Number(args.steps); i++) {
  const step = 1 + Math.floor(random() * stepCount);
  const space = db.spaceOfProcAt(rootProc.procId, step);
  if (space === undefined) continue;
  const t0 = performance.now();
  const regions = db.regionsAt(step, space);
  lat.push(performance.now() - t0);
  regionTotal += regions.length;
}
db.close();

// 4. Report.
const sqMed = median(sq.map((r) => r.seconds));
const vmMed = median(vm.map((r) => r.seconds));
const vmRss = Math.max(...vm.map((r) => r.rssMiB));
const ms = (v) => `${v.toFixed(1)} ms`;
const verdict = (ok) => (ok ? 'pass' : 'FAIL');
const table = [
  `| measure | value | target |`,
  `|---|---|---|`,
  `| sqlite3 .import (median of ${runs}) | ${sqMed.toFixed(2)} s (${sq.map((r) => r.seconds.toFixed(2)).join(', ')}) | |`,
  `| vmtrace load (median of ${runs}) | ${vmMed.toFixed(2)} s (${vm.map((r) => r.seconds.toFixed(2)).join(', ')}) | |`,
  `| ratio vmtrace / sqlite3 | ${(vmMed / sqMed).toFixed(2)} | ≤ 1.00: ${verdict(vmMed <= sqMed)} |`,
  `| vmtrace peak RSS (max of ${runs}) | ${vmRss.toFixed(0)} MiB | < 300 MiB: ${verdict(vmRss < 300)} |`,
  `| sqlite3 peak RSS | ${Math.max(...sq.map((r) => r.rssMiB)).toFixed(0)} MiB | |`,
  `| regionsAt p50 / p95 / p99 (${lat.length} random steps) | ${ms(quantile(lat, 0.5))} / ${ms(quantile(lat, 0.95))} / ${ms(quantile(lat, 0.99))} | p99 < 50 ms: ${verdict(quantile(lat, 0.99) < 50)} |`,
].join('\n');
const sqliteVersion = sh('sqlite3', ['--version']).split(' ')[0];
const straceVersion = sh('strace', ['-V']).split('\n')[0].replace(/^strace -- version /, '');
const facts = [
  `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Node ${process.version}, sqlite3 ${sqliteVersion}, strace ${straceVersion}`,
  `- trace: \`churn ${events} 4\` → ${lines.toLocaleString('en')} lines, ${stepCount.toLocaleString('en')} events (sqlite3 imported ${sqliteRows.toLocaleString('en')} CSV rows); mean ${(regionTotal / Math.max(1, lat.length)).toFixed(0)} regions per map shown`,
].join('\n');
const commands = [
  '```sh',
  `strace ${straceArgv.join(' ').replaceAll(cache, '$DIR').replace(churn, 'scripts/programs/bin/churn')}`,
  `sqlite3 $DIR/work/sqlite.db '${createSql}' '.mode csv' '.import $DIR/events-v2.csv events'`,
  `${vmCommand.length === 1 ? 'bin/vmtrace' : 'node dist/cli.js'} load $DIR/churn.strace --out $DIR/work/vmtrace.db --no-tui --force`,
  '# each under /usr/bin/time -f %M, alternated, 3 times; regionsAt timed in-process with TraceDb.open',
  '```',
].join('\n');
const block = `${facts}\n\n${table}\n\nCommands (\`DIR=${cache}\`):\n\n${commands}`;
console.log(`${facts}\n\n${table}`);
if (!args['no-write']) {
  const docPath = join(root, 'docs/bench.md');
  const begin = '<!-- bench-load:begin -->';
  const end = '<!-- bench-load:end -->';
  const old = existsSync(docPath) ? readFileSync(docPath, 'utf8') : `# Benchmarks\n\n## vmtrace load vs sqlite3 (scripts/bench-load.mjs)\n\n${begin}\n${end}\n`;
  const a = old.indexOf(begin);
  const b = old.indexOf(end);
  const next = a >= 0 && b > a ? `${old.slice(0, a + begin.length)}\n${block}\n${old.slice(b)}` : `${old}\n${begin}\n${block}\n${end}\n`;
  writeFileSync(docPath, next);
  console.error(`figures written to ${docPath}`);
}
