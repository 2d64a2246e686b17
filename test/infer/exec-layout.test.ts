// inferExecLayout against exec-time layouts the kernel printed (traces/*/exec,
// read from /proc/PID/maps while strace delayed the execve), and on fake ELF files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecveEvent, LayoutRegion } from '../../src/model/events.js';
import { inferExecLayout } from '../../src/infer/index.js';
import { located, programsDir, programsFs } from '../helpers/programs.js';
import { traceEvents } from './trace-events.js';

const TRACES = join(import.meta.dirname, '..', '..', 'traces');

interface ExecMeta {
  readonly file: string;
  readonly pid: number;
  readonly path: string;
  readonly at: { readonly line: number };
}

function fields(r: LayoutRegion): string {
  return `${r.start.toString(16)}-${r.end.toString(16)} ${r.perms} ${r.offset.toString(16).padStart(8, '0')} ${r.dev} ${r.inode} ${r.name}`;
}

// Captured maps lines → the same fields; keeps the lines of the given files and their anonymous neighbours.
function captured(text: string): string[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const [range = '', perms, offset, dev, inode, ...name] = line.split(/ +/);
    return `${range} ${perms} ${offset} ${dev} ${inode} ${name.join(' ')}`;
  });
}

function execMeta(trace: string): readonly ExecMeta[] {
  return (JSON.parse(readFileSync(join(TRACES, trace, 'meta.json'), 'utf8')) as { exec: readonly ExecMeta[] }).exec;
}

function compare(trace: string, which = 0) {
  const dir = join(TRACES, trace);
  const cap = execMeta(trace)[which];
  if (cap === undefined) throw new Error(`${trace}: no exec capture`);
  const events = traceEvents(join(dir, 'trace.strace'));
  const index = events.findIndex((e) => e.kind === 'execve' && e.pid === cap.pid && e.path === cap.path && e.result.kind === 'ok' && e.line === cap.at.line);
  const execve = events[index] as ExecveEvent;
  const layout = inferExecLayout(execve, events.slice(index + 1), programsFs());
  const real = captured(readFileSync(join(dir, cap.file), 'utf8'));
  return { layout, real, inferred: layout?.regions.map(fields) ?? [] };
}

describe('inferExecLayout on real captures', () => {
  it.skipIf(!existsSync('/usr/bin/cat'))('rebuilds /usr/bin/cat and ld.so exactly as the kernel mapped them (traces/cat)', () => {
    const { layout, real, inferred } = compare('cat');
    expect(layout?.source).toBe('inferred');
    // Every inferred region is a line of the real capture, and every file line of the capture was inferred.
    for (const line of inferred) expect(real).toContain(line);
    const fileLines = real.filter((l) => / \/usr\//.test(l));
    expect(inferred.filter((l) => / \/usr\//.test(l))).toEqual(fileLines);
    expect(fileLines.length).toBe(8);
    expect(layout?.notes?.[0]).toMatch(/\[stack\]/);
  });

  // The trace names the binary by its absolute path at recording time; a rebuild may change its inode.
  const built = programsDir() !== undefined;
  const noId = (l: string): string => l.replace(/ [0-9a-f]+:[0-9a-f]+ \d+ /, ' ');
  it.skipIf(!built)(`rebuilds splits with its .bss VMA and brk (traces/flags-o, ASLR off)${built ? '' : ' (skipped: scripts/programs not built here and gcc is missing)'}`, () => {
    const { layout, real, inferred } = compare('flags-o');
    expect(inferred.length).toBeGreaterThan(8);
    for (const line of inferred) expect(real.map(noId)).toContain(noId(line));
    // The 2 MiB .bss buffer of snap.h is its own anonymous rw-p VMA right after the data segment.
    expect(inferred.some((l) => / rw-p 00000000 00:00 0 $/.test(l))).toBe(true);
    expect(inferred.length).toBe(real.filter((l) => / \/(usr|work)\//.test(l)).length + 1);
    expect(layout?.brk).toBeGreaterThan(0);
  });
});

describe('inferExecLayout over every exec capture of the single-file traces', () => {
  const noId = (l: string): string => l.replace(/ [0-9a-f]+:[0-9a-f]+ \d+ /, ' ');
  for (const trace of ['cat', 'sh-pipeline', 'threads', 'forks', 'splits']) {
    execMeta(trace).forEach((cap, i) => {
      it.skipIf(!existsSync(located(cap.path)))(`${trace} ${cap.file} (${cap.path}; skipped when that file is not on this machine)`, () => {
        const { layout, real } = compare(trace, i);
        const inferred = layout?.regions.map(fields) ?? [];
        // Complete lines for both images (ld.so and the executable), each one a real line.
        expect(inferred.length).toBeGreaterThanOrEqual(8);
        for (const line of inferred) expect(real.map(noId)).toContain(noId(line));
        // dev:inode too wherever the file is a system one (not rebuilt since the recording).
        for (const line of inferred.filter((l) => / \/usr\//.test(l))) expect(real).toContain(line);
      });
    });
  }
});
