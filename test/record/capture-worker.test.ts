// The reader thread on a real FIFO, fed the way strace feeds it (one write per line): every byte
// reaches both the raw file and the main thread, in far fewer messages than lines, with a capture
// still placed exactly before the bytes of the line that triggered it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureWorker, type WorkerMessage } from '../../src/record/capture-worker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PID = process.pid; // the capture reads a live process's maps: ours
const line = (i: number): string =>
  i === 61
    ? `${PID}  1795417203.${String(i).padStart(6, '0')} execve("/usr/bin/cat", ["cat"], 0x55 /* 35 vars */) = 0 (DELAYED) <0.000219>\n`
    : `${PID}  1795417203.${String(i).padStart(6, '0')} munmap(0x7f${String(i).padStart(10, '0')}, 4096) = 0\n`;

describe('capture worker', () => {
  it('sends every byte in batches, in stream order, captures before their line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmtrace-cw-'));
    dirs.push(dir);
    const fifo = join(dir, 'fifo');
    const rawPath = join(dir, 'raw.strace');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(rawPath, '');

    const messages: WorkerMessage[] = [];
    const done = new Promise<void>((resolve) => {
      startCaptureWorker().start(
        { fifo, rawPath },
        (m) => {
          messages.push(m);
          if (m.type === 'done') resolve();
        },
        () => undefined,
      );
    });
    const lines = Array.from({ length: 121 }, (_, i) => line(i + 1));
    const writer = await open(fifo, 'w');
    for (const text of lines) {
      await writer.write(text); // one write per line, as strace does
      await sleep(1);
    }
    const beforeEof = messages.filter((m) => m.type === 'data').length;
    await writer.close();
    await done;

    const written = lines.join('');
    const data = messages.flatMap((m) => (m.type === 'data' ? [Buffer.from(m.chunk)] : []));
    expect(Buffer.concat(data).toString('utf8')).toBe(written);
    expect(readFileSync(rawPath, 'utf8')).toBe(written);
    // Batched: far fewer messages than lines, yet held data left before the stream ended (the 20 ms limit).
    expect(data.length).toBeLessThan(lines.length / 4);
    expect(beforeEof).toBeGreaterThan(0);

    const at = messages.findIndex((m) => m.type === 'capture');
    expect(at).toBeGreaterThan(0);
    const capture = messages[at] as Extract<WorkerMessage, { type: 'capture' }>;
    expect(capture.capture).toMatchObject({ kind: 'exec', pid: PID, line: 61 });
    expect(capture.capture.text).toContain('[stack]');
    const sentBefore = messages.slice(0, at).reduce((n, m) => n + (m.type === 'data' ? m.chunk.length : 0), 0);
    expect(sentBefore).toBe(Buffer.byteLength(lines.slice(0, 60).join('')));

    const last = messages.at(-1);
    expect(last).toMatchObject({ type: 'done', lines: 121, bytes: Buffer.byteLength(written), rootPid: PID });
    expect(messages.filter((m) => m.type === 'done')).toHaveLength(1);
  });
});
