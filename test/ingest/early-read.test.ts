// Which command lines start reading their trace before the import: the TRACE of `load`, when it is unambiguous.
import { describe, expect, it } from 'vitest';
import { loadTraceArgument } from '../../src/ingest/early-read.js';

describe('loadTraceArgument', () => {
  it('finds TRACE among the options of load, wherever it stands', () => {
    expect(loadTraceArgument(['load', 't.strace', '--out', 'x.db', '--no-tui'])).toBe('t.strace');
    expect(loadTraceArgument(['load', '--out', 'x.db', 't.strace', '--force'])).toBe('t.strace');
    expect(loadTraceArgument(['load', '--out=x.db', '--force', 't.strace'])).toBe('t.strace');
    expect(loadTraceArgument(['load', '--force', 'true', '--strict', 'false', 't.strace'])).toBe('t.strace');
    expect(loadTraceArgument(['--no-tui', 'load', '--force', '--', '-odd name'])).toBe('-odd name');
  });

  it('gives nothing when TRACE is missing or ambiguous (the import then reads it as usual)', () => {
    expect(loadTraceArgument(['load', '--out', 'x.db'])).toBeUndefined();
    expect(loadTraceArgument(['load', 'a.strace', 'b.strace', '--force'])).toBeUndefined();
    expect(loadTraceArgument(['maps', 'a.strace'])).toBeUndefined();
  });
});
