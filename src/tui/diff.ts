// What the current event did to the shown space: each region marked added, changed or removed.
import type { RegionView } from '../model/types.js';

/** A table/diagram row: a region and how the current step touched it. */
export interface MarkedRegion {
  readonly region: RegionView;
  readonly status: 'same' | 'added' | 'changed' | 'removed';
}

type Range = { readonly start: number; readonly end: number };

const sameRegion = (a: RegionView, b: RegionView): boolean =>
  a.start === b.start && a.end === b.end && a.perms === b.perms && a.offset === b.offset && a.dev === b.dev && a.inode === b.inode && a.name === b.name;

// The region of `sorted` (sorted by start, disjoint) starting exactly at `start` (binary search).
function atStart(sorted: readonly RegionView[], start: number): RegionView | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sorted[mid] as RegionView;
    if (r.start === start) return r;
    if (r.start < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

// True when some region of `sorted` (sorted by start, disjoint) overlaps `r` (binary search).
export function overlapsAny(sorted: readonly Range[], r: Range): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Range).end <= r.start) lo = mid + 1;
    else hi = mid;
  }
  const hit = sorted[lo];
  return hit !== undefined && hit.start < r.end;
}

// Marks `after` against `before`; regions of `before` that vanished (nothing overlaps them now) come back as `removed`.
export function markRegions(before: readonly RegionView[] | undefined, after: readonly RegionView[]): MarkedRegion[] {
  if (before === undefined) return after.map((region) => ({ region, status: 'same' }));
  // Both lists are sorted and disjoint: binary searches, no per-region strings (2,000+ regions per step).
  const out: MarkedRegion[] = after.map((region) => {
    const old = atStart(before, region.start);
    if (old !== undefined && sameRegion(old, region)) return { region, status: 'same' };
    return { region, status: old !== undefined || overlapsAny(before, region) ? 'changed' : 'added' };
  });
  const gone = before.filter((b) => !overlapsAny(after, b));
  if (gone.length === 0) return out;
  for (const region of gone) out.push({ region, status: 'removed' });
  return out.sort((a, b) => a.region.start - b.region.start || (a.status === 'removed' ? 1 : -1));
}

// Index of the first row the step touched (for scrolling it into view).
export function firstTouched(rows: readonly MarkedRegion[], touched: readonly Range[]): number | undefined {
  const i = rows.findIndex((r) => r.status !== 'same' || touched.some((t) => t.start < r.region.end && r.region.start < t.end));
  return i < 0 ? undefined : i;
}
