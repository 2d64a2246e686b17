// The reader thread on a real FIFO, fed the way strace feeds it (one write per line): every byte
// reaches both the raw file and the main thread, in far fewer messages than lines, with a capture
// still placed exactly before the bytes of the line that triggered it, and in far fewer reads than
// lines when they come at strace's pace (the nap).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BATCH, batchFromEnv, startCaptureWorker, type WorkerMessage } from '../../src/record/capture-worker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PID = process.pid; // the capture reads a live process's maps: ours
const line = (i: number): string =>
  i === 61
    ? `${PID}  1795417203.${String(i).padStart(6, '0')} execve("/usr/bin/cat", ["cat"], 0x55 /* 35 vars */) = 0 (DELAYED) <0.000219>\n`
    : `${PID}  1795417203.${String(i).padStart(6, '0')} munmap(0x7f${String(i).padStart(10, '0')}, 4096) = 0\n`;

type Done = Extract<WorkerMessage, { type: 'done' }>;

// A fresh FIFO and raw file, the reader started on them: every message it sends, and its closing one.
const startOnFifo = (reader: ReturnType<typeof startCaptureWorker>): { fifo: string; rawPath: string; messages: WorkerMessage[]; done: Promise<Done> } => {
  const dir = mkdtempSync(join(tmpdir(), 'vmtrace-cw-'));
  dirs.push(dir);
  const fifo = join(dir, 'fifo');
  const rawPath = join(dir, 'raw.strace');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(rawPath, '');
  const messages: WorkerMessage[] = [];
  const done = new Promise<Done>((resolve) => {
    reader.start(
      { fifo, rawPath },
      (m) => {
        messages.push(m);
        if (m.type === 'done') resolve(m);
      },
      () => undefined,
    );
  });
  return { fifo, rawPath, messages, done };
};

describe('capture worker', () => {
  it('sends every byte in batches, in stream order, captures before their line', async () => {
    const { fifo, rawPath, messages, done } = startOnFifo(startCaptureWorker());
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
    expect((last as Done).reads).toBeGreaterThan(0);
    expect(messages.filter((m) => m.type === 'done')).toHaveLength(1);
  });

  it('is ready (its code run once on made-up lines, nothing read, nothing sent) before it is given the FIFO', async () => {
    const reader = startCaptureWorker();
    let readyFirst = false;
    await reader.ready.then(() => (readyFirst = true));
    expect(readyFirst).toBe(true);
    const { fifo, rawPath, messages, done } = startOnFifo(reader);
    const lines = Array.from({ length: 5 }, (_, i) => line(i + 1));
    const fd = openSync(fifo, 'w');
    for (const text of lines) writeSync(fd, text);
    closeSync(fd);
    const end = await done;
    // Only the stream's own bytes and counts: the warm-up's lines (pid 0, a made-up path) left no trace.
    expect(messages.map((m) => m.type).filter((t) => t !== 'data')).toEqual(['done']);
    expect(Buffer.concat(messages.flatMap((m) => (m.type === 'data' ? [Buffer.from(m.chunk)] : []))).toString('utf8')).toBe(lines.join(''));
    expect(readFileSync(rawPath, 'utf8')).toBe(lines.join(''));
    expect(end).toMatchObject({ lines: 5, rootPid: PID });
  });

  // strace's pace in a burst: a line every ~50 µs, each its own write(2). Without the nap the reader wakes for
  // nearly every line (each wake-up delays strace); with it, one read takes what arrived during the nap.
  it('naps between reads: a burst of lines takes far fewer reads than lines, and every byte still arrives', async () => {
    const { fifo, rawPath, messages, done } = startOnFifo(startCaptureWorker({ ...DEFAULT_BATCH, napUs: 500 }));
    const lines = Array.from({ length: 400 }, (_, i) => `${PID}  1795417203.${String(i).padStart(6, '0')} munmap(0x7f${String(i).padStart(10, '0')}, 4096) = 0\n`);
    const fd = openSync(fifo, 'w'); // blocks until the worker has opened its end
    for (const text of lines) {
      writeSync(fd, text);
      const until = process.hrtime.bigint() + 50_000n;
      while (process.hrtime.bigint() < until); // strace's pace, without giving the event loop a turn
    }
    closeSync(fd);
    const end = await done;
    const written = lines.join('');
    expect(Buffer.concat(messages.flatMap((m) => (m.type === 'data' ? [Buffer.from(m.chunk)] : []))).toString('utf8')).toBe(written);
    expect(readFileSync(rawPath, 'utf8')).toBe(written);
    expect(end.lines).toBe(400);
    // ~20 ms of writes: about one read per 0.5 ms nap, not one per line.
    expect(end.reads).toBeLessThan(lines.length / 4);
  });

  it('takes the nap from VMTRACE_READER_NAP_US, 0 turning it off; anything else keeps the default', () => {
    expect(DEFAULT_BATCH.napUs).toBe(500);
    expect(batchFromEnv({}).napUs).toBe(500);
    expect(batchFromEnv({ VMTRACE_READER_NAP_US: '0' }).napUs).toBe(0);
    expect(batchFromEnv({ VMTRACE_READER_NAP_US: '1500' }).napUs).toBe(1500);
    for (const bad of ['', '-1', '0.5', 'lots']) expect(batchFromEnv({ VMTRACE_READER_NAP_US: bad })).toEqual(DEFAULT_BATCH);
  });
});
