// The import thread's lower priority: only the calling thread changes (the reader thread keeps
// its own), a thread already nicer is left alone, and restore puts the value back when allowed.
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { IMPORT_NICE, lowerThreadPriority } from '../../src/record/import-priority.js';

// The calling thread's nice value as the kernel reports it (field 19 of /proc/thread-self/stat).
const threadNice = (): number => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ')[16]);

// Runs lowerThreadPriority in a thread of its own; resolves to the nice values it saw there.
function inThread(): Promise<{ before: number; lowered: number; restored: number }> {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const nice = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);
    import(${JSON.stringify(new URL('../../src/record/import-priority.ts', import.meta.url).href)}).catch(() => null).then(async (m) => {
      m ??= await import(${JSON.stringify(new URL('../../dist/record/import-priority.js', import.meta.url).href)});
      const before = nice();
      const drop = m.lowerThreadPriority();
      const lowered = nice();
      drop.restore();
      parentPort.postMessage({ before, lowered, restored: nice() });
    });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(source, { eval: true });
    w.once('message', (m) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

describe('lowerThreadPriority', () => {
  it('changes the calling thread only', async () => {
    const mine = threadNice();
    const seen = await inThread();
    expect(seen.lowered).toBe(Math.max(seen.before, IMPORT_NICE));
    expect(threadNice()).toBe(mine);
    expect(getPriority(0)).toBe(mine);
  });

  it('restores the value when the process may raise priority (root), else may keep the lower one', async () => {
    const seen = await inThread();
    // root may always raise it again; others only within RLIMIT_NICE
    if (process.getuid?.() === 0) expect(seen.restored).toBe(seen.before);
    else expect([seen.before, seen.lowered]).toContain(seen.restored);
  });

  it('leaves a thread that is already nicer alone', () => {
    const drop = lowerThreadPriority(-20); // never raises: nothing to change, nothing to restore
    expect(threadNice()).toBe(getPriority(0));
    drop.restore();
  });
});
