// StepEffect.anomalies: each effect keeps its own list (the replay reuses one list for the event being applied,
// and shares one empty list between the effects without anomalies).
import { describe, expect, it } from 'vitest';
import { P, PRIV_ANON, RW, Trace, run } from './helpers.js';

const A = 0x20000;

describe('step effects', () => {
  it('keep their anomalies after later events, and the effects without any stay empty', () => {
    const t = new Trace();
    t.munmap(A, P); // nothing mapped there
    t.mmap(0, P, RW, PRIV_ANON, A);
    t.munmap(A + 8 * P, P);
    t.munmap(A + 9 * P, P);
    t.munmap(A, P);
    const { effects } = run(t);
    expect(effects.map((e) => e.anomalies)).toEqual([
      [{ step: 1, message: 'munmap(0x20000, 4096) unmapped nothing' }],
      [],
      [{ step: 3, message: 'munmap(0x28000, 4096) unmapped nothing' }],
      [{ step: 4, message: 'munmap(0x29000, 4096) unmapped nothing' }],
      [],
    ]);
    expect(effects[1]?.anomalies).toBe(effects[4]?.anomalies);
  });
});
