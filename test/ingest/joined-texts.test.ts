import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutTexts, joinTexts } from '../../src/ingest/joined-texts.js';

describe('joined texts', () => {
  it('cut gives back exactly the pieces joined (empty ones, non-ASCII and surrogate pairs included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 50 }), (texts) => {
        const { text, ends } = joinTexts(texts);
        expect(ends.length).toBe(texts.length);
        expect(cutTexts(text, ends)).toEqual(texts);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives the trip between threads (the ends are transferred, the text copied)', async () => {
    const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
    const { port1, port2 } = new MessageChannel();
    const texts = ['{"kind":"mmap"}', '', 'é\u{1F600}', '3 <... mmap resumed>) = 0'];
    const j = joinTexts(texts);
    port1.postMessage(j, [j.ends.buffer as ArrayBuffer]);
    expect(j.ends.length).toBe(0); // transferred away
    const got = receiveMessageOnPort(port2)?.message as typeof j;
    port1.close();
    expect(cutTexts(got.text, got.ends)).toEqual(texts);
  });
});
