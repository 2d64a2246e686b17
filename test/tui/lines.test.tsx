// <Lines> draws exactly what the same spans drawn as <Runs> give (colours on), with fewer ink nodes.
import { vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { Box, renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { Lines, type Line, type Span } from '../../src/tui/components/Lines.js';
import { Runs } from '../../src/tui/components/Runs.js';
import { loadCellKit, NARROW } from '../../src/tui/ink-row-cache.js';

const kit = await loadCellKit(new URL('output.js', import.meta.resolve('ink')));

// The spans as the panels drew them before: one <Runs> per span, a row of them for several.
function asRuns(lines: readonly Line[]) {
  return lines.map((line, i) =>
    line.length === 1 ? (
      <Runs key={i} {...line[0]} text={line[0]?.text ?? ''} />
    ) : (
      <Box key={i}>
        {line.map((s, j) => (
          <Runs key={j} {...s} />
        ))}
      </Box>
    ),
  );
}

const frame = (width: number, height: number, body: React.ReactNode): string =>
  renderToString(
    <Box flexDirection="column" width={width} height={height}>
      {body}
    </Box>,
    { columns: width },
  );

const STYLES: readonly Omit<Span, 'text'>[] = [
  {},
  { bold: true },
  { dimColor: true },
  { inverse: true, bold: true, color: 'cyan' },
  { strikethrough: true, inverse: true, bold: true, color: 'red' },
  { dimColor: true, color: 'gray' },
  { color: 'green' },
];
const TEXTS = ['plain ascii', ' Maps · pid 1 · space 2 · 40 regions ', '░▒▓█ │ ▲ E F X', '▶   17 * mmap(NULL, 8192) = 0x7f…', '宽字符 path', '🙂', '', '   '];

describe('Lines', () => {
  it('draws every narrow symbol in one column (string-width), so a block of them can be measured by its length', () => {
    expect(kit).toBeDefined();
    for (const ch of NARROW) {
      expect(ch.length).toBe(1);
      expect(kit?.stringWidth(ch), ch).toBe(1);
    }
  });

  it('draws single- and multi-span lines of every style exactly as <Runs> does', () => {
    const lines: Line[] = [];
    TEXTS.forEach((text, i) => {
      lines.push([{ text, ...STYLES[i % STYLES.length] }]);
      lines.push([
        { text: text.slice(0, 4), ...STYLES[(i + 1) % STYLES.length] },
        { text: '│', ...STYLES[(i + 2) % STYLES.length] },
        { text: text.slice(4), ...STYLES[(i + 3) % STYLES.length] },
      ]);
    });
    const expected = frame(60, lines.length, asRuns(lines));
    expect(expected).toContain('\u001B[');
    expect(frame(60, lines.length, <Lines lines={lines} width={60} height={lines.length} />)).toBe(expected);
  });

  it('leaves lines wider than the panel, and panels too short for their lines, to ink', () => {
    const wide: Line[] = [[{ text: 'x'.repeat(30), bold: true }], [{ text: 'short' }], [{ text: `${'y'.repeat(25)}…`, inverse: true }]];
    expect(frame(20, 3, <Lines lines={wide} width={20} height={3} />)).toBe(frame(20, 3, asRuns(wide)));
    const tall: Line[] = Array.from({ length: 6 }, (_, i) => [{ text: `line ${i} · more`, dimColor: i % 2 === 0 }]);
    expect(frame(30, 3, <Lines lines={tall} width={30} height={3} />)).toBe(frame(30, 3, asRuns(tall)));
  });

  it('passes elements through where they stand', () => {
    const lines = [[{ text: 'above' }], <Runs key="e" text="an element · here" bold />, [{ text: 'below', dimColor: true }]];
    expect(frame(30, 3, <Lines lines={lines} width={30} height={3} />)).toBe(frame(30, 3, asRuns([[{ text: 'above' }], [{ text: 'an element · here', bold: true }], [{ text: 'below', dimColor: true }]])));
  });
});
