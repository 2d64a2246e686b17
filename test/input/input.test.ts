import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eachLineSync, readLines, type TraceLine } from '../../src/input/read-lines.js';
import { resolveTrace } from '../../src/input/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-input-'));

async function all(path: string, max?: number): Promise<TraceLine[]> {
  const out: TraceLine[] = [];
  for await (const l of readLines(path, max)) out.push(l);
  return out;
}

describe('readLines', () => {
  it('splits on \\n, strips one \\r, keeps NUL and invalid UTF-8, keeps a last unterminated line', async () => {
    const p = join(dir, 'a.strace');
    writeFileSync(p, Buffer.concat([Buffer.from('one\r\ntwo\0x\n\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\ncut mid-li')]));
    const lines = await all(p);
    expect(lines.map((l) => l.text)).toEqual(['one', 'two\0x', '', '\ufffd\ufffdA', 'cut mid-li']);
    expect(lines.map((l) => l.lineNo)).toEqual([1, 2, 3, 4, 5]);
  });

  it('handles an empty file', async () => {
    const p = join(dir, 'empty.strace');
    writeFileSync(p, '');
    expect(await all(p)).toEqual([]);
  });

  it('reads a 10 MB line whole, across chunks, and bounds longer ones', async () => {
    const p = join(dir, 'long.strace');
    writeFileSync(p, `${'x'.repeat(10 * 1024 * 1024)}\nnext\n`);
    const lines = await all(p);
    expect(lines[0]?.text.length).toBe(10 * 1024 * 1024);
    expect(lines[1]).toEqual({ text: 'next', lineNo: 2 });
    const cut = await all(p, 1000);
    expect(cut[0]).toMatchObject({ lineNo: 1, truncated: true });
    expect(cut[0]?.text.length).toBe(1000);
    expect(cut[1]).toEqual({ text: 'next', lineNo: 2 });
  });

  it('names the file when it cannot be read', async () => {
    await expect(all(join(dir, 'missing'))).rejects.toThrow(/missing: cannot read/);
    expect(() => eachLineSync(join(dir, 'missing'), () => undefined)).toThrow(/missing: cannot read/);
    expect(() => eachLineSync(dir, () => undefined)).toThrow(/cannot read: EISDIR/);
  });
});

describe('resolveTrace', () => {
  const ff = join(dir, 'ff');
  mkdirSync(ff);
  for (const pid of [1300, 1234, 99]) writeFileSync(join(ff, `trace.${pid}`), `line of ${pid}\n`);

  it('takes a plain file as one trace', () => {
    const p = join(dir, 'single.strace');
    writeFileSync(p, 'x\n');
    expect(resolveTrace(p)).toMatchObject({ kind: 'single', files: [{ path: p, size: 2 }] });
  });

  it('expands a -ff prefix and a directory, sorted by pid', () => {
    for (const arg of [join(ff, 'trace'), ff]) {
      const r = resolveTrace(arg);
      expect(r.kind).toBe('per-pid');
      expect(r.files.map((f) => f.pid)).toEqual([99, 1234, 1300]);
    }
  });

  it('names the argument when nothing matches', () => {
    expect(() => resolveTrace(join(dir, 'nope'))).toThrow(`${join(dir, 'nope')}: no such trace file or -ff prefix`);
  });
});

describe('parseMapsText', () => {
  it('reads this process /proc/self/maps back into regions that match it', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseMapsText } = await import('../../src/input/parse-maps.js');
    const { formatMaps } = await import('../../src/render/maps.js');
    const text = readFileSync('/proc/self/maps', 'utf8');
    expect(formatMaps(parseMapsText(text))).toBe(text);
  });

  it('names the file and line of a bad line', async () => {
    const { parseMapsText } = await import('../../src/input/parse-maps.js');
    expect(() => parseMapsText('00400000-00401000 r--p 00000000 fe:00 1 /x\nnonsense\n', 'exec/1.maps')).toThrow(/^exec\/1\.maps:2: not a \/proc\/PID\/maps line: "nonsense"$/);
  });
});

describe('readLines property', () => {
  it('equals a naive split for any bytes and any chunk size (stream and blocking readers)', async () => {
    const fc = (await import('fast-check')).default;
    const p = join(dir, 'prop.strace');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 50 }), async (bytes, chunk, max) => {
        // Bias towards line structure: map some bytes to \n and \r.
        const data = Buffer.from(bytes.map((b) => (b % 7 === 0 ? 0x0a : b % 11 === 0 ? 0x0d : b)));
        writeFileSync(p, data);
        const got: TraceLine[] = [];
        for await (const l of readLines(p, max, chunk)) got.push(l);
        const blocking: TraceLine[] = [];
        const ranges: { text: string; bytes: Uint8Array; start: number; end: number }[] = [];
        let recycled = 0;
        // Bytes come with ASCII lines only, are the text exactly, and stay so until the reader recycles them.
        const check = (r: { text: string; bytes: Uint8Array; start: number; end: number }): void => {
          const b = Buffer.from(r.bytes.subarray(r.start, r.end));
          expect(b.every((c) => c < 0x80)).toBe(true);
          expect(b.toString('latin1')).toBe(r.text);
        };
        eachLineSync(
          p,
          (text, lineNo, truncated, bytes, start, end) => {
            blocking.push(truncated ? { text, lineNo, truncated } : { text, lineNo });
            if (bytes !== undefined) ranges.push({ text, bytes, start: start ?? -1, end: end ?? -1 });
          },
          max,
          chunk,
          (bytes) => {
            for (const r of ranges.filter((r) => r.bytes === bytes)) {
              check(r);
              recycled++;
            }
            ranges.splice(0, ranges.length, ...ranges.filter((r) => r.bytes !== bytes));
          },
        );
        expect(blocking).toEqual(got); // the blocking reader splits the same way
        ranges.forEach(check);
        // Read in one chunk, every ASCII line ended by a newline and within the limit comes with its bytes.
        const ended = data.toString('latin1').split('\n').slice(0, -1);
        if (data.every((c) => c < 0x80) && chunk >= data.length) expect(ranges.length + recycled).toBe(ended.filter((l) => l.length <= max).length);
        // Without `recycle`, no bytes (the reader reuses its buffers).
        let handed = 0;
        eachLineSync(p, (_t, _n, _tr, bytes) => void (bytes === undefined || handed++), max, chunk);
        expect(handed).toBe(0);
        const pieces = data.toString('latin1').split('\n');
        if (pieces[pieces.length - 1] === '') pieces.pop();
        const want = pieces.map((piece, i) => naiveLine(Buffer.from(piece, 'latin1'), i + 1, max));
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});

// What the reader must make of one line's bytes (no '\n'): at most `max` bytes kept, a final '\r' dropped, UTF-8 decoded.
function naiveLine(raw: Buffer, lineNo: number, max: number): TraceLine {
  const kept = raw.subarray(0, max);
  const body = kept.length > 0 && kept[kept.length - 1] === 0x0d ? kept.subarray(0, kept.length - 1) : kept;
  return raw.length > max ? { text: body.toString('utf8'), lineNo, truncated: true } : { text: body.toString('utf8'), lineNo };
}

describe('eachLineSync over big ASCII chunks', () => {
  it('cuts the same lines from runs of decoded text as a naive split, across runs, chunks, CRLF, long and cut lines', () => {
    // Lines of every length from 0 to past a run (32 KiB) and past the limit, some ending in \r, some non-ASCII chunks.
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const len = rand(10) === 0 ? rand(80_000) : rand(200);
      let l = Array.from({ length: Math.min(len, 50) }, () => String.fromCharCode(32 + rand(95))).join('').padEnd(len, 'x');
      if (rand(7) === 0) l += '\r';
      if (i > 2000 && i < 2010) l += '\u00e9';
      lines.push(l);
    }
    const p = join(dir, 'big-ascii.strace');
    writeFileSync(p, lines.join('\n') + '\n');
    const max = 70_000;
    const got: TraceLine[] = [];
    let withBytes = 0;
    eachLineSync(
      p,
      (text, lineNo, truncated, bytes, start, end) => {
        got.push(truncated ? { text, lineNo, truncated } : { text, lineNo });
        if (bytes !== undefined) {
          withBytes++;
          expect(Buffer.from(bytes.subarray(start, end)).toString('latin1')).toBe(text);
        }
      },
      max,
      1 << 20,
      () => undefined,
    );
    const want = lines.map((l, i) => naiveLine(Buffer.from(l, 'utf8'), i + 1, max));
    expect(got).toEqual(want);
    expect(withBytes).toBeGreaterThan(2000);
    // With an ASCII sink, the lines that came with their bytes go there instead, without text; the rest as before.
    const split: TraceLine[] = [];
    let toAscii = 0;
    eachLineSync(
      p,
      (text, lineNo, truncated, bytes) => {
        expect(bytes).toBeUndefined();
        split.push(truncated ? { text, lineNo, truncated } : { text, lineNo });
      },
      max,
      1 << 20,
      () => undefined,
      (lineNo, bytes, start, end) => {
        toAscii++;
        split.push({ text: Buffer.from(bytes.subarray(start, end)).toString('latin1'), lineNo });
      },
    );
    expect(split).toEqual(want);
    expect(toAscii).toBe(withBytes);
  });
});
