// Process tree: pids and threads, shared spaces, exec'd images, how each ended; the selection drives the map panels.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { Lines, type Line } from './Lines.js';
import { titleLine } from './PanelTitle.js';

/** A tree row ready to draw. */
export interface TreeLine {
  readonly procId: number;
  readonly depth: number;
  readonly text: string;
  /** False before the task starts or after it ends, at the current step. */
  readonly alive: boolean;
}

/** Props of ProcessTree (also used, with a cursor, by the picker). */
export interface ProcessTreeProps {
  readonly title: string;
  readonly lines: readonly TreeLine[];
  /** Index of the highlighted row. */
  readonly cursor: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

// Title then the visible rows, indented by depth; the cursor's row highlighted, tasks not alive now dimmed.
export const ProcessTree = memo(function ProcessTree(p: ProcessTreeProps) {
  const theme = useTheme();
  const win = visibleWindow(p.lines.length, Math.max(0, p.height - 1), p.cursor);
  const lines: Line[] = [titleLine(p.title, p.focused, p.width, theme)];
  for (let i = win.top; i < win.end; i++) {
    const l = p.lines[i] as TreeLine;
    const selected = i === p.cursor;
    lines.push([{ text: fit(`${selected ? '▸' : ' '}${'  '.repeat(l.depth)}${escapeLineForTerminal(l.text)}`, p.width), inverse: selected, bold: selected, dimColor: !l.alive && !selected, color: selected ? theme.accent : undefined }]);
  }
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Lines lines={lines} width={p.width} height={p.height} />
    </Box>
  );
});
