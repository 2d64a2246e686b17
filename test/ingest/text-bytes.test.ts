import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextBytes, textAt } from '../../src/ingest/text-bytes.js';

const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('TextBytes', () => {
  it('gives back every text and pair as UTF-8, growing from a one-byte buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.tuple(fc.string(), fc.string({ unit: 'grapheme' })))), (items) => {
        const out = new TextBytes(1, 1);
        for (const it of items) if (typeof it === 'string') out.add(it);
        else out.addPair(it[0], it[1]);
        const batch = out.take();
        expect(batch.ends.length).toBe(items.length);
        let from = 0;
        items.forEach((it, i) => {
          expect(utf8(textAt(batch, i, from))).toBe(typeof it === 'string' ? it : `${it[0]}\n${it[1]}`);
          from = batch.ends[i] as number;
        });
      }),
    );
  });

  it('starts empty again after take, and never hands out Node\'s shared buffer pool (the bytes are transferred)', () => {
    const out = new TextBytes(2, 4);
    out.add('é€');
    const first = out.take();
    out.add('x');
    const second = out.take();
    expect([utf8(textAt(first, 0, 0)), utf8(textAt(second, 0, 0))]).toEqual(['é€', 'x']);
    expect(first.bytes.buffer).not.toBe(Buffer.from('pooled').buffer);
    expect(first.bytes.buffer).not.toBe(second.bytes.buffer);
  });

  it('hands out buffers of the texts\' own size, untouched by what is written after take', () => {
    const out = new TextBytes(1024, 192);
    for (let i = 0; i < 300; i++) out.add(`line ${i} é`);
    const first = out.take();
    expect([first.bytes.buffer.byteLength, first.ends.buffer.byteLength]).toEqual([first.bytes.length, 4 * 300]);
    const text = utf8(first.bytes);
    out.add('y'.repeat(5000)); // written over the same buffer
    out.take();
    expect(utf8(first.bytes)).toBe(text);
    expect(Array.from(first.ends).at(-1)).toBe(first.bytes.length);
  });

  it('appends texts and byte ranges piece by piece (what raw lines of ASCII bytes use)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii', maxLength: 600 }), fc.constant('\n')))), (texts) => {
        const out = new TextBytes(1, 1);
        for (const pieces of texts) {
          for (const p of pieces) {
            if (p === '\n') out.newline();
            else if (/^[\x00-\x7f]*$/.test(p)) {
              const b = new Uint8Array(Buffer.from(`<${p}>`, 'latin1'));
              out.putBytes(b, 1, b.length - 1);
            } else out.put(p);
          }
          out.end();
        }
        const batch = out.take();
        let from = 0;
        texts.forEach((pieces, i) => {
          expect(utf8(textAt(batch, i, from))).toBe(pieces.join(''));
          from = batch.ends[i] as number;
        });
      }),
    );
  });
});
