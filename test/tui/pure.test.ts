import { describe, expect, it } from 'vitest';
import type { RegionView } from '../../src/model/types.js';
import { describeEvent } from '../../src/tui/describe.js';
import { blockRows, diagramLayout, layoutDiagram, USER_TOP } from '../../src/tui/diagram-layout.js';
import { firstTouched, markRegions, overlapsAny } from '../../src/tui/diff.js';
import { humanSize, protText } from '../../src/tui/format.js';
import { eventRanges, parseQuery } from '../../src/tui/search.js';
import { buildStripRows, columnOf } from '../../src/tui/timeline.js';
import { treeOrder } from '../../src/tui/tree-order.js';
import { visibleWindow } from '../../src/tui/window.js';
import { ANON, catSource, EXEC_REGIONS, LIBC } from './memory-source.js';

const r = (start: number, end: number, perms = 'rw-p', name = ''): RegionView => ({ start, end, perms, offset: 0, dev: '00:00', inode: 0, name });

describe('format', () => {
  it('human sizes in binary units', () => {
    expect(humanSize(4096)).toBe('4 KiB');
    expect(humanSize(1396736)).toBe('1.3 MiB'); // 1396736 / 2^20 = 1.33
    expect(humanSize(100 * 2 ** 40)).toBe('100 TiB');
    expect(humanSize(512)).toBe('512 B');
    expect(humanSize(132 * 1024)).toBe('132 KiB');
  });
  it('PROT bits as rwx', () => {
    expect(protText(5)).toBe('r-x');
    expect(protText(0)).toBe('---');
  });
});

describe('describeEvent', () => {
  const src = catSource();
  const words = (step: number): string => describeEvent((src.event(step) as NonNullable<ReturnType<typeof src.event>>).event);
  it('says what each event did in plain words', () => {
    expect(words(6)).toBe('mmap 1.3 MiB of libc.so.6 r-x at offset 0x26000 (fixed) → 0x7f3c1a226000');
    expect(words(3)).toBe('mmap 8 KiB anonymous rw- → 0x7f3c1a3fe000');
    expect(words(1)).toBe('exec /usr/bin/cat f');
    expect(words(2)).toBe('brk query → 0x55d0c1000000');
    expect(words(7)).toBe('fork → pid 101');
    expect(words(8)).toBe('munmap 8 KiB at 0x7f3c1a3fe000');
    expect(words(10)).toBe('exited with 0');
  });
  it('reports failures by errno', () => {
    const e = { step: 1, pid: 1, line: 1, kind: 'munmap', syscall: 'munmap', addr: 0x1000, length: 4096, result: { kind: 'error', errno: 'EINVAL' } } as const;
    expect(describeEvent(e)).toBe('munmap 4 KiB at 0x1000 → failed EINVAL');
  });
});

describe('search', () => {
  it('parses addresses, paths and syscall names', () => {
    expect(parseQuery('0x7f3c1a3fe010')).toEqual({ kind: 'address', addr: 0x7f3c1a3fe010 });
    expect(parseQuery('libc.so.6')).toEqual({ kind: 'path', text: 'libc.so.6' });
    expect(parseQuery('mprotect')).toEqual({ kind: 'syscall', name: 'mprotect' });
  });
  it('uses the returned address of mmap for its range', () => {
    const e = catSource().event(3);
    expect(e === undefined ? [] : eventRanges(e.event)).toEqual([{ start: ANON.start, end: ANON.end }]);
  });
});

describe('markRegions', () => {
  it('marks added, changed and removed regions against the previous step', () => {
    const before = [r(0x1000, 0x3000), r(0x5000, 0x6000), r(0x9000, 0xa000)];
    const after = [r(0x1000, 0x2000, 'r--p'), r(0x2000, 0x3000), r(0x7000, 0x8000), r(0x9000, 0xa000)];
    const marked = markRegions(before, after).map((m) => [m.region.start.toString(16), m.status]);
    expect(marked).toEqual([
      ['1000', 'changed'],
      ['2000', 'changed'],
      ['5000', 'removed'],
      ['7000', 'added'],
      ['9000', 'same'],
    ]);
    expect(firstTouched(markRegions(before, after), [])).toBe(0);
  });
  it('finds overlaps by binary search', () => {
    const sorted = [r(0x1000, 0x2000), r(0x4000, 0x5000)];
    expect(overlapsAny(sorted, { start: 0x2000, end: 0x4000 })).toBe(false);
    expect(overlapsAny(sorted, { start: 0x4fff, end: 0x6000 })).toBe(true);
  });
});

describe('diagram layout', () => {
  it('log scale: a 4 KiB page is one row, 100 TiB is more but bounded', () => {
    expect(blockRows(4096)).toBe(1);
    expect(blockRows(2 ** 20)).toBe(2);
    expect(blockRows(100 * 2 ** 40)).toBe(5);
    expect(blockRows(2 ** 20)).toBeLessThan(blockRows(2 ** 30));
  });
  it('draws high to low with the split on top, and every gap with its size', () => {
    const { lines } = layoutDiagram(markRegions(undefined, EXEC_REGIONS));
    const labels = lines.filter((l) => l.label !== '').map((l) => `${l.kind}:${l.addr}:${l.label}`);
    expect(labels[0]).toBe(`split:${USER_TOP.toString(16)}:user/kernel split (kernel above)`);
    expect(labels[1]).toMatch(/^gap:7ffd5a3e1000:gap /);
    expect(labels[2]).toBe('region:7ffd5a3c0000:132 KiB rw-p [stack]');
    expect(labels[labels.length - 1]).toBe('gap:000000000000:gap 86 TiB'); // 0x55d0c0a00000 / 2^40 = 85.8;
    const starts = lines.filter((l) => l.addr !== '').map((l) => Number.parseInt(l.addr, 16));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  });
  it('makes any window of lines on its own, the same as the whole diagram cut there', () => {
    const rows = markRegions(EXEC_REGIONS.slice(1), EXEC_REGIONS);
    const layout = diagramLayout(rows);
    const all = layoutDiagram(rows).lines;
    expect(layout.lineCount).toBe(all.length);
    expect(layout.focus).toBeDefined();
    expect(all[layout.focus ?? -1]?.status).toBe('added');
    for (let from = 0; from <= all.length + 1; from++) {
      for (const n of [0, 1, 3, 7, all.length]) expect(layout.lines(from, from + n)).toEqual(all.slice(from, from + n));
    }
  });
});

describe('timeline strip', () => {
  it('maps steps to columns and marks exec/fork/exit', () => {
    expect(columnOf(1, 100, 10)).toBe(0);
    expect(columnOf(100, 100, 10)).toBe(9);
    const rows = buildStripRows(100, 10, [1, 2, 3, 55], [{ step: 1, kind: 'exec' }, { step: 50, kind: 'fork' }, { step: 100, kind: 'exit' }]);
    expect(rows.marks).toBe('E   F    X'); // step 50 → column floor(49 / 100 × 10) = 4
    expect(rows.density[0]).toBe('█');
    expect(rows.density[5]).not.toBe(' ');
    expect(rows.density[9]).toBe(' ');
  });
});

describe('visible window', () => {
  it('keeps the focus row in view and clamps scrolling', () => {
    expect(visibleWindow(1000, 9, 500)).toEqual({ top: 497, end: 506 });
    expect(visibleWindow(5, 9, 4)).toEqual({ top: 0, end: 5 });
    expect(visibleWindow(1000, 9, 999, 50)).toEqual({ top: 991, end: 1000 });
    expect(visibleWindow(1000, 9, 0, -5)).toEqual({ top: 0, end: 9 });
  });
});

describe('process tree order', () => {
  it('puts children under their parent', () => {
    const rows = treeOrder(catSource().processes());
    expect(rows.map((x) => [x.proc.pid, x.depth])).toEqual([
      [100, 0],
      [101, 1],
    ]);
    expect(LIBC.name).toContain('libc');
  });
});
