import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../src/ingest/rows.js';
import type { VmEvent } from '../../src/model/events.js';
import { touchedFromText } from '../../src/store/touched-text.js';

const exit = { kind: 'exit', step: 7, pid: 42, line: 9, source: 0, syscall: 'exit', status: 0, result: { kind: 'none' } } as unknown as VmEvent;

describe('eventRow', () => {
  it('writes touched ranges as JSON.stringify writes the flat [start, end, …] list, NULL when none, and reads them back', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ start: fc.maxSafeNat(), end: fc.maxSafeNat() }), { maxLength: 6 }), (touched) => {
        const row = eventRow(exit, { space: 3, changed: touched.length > 0, touched, anomalies: [] }, 5, 'raw', undefined);
        expect(row.touched).toBe(touched.length === 0 ? null : JSON.stringify(touched.flatMap((r) => [r.start, r.end])));
        expect(touchedFromText(row.touched)).toEqual(touched);
      }),
      { numRuns: 500 },
    );
  });

  it('prints addresses around the 1e9 split and near 2^53 as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 999_999_000, max: 1_000_001_000 }), fc.integer({ min: 0, max: 2 ** 31 }).map((k) => k * 1e9 - 1), fc.integer({ min: 2 ** 53 - 2e9, max: 2 ** 53 - 1 }), fc.double({ min: 0, max: 1e16, noNaN: true })), (n) => {
        const touched = [{ start: n, end: n }];
        expect(eventRow(exit, { changed: true, touched, anomalies: [] }, 5, 'raw', undefined).touched).toBe(JSON.stringify([n, n]));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a touched text that is not a flat list of pairs', () => {
    for (const bad of ['[1]', '[{"start":1,"end":2}]', '{}', '[1,"2"]']) expect(() => touchedFromText(bad)).toThrow(/not a flat list/);
  });

  it('keeps the worker JSON when given, else serialises the event', () => {
    const row = eventRow(exit, { changed: false, touched: [], anomalies: [] }, undefined, 'raw', '{"given":1}');
    expect(row).toEqual({ step: 7, pid: 42, proc_id: null, space_id: null, changed: 0, event: '{"given":1}', raw: 'raw', touched: null });
    expect(JSON.parse(eventRow(exit, { changed: false, touched: [], anomalies: [] }, 1, 'raw').event)).toEqual(exit);
  });
});
