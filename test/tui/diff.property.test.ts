// markRegions (linear walks) against the plain definition, on random before/after maps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegionView } from '../../src/model/types.js';
import { markRegions, type MarkedRegion } from '../../src/tui/diff.js';

const PAGE = 0x1000;

// Disjoint regions sorted by start, over a small address range so before and after overlap often.
const maps = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 3 }), pages: fc.integer({ min: 1, max: 4 }), perms: fc.constantFrom('r--p', 'rw-p', 'r-xp'), name: fc.constantFrom('', 'libc.so.6', '[heap]') }), { maxLength: 12 })
  .map((specs) => {
    let at = 0;
    return specs.map((s): RegionView => {
      const start = at + s.gap * PAGE;
      at = start + s.pages * PAGE;
      return { start, end: at, perms: s.perms, offset: 0, dev: '00:00', inode: 0, name: s.name };
    });
  });

const same = (a: RegionView, b: RegionView): boolean => JSON.stringify(a) === JSON.stringify(b);
const overlap = (a: RegionView, b: RegionView): boolean => a.start < b.end && b.start < a.end;

// The definition: same if an identical region was there, changed if something overlapped it, else added;
// regions nothing overlaps now are removed, listed after a present region with the same start.
function naive(before: readonly RegionView[], after: readonly RegionView[]): MarkedRegion[] {
  const rows: MarkedRegion[] = after.map((region) => ({
    region,
    status: before.some((b) => same(b, region)) ? 'same' : before.some((b) => overlap(b, region)) ? 'changed' : 'added',
  }));
  for (const region of before) if (!after.some((a) => overlap(a, region))) rows.push({ region, status: 'removed' });
  return rows.sort((a, b) => a.region.start - b.region.start || (a.status === 'removed' ? 1 : 0) - (b.status === 'removed' ? 1 : 0));
}

describe('markRegions', () => {
  it('matches the plain definition', () => {
    fc.assert(
      fc.property(maps, maps, (before, after) => {
        expect(markRegions(before, after)).toEqual(naive(before, after));
      }),
      { numRuns: 500 },
    );
  });
});
