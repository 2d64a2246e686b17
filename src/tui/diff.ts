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
  // Both lists are sorted by start and disjoint: one linear walk each (2,000+ regions per step), no per-region strings.
  const out: MarkedRegion[] = new Array<MarkedRegion>(after.length);
  let i = 0;
  for (let j = 0; j < after.length; j++) {
    const region = after[j] as RegionView;
    while (i < before.length && (before[i] as RegionView).end <= region.start) i++;
    // The only region of `before` that can start where `region` starts, or overlap it first.
    const old = before[i];
    const overlaps = old !== undefined && old.start < region.end;
    // The store hands out the same object for a region that did not change between the two steps.
    out[j] = { region, status: overlaps && (old === region || (old.start === region.start && sameRegion(old, region))) ? 'same' : overlaps ? 'changed' : 'added' };
  }
  const gone: MarkedRegion[] = [];
  let k = 0;
  for (const region of before) {
    while (k < after.length && (after[k] as RegionView).end <= region.start) k++;
    const now = after[k];
    if (now === undefined || now.start >= region.end) gone.push({ region, status: 'removed' });
  }
  if (gone.length === 0) return out;
  // Merge by start; a removed region goes after a present one starting at the same address.
  const merged: MarkedRegion[] = [];
  let g = 0;
  for (const row of out) {
    while (g < gone.length && (gone[g] as MarkedRegion).region.start < row.region.start) merged.push(gone[g++] as MarkedRegion);
    merged.push(row);
  }
  while (g < gone.length) merged.push(gone[g++] as MarkedRegion);
  return merged;
}

// Index of the first row the step touched (for scrolling it into view).
export function firstTouched(rows: readonly MarkedRegion[], touched: readonly Range[]): number | undefined {
  const i = rows.findIndex((r) => r.status !== 'same' || touched.some((t) => t.start < r.region.end && r.region.start < t.end));
  return i < 0 ? undefined : i;
}
