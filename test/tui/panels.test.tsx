import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegionView } from '../../src/model/types.js';
import { Diagram } from '../../src/tui/components/Diagram.js';
import { EventList } from '../../src/tui/components/EventList.js';
import { Header } from '../../src/tui/components/Header.js';
import { Help } from '../../src/tui/components/Help.js';
import { MapsTable } from '../../src/tui/components/MapsTable.js';
import { ProcessTree } from '../../src/tui/components/ProcessTree.js';
import { StatusLine } from '../../src/tui/components/StatusLine.js';
import { Timeline } from '../../src/tui/components/Timeline.js';
import { diagramLayout } from '../../src/tui/diagram-layout.js';
import { markRegions, type MarkedRegion } from '../../src/tui/diff.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { buildStripRows } from '../../src/tui/timeline.js';
import { catSource, EXEC_REGIONS } from './memory-source.js';

afterEach(cleanup);

const region = (i: number): RegionView => ({ start: 0x10000000 + i * 0x2000, end: 0x10000000 + i * 0x2000 + 0x1000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: `r${i}` });

describe('Header', () => {
  it('shows command, process, step N/M, time and the event in words; control characters escaped', () => {
    const { lastFrame } = render(<Header width={80} command={'evil\u001B[2Jcmd'} process="pid 100 cat" step={5} total={12} time="+0.750ms" play="" description="munmap 8 KiB at 0x1000" />);
    const f = lastFrame() ?? '';
    expect(f).toContain('vmtrace · evil\\x1b[2Jcmd');
    expect(f).not.toContain('\u001B[2J');
    expect(f).toContain('step 5/12  +0.750ms');
    expect(f).toContain('pid 100 cat │ munmap 8 KiB at 0x1000');
  });
});

describe('Timeline', () => {
  it('draws the density row and markers with the cursor', () => {
    const rows = buildStripRows(100, 20, [1, 2, 3, 90], [{ step: 1, kind: 'exec' }, { step: 60, kind: 'exit' }]);
    const { lastFrame } = render(<Timeline density={rows.density} marks={rows.marks} cursor={10} />);
    const [density, marks] = (lastFrame() ?? '').split('\n');
    expect(density?.[0]).toBe('█');
    expect(density?.[10]).toBe('│'); // cursor over an empty column
    expect(marks).toBe('E         ▲X'); // step 60 → column floor(59 / 100 × 20) = 11; trailing blanks trimmed
  });
});

describe('MapsTable', () => {
  const rows: MarkedRegion[] = Array.from({ length: 2000 }, (_, i) => ({ region: region(i), status: i === 1500 ? 'added' : 'same' }));

  it('renders only the visible rows and scrolls the touched one into view', () => {
    const { lastFrame } = render(<MapsTable title="Maps" rows={rows} focusRow={1500} delta={0} width={80} height={12} focused empty="" />);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toContain('[1498-1507 of 2000]');
    expect(lines.filter((l) => /^[ +~-]0000/.test(l))).toHaveLength(10);
    expect(lines.find((l) => l.startsWith('+'))).toBe(`+0000${(0x10000000 + 1500 * 0x2000).toString(16)}-0000${(0x10000000 + 1500 * 0x2000 + 0x1000).toString(16)}    4 KiB rw-p 00000000 r1500`);
  });

  it('moves by the ↑/↓ delta and clamps at the end', () => {
    const { lastFrame } = render(<MapsTable title="Maps" rows={rows} focusRow={1500} delta={10_000} width={80} height={12} focused={false} empty="" />);
    expect(lastFrame()).toContain('[1991-2000 of 2000]');
    expect(lastFrame()).toContain(' r1999');
  });

  it('says why the table is empty', () => {
    const { lastFrame } = render(<MapsTable title="Maps" rows={[]} focusRow={undefined} delta={0} width={80} height={6} focused empty="pid 7 has no address space at step 1" />);
    expect(lastFrame()).toContain('pid 7 has no address space at step 1');
  });
});

describe('Diagram', () => {
  it('shows blocks, gaps with sizes and the split, high addresses first', () => {
    const { lastFrame } = render(<Diagram title="Diagram" layout={diagramLayout(markRegions(undefined, EXEC_REGIONS))} delta={0} width={90} height={30} focused />);
    const f = lastFrame() ?? '';
    expect(f).toContain('7ffffffff000 ════════════ user/kernel split');
    expect(f).toContain('7ffd5a3c0000 ┃▒▒▒▒▒▒▒▒▒▒┃ 132 KiB rw-p [stack]');
    expect(f).toContain('55d0c0a02000 ┃▓▓▓▓▓▓▓▓▓▓┃ 20 KiB r-xp /usr/bin/cat');
    expect(f).toMatch(/000000000000 ┆ +┆ gap 86 TiB/);
    expect(f.indexOf('[stack]')).toBeLessThan(f.indexOf('/usr/bin/cat'));
  });
});

describe('EventList', () => {
  it('marks the current line and escapes control characters in raw text', () => {
    const src = catSource();
    const events = [...src.events(1, 4), { ...(src.event(5) as NonNullable<ReturnType<typeof src.event>>), raw: 'write(1, "\u001B]0;pwned\u0007", 9) = 9' }];
    const { lastFrame } = render(<EventList events={events} step={3} selected={1} width={100} height={6} focused={false} />);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines[3]).toMatch(/^▶ +3 \* mmap\(NULL, 8192/);
    expect(lines[1]).toMatch(/^ +1 \* execve/);
    expect(lines[5]).toContain('write(1, "\\x1b]0;pwned\\x07", 9) = 9');
    expect(lastFrame()).not.toContain('\u001B]0;');
  });
});

describe('ProcessTree', () => {
  it('indents children and highlights the cursor', () => {
    const lines = [
      { procId: 1, depth: 0, text: '100 · cat · space 1 · exited 0', alive: true },
      { procId: 2, depth: 1, text: '101 · child of 100 · space 2 · exited 0', alive: false },
    ];
    const { lastFrame } = render(<ProcessTree title="Processes" lines={lines} cursor={1} width={60} height={4} focused />);
    const f = (lastFrame() ?? '').split('\n');
    expect(f[1]).toBe(' 100 · cat · space 1 · exited 0');
    expect(f[2]).toBe('▸  101 · child of 100 · space 2 · exited 0');
  });
});

describe('Help', () => {
  it('lists every binding of the keymap at 80×24', () => {
    const { lastFrame } = render(<Help width={80} height={18} />);
    for (const b of KEYMAP.filter((x) => x.label !== '')) expect(lastFrame()).toContain(b.help);
  });
});

describe('StatusLine', () => {
  it('shows the prompt, then messages, then hints', () => {
    expect(render(<StatusLine mode="search" input="libc" message={undefined} hints="h" width={80} />).lastFrame()).toContain('/libc█');
    expect(render(<StatusLine mode="normal" input="" message="not found: x" hints="h" width={80} />).lastFrame()).toBe('not found: x');
    expect(render(<StatusLine mode="normal" input="" message={undefined} hints="? keys" width={80} />).lastFrame()).toBe('? keys');
  });
});
