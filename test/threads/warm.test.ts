// Threads started early (src/threads/warm.ts): each is handed out once, to the first taker of its code; an unused one
// neither runs anything nor keeps the process alive.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsForSure } from '../../src/cli.js';
import { takeThread, warmThread } from '../../src/threads/warm.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'threads', 'warm.js'));
const LIMITS = { maxYoungGenerationSizeMb: 8 };

// A thread's code that answers its first message with it, doubled.
function echoThread(): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'vmtrace-warm-')), 'echo.mjs');
  writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nparentPort.once('message', (n) => parentPort.postMessage(n * 2));\n");
  return pathToFileURL(file);
}

const answer = (w: import('node:worker_threads').Worker, n: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage(n);
  });

describe('warm threads', () => {
  it('hands the thread started early to the first taker only, and starts a new one for the next', async () => {
    const url = echoThread();
    warmThread(url, LIMITS);
    const first = takeThread(url, LIMITS);
    warmThread(url, LIMITS); // a second warm-up after the take starts one again
    const second = takeThread(url, LIMITS);
    const third = takeThread(url, LIMITS); // none waiting: a new one
    expect(new Set([first, second, third]).size).toBe(3);
    // Each runs the code once, for its taker.
    expect(await Promise.all([answer(first, 1), answer(second, 2), answer(third, 3)])).toEqual([2, 4, 6]);
    await Promise.all([first.terminate(), second.terminate(), third.terminate()]);
  });

  it('starts one thread however often the same code is warmed before it is taken', async () => {
    const url = echoThread();
    warmThread(url, LIMITS);
    const w = takeThread(url, LIMITS);
    warmThread(url, LIMITS);
    warmThread(url, LIMITS);
    const again = takeThread(url, LIMITS);
    const fresh = takeThread(url, LIMITS);
    expect(again).not.toBe(w);
    expect(fresh).not.toBe(again);
    await Promise.all([w.terminate(), again.terminate(), fresh.terminate()]);
  });

  it.skipIf(!built)(`lets the process end while a warm thread waits for work${built ? '' : ' (skipped: needs npm run build)'}`, () => {
    const url = echoThread();
    const script = `import { warmThread } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'threads', 'warm.js')).href)};
warmThread(new URL(${JSON.stringify(url.href)}), { maxYoungGenerationSizeMb: 8 });
setTimeout(() => console.log('done'), 200);`;
    const file = join(mkdtempSync(join(tmpdir(), 'vmtrace-warm-')), 'main.mjs');
    writeFileSync(file, script);
    const started = Date.now();
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it.each([
    [['load', 't.strace', '--out', 'x.db'], true],
    [['load', 't.strace', '--out=x.db', '--no-tui'], true],
    [['load', '--force', 't.strace'], true],
    [['load', 't.strace'], false], // a cache hit needs no thread: one still booting would hold the exit back
    [['load', 't.strace', '--no-tui'], false],
    [['load', '--help', '--out', 'x.db'], false],
    [['maps', 't.strace', '--out', 'x.db'], false],
    [['--out', 'x.db'], false],
  ])('starts the threads early for %j: %s', (argv, expected) => {
    expect(importsForSure(argv)).toBe(expected);
  });
});
