// The address-space diagram (high → low, log-scaled blocks); only the visible lines are rendered.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import type { DiagramLayout, DiagramLine } from '../diagram-layout.js';
import { fit } from '../format.js';
import { useTheme, type Theme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { Lines, type Line } from './Lines.js';
import { titleLine } from './PanelTitle.js';

// One diagram line: address, block, label; touched blocks bold with the block inverse, gaps dim, the split accented.
function diagramLine({ addr, bar, label, kind, status }: DiagramLine, width: number, theme: Theme): Line {
  const hot = status !== 'same';
  const color = status === 'added' ? theme.added : status === 'removed' ? theme.removed : status === 'changed' ? theme.changed : kind === 'gap' ? theme.dim : undefined;
  const c = kind === 'split' ? theme.accent : color;
  const b = hot || kind === 'split';
  return [
    { text: `${addr.padStart(12)} `, color: c, bold: b },
    { text: bar, color: c, bold: b, inverse: hot },
    { text: ` ${fit(escapeLineForTerminal(label), Math.max(0, width - 27))}`, color: c, bold: b },
  ];
}

/** Props of Diagram. */
export interface DiagramProps {
  readonly title: string;
  /** The blocks; only the lines on screen are made. */
  readonly layout: DiagramLayout;
  readonly delta: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

// Title, scale legend, then the visible window of lines.
export const Diagram = memo(function Diagram(p: DiagramProps) {
  const theme = useTheme();
  const bodyHeight = Math.max(0, p.height - 2);
  const win = visibleWindow(p.layout.lineCount, bodyHeight, p.layout.focus, p.delta);
  const lines: Line[] = [titleLine(p.title, p.focused, p.width, theme), [{ text: fit(' high → low · log scale: 1 row = 4 KiB, +1 row per ×256 · ▓ exec ▒ write ░ read · none', p.width), dimColor: true }]];
  for (const l of p.layout.lines(win.top, win.end)) lines.push(diagramLine(l, p.width, theme));
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Lines lines={lines} width={p.width} height={p.height} />
    </Box>
  );
});
