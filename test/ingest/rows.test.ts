import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../src/ingest/rows.js';
import type { VmEvent } from '../../src/model/events.js';

const exit = { kind: 'exit', step: 7, pid: 42, line: 9, source: 0, syscall: 'exit', status: 0, result: { kind: 'none' } } as unknown as VmEvent;

describe('eventRow', () => {
  it('writes touched ranges exactly as JSON.stringify would, NULL when none', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ start: fc.maxSafeNat(), end: fc.maxSafeNat() }), { maxLength: 6 }), (touched) => {
        const row = eventRow(exit, { space: 3, changed: touched.length > 0, touched, anomalies: [] }, 5, 'raw', undefined);
        expect(row.touched).toBe(touched.length === 0 ? null : JSON.stringify(touched));
        expect(JSON.parse(row.touched ?? '[]')).toEqual(touched);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the worker JSON when given, else serialises the event', () => {
    const row = eventRow(exit, { changed: false, touched: [], anomalies: [] }, undefined, 'raw', '{"given":1}');
    expect(row).toEqual({ step: 7, pid: 42, proc_id: null, space_id: null, changed: 0, event: '{"given":1}', raw: 'raw', touched: null });
    expect(JSON.parse(eventRow(exit, { changed: false, touched: [], anomalies: [] }, 1, 'raw').event)).toEqual(exit);
  });
});
