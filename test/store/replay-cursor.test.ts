// shareWith: a step's region list reuses the objects of the previous list for regions that did not change.
import { describe, expect, it } from 'vitest';
import type { RegionView } from '../../src/model/types.js';
import { shareWith } from '../../src/store/replay-cursor.js';

const region = (start: number, end: number, extra: Partial<RegionView> = {}): RegionView => ({ start, end, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '', ...extra });

describe('shareWith', () => {
  it('reuses equal regions of the previous list, keeps changed and new ones, and equals the fresh list', () => {
    const prev = [region(0x1000, 0x2000), region(0x3000, 0x4000), region(0x5000, 0x6000, { name: '[heap]' }), region(0x7000, 0x8000)];
    const fresh = [
      region(0x1000, 0x2000), // same
      region(0x3000, 0x5000), // grown
      region(0x5000, 0x6000, { name: '[heap]', uncertain: 'guess' }), // same range, now uncertain
      region(0x6000, 0x7000), // new
      region(0x7000, 0x8000, { perms: 'r--p' }), // changed perms
    ];
    const out = shareWith(prev, fresh);
    expect(out).toEqual(fresh);
    expect(out[0]).toBe(prev[0]);
    expect(out.slice(1).some((r) => prev.includes(r))).toBe(false);
    expect(shareWith(undefined, fresh)).toEqual(fresh);
    expect(shareWith(fresh, fresh.map((r) => ({ ...r }))).every((r, i) => r === fresh[i])).toBe(true);
  });
});
