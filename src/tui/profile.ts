// VMTRACE_PROFILE=1: per-frame timings appended (buffered) to a file as JSON lines; never printed in the live TUI.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** One frame: ink's render time, and ms since the last key (how long that key took to be drawn). */
export interface FrameRecord {
  readonly render: number;
  readonly sinceKey?: number;
  /** Sequence number of the last key before this frame. */
  readonly key?: number;
}

/** The profiler run.tsx wires to ink's onRender and App's onKey. */
export interface Profiler {
  readonly path: string;
  noteKey(): void;
  onRender(metrics: { renderTime: number }): void;
  flush(): void;
}

// A profiler when VMTRACE_PROFILE=1 (file: VMTRACE_PROFILE_FILE, else vmtrace-profile-PID.jsonl in the temp dir).
export function createProfiler(env: NodeJS.ProcessEnv): Profiler | undefined {
  if (env.VMTRACE_PROFILE !== '1') return undefined;
  const path = env.VMTRACE_PROFILE_FILE !== undefined && env.VMTRACE_PROFILE_FILE !== '' ? env.VMTRACE_PROFILE_FILE : join(tmpdir(), `vmtrace-profile-${process.pid}.jsonl`);
  let lastKey: number | undefined;
  let keys = 0;
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    appendFileSync(path, buffer.join(''));
    buffer = [];
  };
  const timer = setInterval(flush, 500);
  timer.unref();
  return {
    path,
    noteKey: () => {
      lastKey = performance.now();
      keys++;
    },
    onRender: ({ renderTime }) => {
      const record: FrameRecord = lastKey === undefined ? { render: renderTime } : { render: renderTime, sinceKey: performance.now() - lastKey, key: keys };
      buffer.push(`${JSON.stringify(record)}\n`);
    },
    flush: () => {
      clearInterval(timer);
      flush();
    },
  };
}
