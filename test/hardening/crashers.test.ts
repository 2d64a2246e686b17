// Every input the fuzzers broke something with, replayed: the failure must stay fixed.
import { describe, expect, it } from 'vitest';
import type { VmEvent } from '../../src/model/events.js';
import { createReplay } from '../../src/model/replay.js';
import { LOOKAHEAD } from '../../src/model/types.js';
import { TraceParser } from '../../src/parse/index.js';

// Parses and replays `lines`; returns the final regions of pid's space and all anomaly messages.
function replayLines(lines: readonly string[], pid: number): { maps: string[]; anomalies: string[] } {
  const p = new TraceParser();
  const events: VmEvent[] = [];
  lines.forEach((l, i) => events.push(...p.push(l, i + 1)));
  events.push(...p.end());
  const replay = createReplay();
  const anomalies: string[] = [];
  events.forEach((e, i) => anomalies.push(...replay.apply(e, events.slice(i + 1, i + 1 + LOOKAHEAD)).anomalies.map((a) => a.message)));
  const space = replay.spaceOfPid(pid);
  const maps = space === undefined ? [] : replay.regions(space).map((r) => `${r.start.toString(16)}-${r.end.toString(16)} ${r.perms}`);
  return { maps, anomalies };
}

describe('fuzz crashers', () => {
  // fast-check (test/hardening/fuzz.test.ts): a mutated line `mmap(NULL, 0, …) = ADDR` made an
  // empty region (start == end). The kernel fails length 0 with EINVAL, so a success is an anomaly.
  it('mmap of length 0 reported as success: no empty region, an anomaly, replay goes on', () => {
    const { maps, anomalies } = replayLines([
      '10610 execve("/nonexistent/x", ["x"], 0x7fffffffe6f0 /* 36 vars */) = 0',
      '10610 mmap(NULL, 0, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7dcb000',
      '10610 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7fc0000',
    ], 10610);
    expect(maps).toEqual(['7ffff7fc0000-7ffff7fc2000 rw-p']);
    expect(anomalies).toEqual(['mmap of length 0 reported success at 0x7ffff7dcb000; ignored']);
  });

  // scripts/fuzz.mjs seed 20274202: `mremap(ADDR, 16384, 0, 0) = X` moved a region to an empty one.
  it('mremap to length 0 reported as success: no empty region, an anomaly, the source stays', () => {
    const { maps, anomalies } = replayLines([
      '9718 execve("/nonexistent/x", ["x"], 0x7fffffffe6f0 /* 36 vars */) = 0',
      '9718 mmap(NULL, 131072, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7da2000',
      '9718 mremap(0x7ffff7da2000, 16384, 0, 0) = 0x7ffff0',
    ], 9718);
    expect(maps).toEqual(['7ffff7da2000-7ffff7dc2000 rw-p']);
    expect(anomalies).toEqual(['mremap to length 0 reported success at 0x7ffff0; ignored']);
  });
});
