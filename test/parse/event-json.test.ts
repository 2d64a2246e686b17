import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileInfoCache, withFileIdentity } from '../../src/ingest/enrich.js';
import { eventJson } from '../../src/parse/event-json.js';
import { corpusTraces } from '../helpers/corpus.js';
import { memoryCallLines } from '../helpers/strace-arbitraries.js';
import { parseAll } from './helpers.js';

// Every event of `lines`, each serialised both ways.
function checkAll(lines: readonly string[]): number {
  const { events } = parseAll(lines);
  for (const e of events) expect(eventJson(e)).toBe(JSON.stringify(e));
  return events.length;
}

describe('eventJson', () => {
  it('equals JSON.stringify on generated memory calls (split, failed, injected, decorated, with and without pid/time)', () => {
    fc.assert(
      fc.property(memoryCallLines, (groups) => {
        checkAll(groups.flat());
      }),
      { numRuns: 1500 },
    );
  });

  it('equals JSON.stringify on every event of every trace in traces/ and of the damaged corpus', () => {
    let events = 0;
    for (const [, lines] of corpusTraces()) events += checkAll(lines);
    expect(events).toBeGreaterThan(3000);
  });

  it('writes the spawn hint of a thread\'s first event as JSON.stringify does', () => {
    const lines = ['100 clone(child_stack=0x7f00, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND <unfinished ...>', '101 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000', '100 <... clone resumed>) = 101'];
    const { events } = parseAll(lines);
    expect(events.some((e) => e.spawnedBy !== undefined)).toBe(true);
    for (const e of events) expect(eventJson(e)).toBe(JSON.stringify(e));
  });

  it('equals JSON.stringify on a mapped file after the import adds its dev:inode', () => {
    const { events } = parseAll(['1 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/libc.so.6>, 0) = 0x7f0000000000']);
    const files = new FileInfoCache(() => ({ dev: 'fe:01', inode: 42 }), () => undefined);
    const e = withFileIdentity(events[0]!, files);
    expect(e).not.toBe(events[0]);
    expect(eventJson(e)).toBe(JSON.stringify(e));
    expect(eventJson(e)).toContain('"inode":42');
  });
});
