import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventJson } from '../../src/parse/event-json.js';
import { parseAll } from './helpers.js';

const root = new URL('../../', import.meta.url);

// Every event of `lines`, each serialised both ways.
function checkAll(lines: readonly string[]): number {
  const { events } = parseAll(lines);
  for (const e of events) expect(eventJson(e)).toBe(JSON.stringify(e));
  return events.length;
}

const num = fc.oneof(fc.constant('NULL'), fc.constant('0'), fc.nat().map(String), fc.bigInt({ min: 0n, max: 2n ** 64n }).map((b) => `0x${b.toString(16)}`), fc.constant('-1'));
const path = fc.string({ unit: fc.constantFrom('a', '/', '"', '\\', 'é', ' ', '>', '<', '\\n', 'x'), maxLength: 12 });
const fd = fc.oneof(fc.constant('-1'), fc.nat(99).map(String), fc.tuple(fc.nat(99), path).map(([n, p]) => `${n}<${p}>`));
const result = fc.oneof(num.filter((n) => n !== 'NULL'), fc.constant('-1 ENOMEM (Cannot allocate memory)'), fc.constant('?'), fc.constant('0 (INJECTED)'), fc.constant('-1 EINVAL (Invalid argument) (INJECTED)'));
const call = fc.oneof(
  fc.tuple(num, num, fc.constantFrom('PROT_READ', 'PROT_READ|PROT_WRITE', 'PROT_NONE', '0x7'), fc.constantFrom('MAP_PRIVATE|MAP_ANONYMOUS', 'MAP_SHARED', 'MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE', '0x22'), fd, num).map(
    ([a, l, p, f, d, o]) => `mmap(${a}, ${l}, ${p}, ${f}, ${d}, ${o})`,
  ),
  fc.tuple(num, num).map(([a, l]) => `munmap(${a}, ${l})`),
  fc.tuple(num, num, fc.constantFrom('PROT_READ', 'PROT_NONE', 'PROT_READ|PROT_EXEC')).map(([a, l, p]) => `mprotect(${a}, ${l}, ${p})`),
  fc.tuple(num, num, fc.nat(3)).map(([a, l, k]) => `pkey_mprotect(${a}, ${l}, PROT_READ, ${k})`),
  fc.tuple(num, num, num, fc.constantFrom('0', 'MREMAP_MAYMOVE', 'MREMAP_MAYMOVE|MREMAP_FIXED'), fc.option(num, { nil: undefined })).map(
    ([a, o, n, f, t]) => `mremap(${a}, ${o}, ${n}, ${f}${t === undefined ? '' : `, ${t}`})`,
  ),
  num.map((a) => `brk(${a})`),
  fc.constant('exit_group(0)'),
);
const leader = fc.oneof(fc.constant(''), fc.tuple(fc.integer({ min: 100, max: 105 }), fc.boolean()).map(([p, t]) => `${p} ${t ? '1796050693.627062 ' : ''}`));
const line = fc.tuple(leader, call, result, fc.boolean()).map(([l, c, r, split]) => (split ? [`${l}${c.slice(0, c.indexOf('(') + 1)} <unfinished ...>`, `${l}<... ${c.slice(0, c.indexOf('('))} resumed>${c.slice(c.indexOf('(') + 1)} = ${r}`] : [`${l}${c} = ${r}`]));

describe('eventJson', () => {
  it('equals JSON.stringify on generated memory calls (split, failed, injected, decorated, with and without pid/time)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (groups) => {
        checkAll(groups.flat());
      }),
      { numRuns: 1500 },
    );
  });

  it('equals JSON.stringify on every event of every trace in traces/ and of the damaged corpus', () => {
    let events = 0;
    for (const dir of readdirSync(new URL('traces/', root), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const f of readdirSync(new URL(`traces/${dir.name}/`, root))) {
        if (f.endsWith('.strace') || f.startsWith('trace.')) events += checkAll(readFileSync(new URL(`traces/${dir.name}/${f}`, root), 'utf8').split('\n'));
      }
    }
    for (const f of readdirSync(new URL('test/fixtures/damaged/', root))) {
      if (f.endsWith('.strace')) events += checkAll(readFileSync(new URL(`test/fixtures/damaged/${f}`, root), 'utf8').split('\n'));
    }
    expect(events).toBeGreaterThan(3000);
  });

  it('writes the spawn hint of a thread\'s first event as JSON.stringify does', () => {
    const lines = ['100 clone(child_stack=0x7f00, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND <unfinished ...>', '101 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000', '100 <... clone resumed>) = 101'];
    const { events } = parseAll(lines);
    expect(events.some((e) => e.spawnedBy !== undefined)).toBe(true);
    for (const e of events) expect(eventJson(e)).toBe(JSON.stringify(e));
  });
});
