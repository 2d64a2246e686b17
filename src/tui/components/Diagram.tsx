// The address-space diagram (high → low, log-scaled blocks); only the visible lines are rendered.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import type { DiagramLine } from '../diagram-layout.js';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { PanelTitle } from './PanelTitle.js';
import { Runs } from './Runs.js';

// One line; memoized on primitive props.
const Line = memo(function Line({ addr, bar, label, kind, status, width }: DiagramLine & { readonly width: number }) {
  const theme = useTheme();
  const hot = status !== 'same';
  const color = status === 'added' ? theme.added : status === 'removed' ? theme.removed : status === 'changed' ? theme.changed : kind === 'gap' ? theme.dim : undefined;
  const c = kind === 'split' ? theme.accent : color;
  const b = hot || kind === 'split';
  return (
    <Box>
      <Text color={c} bold={b}>
        {`${addr.padStart(12)} `}
      </Text>
      <Text color={c} bold={b} inverse={hot}>
        {bar}
      </Text>
      <Runs text={` ${fit(escapeLineForTerminal(label), Math.max(0, width - 27))}`} color={c} bold={b} />
    </Box>
  );
});

/** Props of Diagram. */
export interface DiagramProps {
  readonly title: string;
  readonly lines: readonly DiagramLine[];
  readonly focusLine: number | undefined;
  readonly delta: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

// Title, scale legend, then the visible window of lines.
export const Diagram = memo(function Diagram(p: DiagramProps) {
  const bodyHeight = Math.max(0, p.height - 2);
  const win = visibleWindow(p.lines.length, bodyHeight, p.focusLine, p.delta);
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <PanelTitle title={p.title} focused={p.focused} width={p.width} />
      <Runs text={fit(' high → low · log scale: 1 row = 4 KiB, +1 row per ×256 · ▓ exec ▒ write ░ read · none', p.width)} dimColor />
      {p.lines.slice(win.top, win.end).map((l, i) => (
        <Line key={win.top + i} {...l} width={p.width} />
      ))}
    </Box>
  );
});
