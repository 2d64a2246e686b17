// Time-boxed fuzzing (fast-check) of parser + replay + maps renderer over mutated real trace lines.
// The long run is scripts/fuzz.mjs; this one keeps the suite under ~10 s.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VmEvent } from '../../src/model/events.js';
import { createReplay } from '../../src/model/replay.js';
import { LOOKAHEAD } from '../../src/model/types.js';
import { TraceParser } from '../../src/parse/index.js';
import { formatMaps } from '../../src/render/index.js';

const TRACES = join(import.meta.dirname, '..', '..', 'traces');
const seeds: string[] = readdirSync(TRACES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(TRACES, d.name)).filter((f) => f.startsWith('trace.strace')).map((f) => join(TRACES, d.name, f)))
  .flatMap((f) => readFileSync(f, 'latin1').split('\n').filter((l) => l !== ''));

// Parses `lines`, replays the events with a LOOKAHEAD window and renders every touched space.
function pipeline(lines: readonly string[]): void {
  const p = new TraceParser();
  const events: VmEvent[] = [];
  lines.forEach((l, i) => events.push(...p.push(l, i + 1)));
  events.push(...p.end());
  const c = p.counts;
  expect(c.lines).toBe(lines.length);
  expect(c.eventLines + c.consumed + c.diagnosed).toBe(c.lines);
  expect(c.pending).toBe(0);
  const replay = createReplay();
  events.forEach((e, i) => {
    expect(e.step).toBe(i + 1);
    const eff = replay.apply(e, events.slice(i + 1, i + 1 + LOOKAHEAD));
    if (eff.space !== undefined) formatMaps(replay.regions(eff.space));
  });
  for (const proc of replay.processes()) {
    for (const space of proc.spaces) {
      const regions = replay.regions(space);
      regions.forEach((r, k) => {
        expect(r.start).toBeLessThan(r.end);
        if (k > 0) expect(r.start).toBeGreaterThanOrEqual(regions[k - 1]?.end ?? 0);
      });
    }
  }
}

const HUGE = ['0xffffffffffffffff', '18446744073709551615', '-1', '9007199254740993', '0', '4294967295'];
const seedLine = fc.nat({ max: seeds.length - 1 }).map((i) => seeds[i] ?? '');
// One mutation of a real line.
const mutated = fc.oneof(
  seedLine,
  fc.tuple(seedLine, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, i, b]) => s.slice(0, i % (s.length + 1)) + String.fromCharCode(b) + s.slice((i % (s.length + 1)) + 1)),
  fc.tuple(seedLine, fc.nat()).map(([s, i]) => s.slice(0, i % (s.length + 1))),
  fc.tuple(seedLine, seedLine, fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))),
  seedLine.map((s) => (s.includes(' <unfinished ...>') ? s.replace(' <unfinished ...>', '') : `${s.replace(/\s*=\s*[^=]*$/, '')} <unfinished ...>`)),
  fc.tuple(seedLine, fc.constantFrom('1', '0', '101', '4194304', '99999999999')).map(([s, pid]) => s.replace(/^\d+/, pid)),
  fc.tuple(seedLine, fc.constantFrom(...HUGE)).map(([s, n]) => s.replace(/0x[0-9a-f]+|\b\d+\b/, n)),
  fc.tuple(fc.constantFrom('100', '101', '8836'), fc.constantFrom('+++ exited with 0 +++', '+++ killed by SIGKILL +++', '<... mmap resumed>) = 0x7f0000000000', 'exit_group(0) = ?')).map(([p, t]) => `${p} ${t}`),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
// A window of consecutive real lines (so the replay gets deep) with some lines mutated.
const chunk = fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat({ max: 120 }), mutated), { maxLength: 25 })).map(([start, edits]) => {
  const lines = seeds.slice(start, start + 120);
  for (const [at, line] of edits) lines.splice(at % (lines.length + 1), 0, line);
  return lines;
});

describe('fuzz (time-boxed)', () => {
  it('parser + replay + maps never throw and account for every line', () => {
    fc.assert(fc.property(chunk, (lines) => pipeline(lines)), { numRuns: 100_000, interruptAfterTimeLimit: 7_000, markInterruptAsFailure: false });
  });
});
