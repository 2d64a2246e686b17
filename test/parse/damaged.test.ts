import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTIC_TEXT } from '../../src/parse/diagnostic.js';
import { TraceParser } from '../../src/parse/index.js';
import { parseAll } from './helpers.js';

const balanced = (p: TraceParser): boolean => {
  const c = p.counts;
  return c.lines === c.eventLines + c.consumed + c.diagnosed && c.pending === 0;
};

describe('damaged input', () => {
  it('cut lines, NUL bytes, garbage become diagnostics with line numbers; CRLF is stripped', () => {
    const { events, parser } = parseAll([
      '5 brk(NULL) = 0x1\r',
      '5 mmap(NULL, 8192, PROT_READ',
      '5 mm\u0000ap(NULL) = 0',
      'random garbage here',
      '5 munmap(0x1000, 4096) = 0',
      '5 mmap(NULL, 8192, PROT_BOGUS, MAP_PRIVATE, -1, 0) = 0x1000',
      '5 munmap(0x1000000000000000000, 4096) = 0',
    ]);
    expect(events.map((e) => [e.kind, e.line])).toEqual([['brk', 1], ['munmap', 5], ['syscall', 6], ['syscall', 7]]);
    expect(parser.diagnostics.map((d) => [d.line, d.severity])).toEqual([[2, 'error'], [3, 'error'], [4, 'error'], [6, 'error'], [7, 'error']]);
    expect(parser.diagnostics[3]?.reason).toContain('unknown flag PROT_BOGUS');
    expect(parser.diagnostics[4]?.reason).toContain('safe range');
    expect(balanced(parser)).toBe(true);
  });

  it('a 10 MB line is capped in its diagnostic and does not take long', () => {
    const big = `5 write(1, "${'a'.repeat(10_000_000)}`;
    const t0 = performance.now();
    const { parser } = parseAll([big]);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(parser.diagnostics).toHaveLength(1);
    expect(parser.diagnostics[0]?.text.length).toBeLessThan(MAX_DIAGNOSTIC_TEXT + 40);
  });

  it('random byte strings never throw and every line is accounted for', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom('5 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0 <unfinished ...>', '5 <... mmap resumed>) = 0x1000', '+++ exited with 0 +++',
        'wait4(1706, strace: Process 1706 attached', ' <unfinished ...>', '[pid 7] <... wait4 resumed>) = 1', '648 execve("/x", [], 0 <pid changed to 647 ...>',
        '647 +++ superseded by execve in pid 648 +++', '647 <... execve resumed>) = 0', 'clone( <unfinished ...>', '--- SIGSEGV {si_signo=SIGSEGV} ---'),
      fc.tuple(fc.constantFrom('5 ', '[pid 7] ', '', '1795316102.729099 '), fc.string({ unit: 'binary', maxLength: 40 })).map(([a, b]) => a + b),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      const p = new TraceParser();
      let steps = 0;
      lines.forEach((l, i) => { for (const e of p.push(l, i + 1)) expect(e.step).toBe(++steps); });
      for (const e of p.end()) expect(e.step).toBe(++steps);
      expect(balanced(p)).toBe(true);
      expect(p.counts.lines).toBe(lines.length);
    }), { numRuns: 300 });
  });
});
