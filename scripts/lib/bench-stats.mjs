// Small helpers of the benchmarks: percentiles and a timed child process with its peak RSS.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

// The q-quantile (0..1) of numbers, nearest-rank.
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

// The median of numbers.
export const median = (values) => quantile(values, 0.5);

// Runs argv under `/usr/bin/time -f %M`; returns wall seconds and peak RSS in MiB (throws on failure).
export function timedRun(argv, rssFile) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  rmSync(rssFile, { force: true });
  return { seconds, rssMiB: kib / 1024, stdout: r.stdout };
}

// A seeded xorshift32 generator in [0, 1).
export function seededRandom(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}
