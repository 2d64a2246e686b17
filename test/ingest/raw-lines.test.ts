import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RAW_LIMIT, RawLines } from '../../src/ingest/raw-lines.js';
import { TextBytes } from '../../src/ingest/text-bytes.js';

// The plain model: every line kept forever, an unfinished line handed out once by line number.
class NaiveRaw {
  private readonly all = new Map<string, string>();
  add(text: string, line: number, source: number): void {
    this.all.set(`${source}:${line}`, text);
  }
  rawOf(line: number, source: number, entryLine?: number): string {
    const end = this.all.get(`${source}:${line}`) ?? '';
    if (entryLine === undefined || entryLine === line) return end;
    return `${this.all.get(`${source}:${entryLine}`) ?? ''}\n${end}`;
  }
}

describe('RawLines', () => {
  it('pairs an unfinished line with its resumed line, within the ring and long after it wrapped', () => {
    const raw = new RawLines();
    raw.add('1 mmap(NULL, 4096 <unfinished ...>', 1, 0);
    raw.add('2 brk(NULL) = 0x1000', 2, 0);
    for (let i = 3; i < 10_000; i++) raw.add(`2 filler ${i}`, i, 0);
    raw.add('1 <... mmap resumed>) = 0x7f0000000000', 10_000, 0);
    expect(raw.rawOf(10_000, 0, 1)).toBe('1 mmap(NULL, 4096 <unfinished ...>\n1 <... mmap resumed>) = 0x7f0000000000');
    expect(raw.rawOf(9_999, 0)).toBe('2 filler 9999');
    expect(raw.rawOf(2, 0)).toBe(''); // a complete line older than the ring is gone
  });

  it('keeps lines of different sources apart', () => {
    const raw = new RawLines();
    raw.add('a(1 <unfinished ...>', 7, 0);
    raw.add('b(2 <unfinished ...>', 7, 1);
    // As the parser does: each event's text is asked for as soon as its last line is added.
    raw.add('<... b resumed>) = 0', 8, 1);
    expect(raw.rawOf(8, 1, 7)).toBe('b(2 <unfinished ...>\n<... b resumed>) = 0');
    raw.add('<... a resumed>) = 0', 8, 0);
    expect(raw.rawOf(8, 0, 7)).toBe('a(1 <unfinished ...>\n<... a resumed>) = 0');
  });

  it('gives what a keep-everything model gives for the lines an import asks for', () => {
    // Traces of interleaved tasks: each task's call is either whole or split with a gap of up to 6000 lines.
    const op = fc.record({ split: fc.boolean(), gap: fc.integer({ min: 1, max: 6000 }), source: fc.integer({ min: 0, max: 2 }), noise: fc.constantFrom(0, 1, 3, 100, 300) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (ops, asBytes) => {
        const raw = new RawLines();
        const naive = new NaiveRaw();
        const next = [1, 1, 1];
        const open: { source: number; entry: number; resumeAt: number }[] = [];
        let asked = 0;
        // Lines as text, or as ASCII bytes inside a bigger buffer (as the worker's reader hands them over), or mixed.
        const add = (source: number, text: string): number => {
          const line = next[source]!++;
          if (asBytes === 0 || (asBytes === 2 && line % 3 === 0)) raw.add(text, line, source);
          else {
            const bytes = new Uint8Array(Buffer.from(`xx\n${text}\nyy`, 'latin1'));
            raw.addAscii(text, line, source, bytes, 3, 3 + text.length);
          }
          naive.add(text, line, source);
          return line;
        };
        // Every call is asked for right after its last line, as the parser completes it.
        const ask = (line: number, source: number, entry: number | undefined): void => {
          asked++;
          // Half as text, half as bytes (what the parse worker sends).
          if (asked % 2 === 0) expect(raw.rawOf(line, source, entry)).toBe(naive.rawOf(line, source, entry));
          else {
            const out = new TextBytes(1, 1);
            raw.rawTo(out, line, source, entry);
            expect(Buffer.from(out.take().bytes).toString('utf8')).toBe(naive.rawOf(line, source, entry));
          }
        };
        for (const o of ops) {
          if (o.split) {
            const entry = add(o.source, `call ${o.source} ${next[o.source]} <unfinished ...>`);
            open.push({ source: o.source, entry, resumeAt: entry + o.gap });
          } else ask(add(o.source, `whole ${o.source}`), o.source, undefined);
          for (let k = 0; k < o.noise; k++) add(o.source, `noise ${k}`);
          for (const p of open.filter((p) => next[p.source]! >= p.resumeAt)) {
            ask(add(p.source, '<... call resumed>) = 0'), p.source, p.entry);
            open.splice(open.indexOf(p), 1);
          }
        }
        for (const p of open) ask(add(p.source, '<... call resumed>) = 0'), p.source, p.entry);
        expect(asked).toBe(ops.length);
      }),
      { numRuns: 200 },
    );
  });

  it('copies the bytes of an unfinished line that leaves the ring or whose bytes are recycled, and clips long lines as text does', () => {
    const raw = new RawLines();
    const chunk = new Uint8Array(Buffer.from('7 mmap(NULL, 4096 <unfinished ...>\n', 'latin1'));
    raw.addAscii('7 mmap(NULL, 4096 <unfinished ...>', 1, 0, chunk, 0, chunk.length - 1);
    for (let i = 2; i < 1000; i++) raw.add(`8 filler ${i}`, i, 0);
    chunk.fill(0x3f); // a reader never reuses its chunks; were the line still read from there, this would show
    raw.add('7 <... mmap resumed>) = 0x1000', 1000, 0);
    expect(raw.rawOf(1000, 0, 1)).toBe('7 mmap(NULL, 4096 <unfinished ...>\n7 <... mmap resumed>) = 0x1000');

    // Lines still in the ring when the reader recycles their bytes are copied out then.
    const next = new Uint8Array(Buffer.from('8 mmap(NULL, 1 <unfinished ...>\n8 brk(NULL) = 0x5000\n', 'latin1'));
    raw.addAscii('8 mmap(NULL, 1 <unfinished ...>', 1001, 0, next, 0, 31);
    raw.addAscii('8 brk(NULL) = 0x5000', 1002, 0, next, 32, 52);
    raw.release(next);
    next.fill(0x3f);
    expect(raw.rawOf(1002, 0)).toBe('8 brk(NULL) = 0x5000');
    raw.add('8 <... mmap resumed>) = 0x2000', 1003, 0);
    const pair = new TextBytes(1, 1);
    raw.rawTo(pair, 1003, 0, 1001);
    expect(Buffer.from(pair.take().bytes).toString('utf8')).toBe('8 mmap(NULL, 1 <unfinished ...>\n8 <... mmap resumed>) = 0x2000');

    const long = `9 ${'x'.repeat(RAW_LIMIT + 10)}`;
    const text = new RawLines();
    const bytes = new RawLines();
    text.add(long, 1, 0);
    bytes.addAscii(long, 1, 0, new Uint8Array(Buffer.from(long, 'latin1')), 0, long.length);
    const out = new TextBytes(1, 1);
    bytes.rawTo(out, 1, 0);
    expect(Buffer.from(out.take().bytes).toString('utf8')).toBe(text.rawOf(1, 0));
    expect(text.rawOf(1, 0)).toHaveLength(RAW_LIMIT + 1);
  });
});
