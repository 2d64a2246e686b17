// The live import's layout gate on parsed strace lines: captured layouts at once, uncaptured
// execves inferred once their image is complete (or after maxLines), order kept.
import { describe, expect, it } from 'vitest';
import type { ExecLayout, ExecveEvent, VmEvent } from '../../src/model/events.js';
import { TraceParser } from '../../src/parse/index.js';
import { createLayoutGate } from '../../src/record/layout-gate.js';

const CAPTURED: ExecLayout = { source: 'captured', regions: [] };
const INFERRED: ExecLayout = { source: 'inferred', regions: [] };

// A gate whose capture exists for the execve on `capturedLine`; records each inference (line, follower lines).
function setup(capturedLine: number | undefined, maxLines = 100) {
  const inferences: { line: number; following: number[] }[] = [];
  const gate = createLayoutGate(
    {
      captured: (e: ExecveEvent) => (e.line === capturedLine ? CAPTURED : undefined),
      inferred: (e: ExecveEvent, following: readonly VmEvent[]) => {
        inferences.push({ line: e.line, following: following.map((f) => f.line) });
        return INFERRED;
      },
    },
    maxLines,
  );
  const parser = new TraceParser();
  let n = 0;
  const push = (text: string): VmEvent[] => {
    n++;
    return [...gate.push(parser.push(text, n), n)];
  };
  return { inferences, gate, push };
}

const launcher = '100 1.000001 execve("/bin/sh", ["/bin/sh", "-c", "exec"], 0x7ffd /* 3 vars */) = 0 <0.000100>';
const brk = (t: number): string => `100 1.${String(t).padStart(6, '0')} brk(NULL) = 0x55d000 <0.000010>`;
const target = '100 1.000500 execve("/usr/bin/cat", ["cat"], 0x7ffd /* 3 vars */) = 0 (DELAYED) <0.010100>';
const layoutOf = (e: VmEvent | undefined): ExecLayout | undefined => (e?.kind === 'execve' ? e.layout : undefined);

describe('createLayoutGate', () => {
  it('holds an uncaptured execve until its pid execs again, then infers it from what followed', () => {
    const g = setup(4);
    expect(g.push(launcher)).toEqual([]);
    expect(g.push(brk(2))).toEqual([]);
    expect(g.push(brk(3))).toEqual([]);
    const out = g.push(target);
    expect(out.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(layoutOf(out[0])).toBe(INFERRED);
    expect(layoutOf(out[3])).toBe(CAPTURED);
    expect(g.inferences).toEqual([{ line: 1, following: [2, 3, 4] }]);
    // After the captured exec nothing waits.
    expect(g.push(brk(5)).map((e) => e.line)).toEqual([5]);
    expect(g.gate.end()).toEqual([]);
  });

  it('lets a captured execve through at once', () => {
    const g = setup(1);
    const out = g.push(target);
    expect(out).toHaveLength(1);
    expect(layoutOf(out[0])).toBe(CAPTURED);
    expect(g.inferences).toEqual([]);
  });

  it('releases an uncaptured execve on its exit_group', () => {
    const g = setup(undefined);
    g.push(launcher);
    g.push(brk(2));
    const out = g.push('100 1.000900 exit_group(0) = ?');
    expect(out.map((e) => e.line)).toEqual([1, 2, 3]);
    expect(g.inferences).toEqual([{ line: 1, following: [2, 3] }]);
  });

  it('gives up waiting after maxLines lines, inferring from what it has', () => {
    const g = setup(undefined, 3);
    g.push(launcher);
    g.push(brk(2));
    g.push(brk(3));
    const out = g.push(brk(4));
    expect(out.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(g.inferences).toEqual([{ line: 1, following: [2, 3, 4] }]);
  });

  it('releases everything at the end, each held execve inferred from its own followers', () => {
    const g = setup(undefined);
    g.push(launcher);
    g.push(brk(2));
    g.push('101 1.000300 execve("/bin/true", ["true"], 0x7ffd /* 3 vars */) = 0 <0.000100>');
    g.push('101 1.000400 brk(NULL) = 0x55e000 <0.000010>');
    const out = g.gate.end();
    expect(out.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(g.inferences).toEqual([
      { line: 1, following: [2, 3, 4] },
      { line: 3, following: [4] },
    ]);
  });
});
