// compareMaps: exact matches, named exceptions ([stack] lower bound, uncertain), mismatches listed.
import { describe, expect, it } from 'vitest';
import type { LayoutRegion } from '../../src/model/events.js';
import type { RegionView } from '../../src/model/types.js';
import { compareMaps, formatScore, formatVerifyLine } from '../../src/verify/index.js';

const r = (start: number, end: number, perms: string, name = '', extra: Partial<RegionView> = {}): RegionView => ({
  start, end, perms, offset: 0, dev: name.startsWith('/') ? 'fe:00' : '00:00', inode: name.startsWith('/') ? 42 : 0, name, ...extra,
});
const K: LayoutRegion[] = [r(0x1000, 0x3000, 'r--p', '/bin/x'), r(0x3000, 0x4000, 'rw-p'), r(0x7000, 0x9000, 'rw-p', '[stack]')];

describe('compareMaps', () => {
  it('counts an identical map as a full match', () => {
    expect(compareMaps(K, K)).toEqual({ total: 3, matched: 3, exceptions: [], mismatches: [] });
  });
  it('names a lower [stack] bound as an exception, not a mismatch', () => {
    const v = compareMaps(K, [K[0] as RegionView, K[1] as RegionView, r(0x8000, 0x9000, 'rw-p', '[stack]')]);
    expect(v.matched).toBe(2);
    expect(v.mismatches).toEqual([]);
    expect(v.exceptions.map((e) => [e.name, e.reason])).toEqual([['[stack]', 'lower bound 7000 in the kernel, 8000 in the model (grown by page faults)']]);
  });
  it('lists uncertain regions by name with the kernel lines they cover', () => {
    const v = compareMaps(K, [K[0] as RegionView, r(0x3000, 0x5000, 'rw-p', '', { uncertain: 'anon_vma unknown' }), K[2] as RegionView]);
    expect(v.mismatches).toEqual([]);
    expect(v.exceptions).toHaveLength(1);
    expect(v.exceptions[0]?.name).toBe('(anonymous)');
    expect(v.exceptions[0]?.kernel).toContain('00003000-00004000 rw-p');
  });
  it('counts the neighbour of an uncertain merge with it (the kernel merged what the model kept apart)', () => {
    const kernel = [r(0x3000, 0xa000, 'rw-p')];
    const model = [r(0x3000, 0x8000, 'rw-p', '', { uncertain: 'page faults decide this merge' }), r(0x8000, 0xa000, 'rw-p')];
    const v = compareMaps(kernel, model);
    expect(v.mismatches).toEqual([]);
    expect(v.exceptions[0]?.model).toContain('00008000-0000a000 rw-p');
    // A neighbour outside what the kernel region covers is still a mismatch.
    const w = compareMaps(kernel, [...model, r(0xa000, 0xb000, 'r--p')]);
    expect(w.mismatches).toEqual([{ kind: 'extra', model: expect.stringContaining('0000a000-0000b000 r--p') }]);
  });

  it('reports differing fields, missing and extra regions', () => {
    const v = compareMaps(K, [r(0x1000, 0x3000, 'r--p', '/bin/x', { inode: 7 }), K[2] as RegionView, r(0xa000, 0xb000, 'r--p')]);
    expect(v.matched).toBe(1);
    expect(v.mismatches.map((m) => [m.kind, m.fields])).toEqual([['differs', ['inode']], ['missing', undefined], ['extra', undefined]]);
    const p = { pid: 5, name: 'x', step: 9, verdict: v };
    expect(formatScore(p)).toBe('pid 5 x (step 9): 1/3 regions match, 3 mismatches');
    expect(formatVerifyLine([p])).toBe('verify: 1 process, 1/3 regions match, 0 exceptions, 3 mismatches');
  });
  it('does not accept a [stack] that is larger in the model than in the kernel', () => {
    const v = compareMaps([r(0x8000, 0x9000, 'rw-p', '[stack]')], [r(0x7000, 0x9000, 'rw-p', '[stack]')]);
    expect(v.exceptions).toEqual([]);
    expect(v.mismatches[0]?.fields).toEqual(['start']);
  });
});
