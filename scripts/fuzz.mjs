#!/usr/bin/env node
// Fuzzes the built parser, replay and maps renderer with mutated lines of the real traces.
// Usage: node scripts/fuzz.mjs [--lines N] [--seconds S] [--seed X] [--chunk C] [--mutate P] [--dist DIR]
// Needs `npx tsc -p tsconfig.build.json` first (reads dist/). Exit 1 when anything crashed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: join(ROOT, 'dist') },
    lines: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '0' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    chunk: { type: 'string', default: '200' },
    mutate: { type: 'string', default: '0.5' },
  },
});
const DIST = values.dist;
const { TraceParser } = await import(join(DIST, 'parse/index.js'));
const { createReplay } = await import(join(DIST, 'model/replay.js'));
const { LOOKAHEAD } = await import(join(DIST, 'model/types.js'));
const { formatMaps, formatJson } = await import(join(DIST, 'render/index.js'));
const maxLines = Number(values.lines);
const maxSeconds = Number(values.seconds);
const seed0 = Number(values.seed);
const chunkSize = Number(values.chunk);
const mutateRate = Number(values.mutate);

// Seeds: every line of every recorded trace.
const corpus = [];
for (const name of readdirSync(join(ROOT, 'traces'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
  for (const f of readdirSync(join(ROOT, 'traces', name))) {
    if (f.startsWith('trace.strace')) corpus.push(...readFileSync(join(ROOT, 'traces', name, f), 'latin1').split('\n').filter((l) => l !== ''));
  }
}

// mulberry32: small, seedable, reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = ['0xffffffffffffffff', '18446744073709551615', '-1', '0x7fffffffffffffff', '99999999999999999999', '0', '4294967295', '9007199254740993', 'NaN', '1e999'];
// Lines that move pairing and task state: exits (pid reuse), attach cuts, supersede, signals.
const STRUCT = ['$P +++ exited with 0 +++', '$P +++ killed by SIGKILL +++', '$P +++ superseded by execve in pid 101 +++', 'strace: Process $P attached',
  '$P --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---', '$P clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 101',
  '$P clone(child_stack=0x7f0000000000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM) = 100', '$P execve("/bin/true", ["true"], 0x0 /* 0 vars */) = 0',
  '$P mremap(0x7ffff7fc0000, 4096, 8192, MREMAP_MAYMOVE) = 0x7ffff7000000', '$P munmap(0, 18446744073709551615) = 0', '$P brk(0x555555559000) = 0x555555559000',
  '$P mmap(0x7ffff7000000, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x7ffff7000000', '$P <... clone resumed>) = 102', '$P exit_group(0) = ?'];
const PIDS = ['1', '0', '4194304', '99999999999', '-5', '100', '101'];

// One mutated line from a random seed line.
function mutate(r, pick) {
  let s = pick();
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 11)) {
      case 0: { // byte flip
        const c = s.charCodeAt(i) ^ (1 << Math.floor(r() * 8));
        s = s.slice(0, i) + String.fromCharCode(Number.isNaN(c) ? 0 : c) + s.slice(i + 1);
        break;
      }
      case 1: s = s.slice(0, i); break; // truncation
      case 2: { const o = pick(); s = s.slice(0, i) + o.slice(Math.floor(r() * o.length)); break; } // splice
      case 3: s = s.includes('<unfinished ...>') ? s.replace(' <unfinished ...>', '') : `${s.replace(/\s*=\s*[^=]*$/, '')} <unfinished ...>`; break;
      case 4: { const m = /^(\S+\s+)?(\w+)\(/.exec(s); s = m ? `${m[1] ?? ''}<... ${m[2]} resumed>${s.slice(i)}` : `<... mmap resumed>${s}`; break; }
      case 5: s = s.replace(/^\[?(pid\s+)?\d+/, (p) => p.replace(/\d+/, PIDS[Math.floor(r() * PIDS.length)])); break;
      case 6: { // one numeric token (address, length, fd, pid, result) becomes an extreme value
        const nums = [...s.matchAll(/0x[0-9a-f]+|\b\d+\b/g)];
        const m = nums[Math.floor(r() * nums.length)];
        if (m !== undefined) s = s.slice(0, m.index) + HUGE[Math.floor(r() * HUGE.length)] + s.slice(m.index + m[0].length);
        break;
      }
      case 7: { const len = 1 + Math.floor(r() * 8); let b = ''; for (let j = 0; j < len; j++) b += String.fromCharCode(Math.floor(r() * 256)); s = s.slice(0, i) + b + s.slice(i); break; }
      case 8: s = s.slice(0, i) + s.slice(i + 1 + Math.floor(r() * 20)); break; // deletion
      case 9: s = STRUCT[Math.floor(r() * STRUCT.length)].replace('$P', PIDS[Math.floor(r() * PIDS.length)]); break;
      default: s = s.repeat(2); break;
    }
  }
  return s;
}

// Runs one chunk through parser, replay and renderers; throws on a crash or a broken invariant.
export function runChunk(lines) {
  const p = new TraceParser();
  const events = [];
  lines.forEach((l, i) => events.push(...p.push(l, i + 1)));
  events.push(...p.end());
  const c = p.counts;
  if (c.lines !== lines.length || c.lines !== c.eventLines + c.consumed + c.diagnosed || c.pending !== 0) {
    throw new Error(`accounting: ${JSON.stringify(c)} for ${lines.length} lines`);
  }
  events.forEach((e, i) => { if (e.step !== i + 1) throw new Error(`step ${e.step} at index ${i}`); });
  const replay = createReplay();
  for (let i = 0; i < events.length; i++) {
    const eff = replay.apply(events[i], events.slice(i + 1, i + 1 + LOOKAHEAD));
    if (eff.space !== undefined) formatMaps(replay.regions(eff.space));
  }
  for (const proc of replay.processes()) {
    for (const space of proc.spaces) {
      const regions = replay.regions(space);
      formatMaps(regions);
      formatJson(regions, { step: events.length });
      for (let k = 1; k < regions.length; k++) {
        if (regions[k].start < regions[k - 1].end) throw new Error(`overlapping regions in space ${space}`);
      }
      for (const r of regions) {
        if (!(r.start < r.end)) throw new Error(`empty or inverted region ${r.start}-${r.end} in space ${space}`);
      }
    }
  }
}

function crashes(lines) {
  try {
    runChunk(lines);
    return undefined;
  } catch (error) {
    return error;
  }
}

// Greedy minimisation: drop lines while the chunk still crashes.
function minimise(lines) {
  let cur = lines;
  for (let size = Math.ceil(cur.length / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let i = 0; i < cur.length;) {
      const next = [...cur.slice(0, i), ...cur.slice(i + size)];
      if (next.length > 0 && crashes(next) !== undefined) cur = next;
      else i += size;
    }
  }
  return cur;
}

const t0 = performance.now();
let total = 0;
let chunks = 0;
let crashCount = 0;
const seen = new Set();
while (total < maxLines && (maxSeconds === 0 || performance.now() - t0 < maxSeconds * 1000)) {
  const seed = (seed0 + chunks) >>> 0;
  const r = rng(seed);
  const start = Math.floor(r() * corpus.length);
  // Mostly consecutive real lines (so the replay gets deep), some mutated.
  const pick = () => corpus[Math.floor(r() * corpus.length)];
  const lines = [];
  for (let i = 0; i < chunkSize; i++) {
    const base = corpus[(start + i) % corpus.length];
    lines.push(r() < mutateRate ? mutate(r, () => (r() < 0.5 ? base : pick())) : base);
  }
  const err = crashes(lines);
  if (err !== undefined) {
    crashCount++;
    const key = String(err.message).replace(/0x[0-9a-f]+|\d+/g, 'N').slice(0, 80);
    if (!seen.has(key)) {
      seen.add(key);
      const min = minimise(lines);
      console.log(`CRASH seed=${seed} chunk=${chunks}: ${err.stack ?? err}`);
      console.log(`  minimal (${min.length} lines):`);
      for (const l of min) console.log(`    ${JSON.stringify(l)}`);
    }
  }
  total += lines.length;
  chunks++;
}
const secs = (performance.now() - t0) / 1000;
console.log(`fuzz: ${total} lines in ${chunks} chunks, ${secs.toFixed(1)} s, ${crashCount} crashing chunks (${seen.size} distinct), seed ${seed0}`);
process.exitCode = crashCount > 0 ? 1 : 0;
