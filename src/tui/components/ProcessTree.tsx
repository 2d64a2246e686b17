// Process tree: pids and threads, shared spaces, exec'd images, how each ended; the selection drives the map panels.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { PanelTitle } from './PanelTitle.js';
import { Runs } from './Runs.js';

/** A tree row ready to draw. */
export interface TreeLine {
  readonly procId: number;
  readonly depth: number;
  readonly text: string;
  /** False before the task starts or after it ends, at the current step. */
  readonly alive: boolean;
}

// One row; memoized on primitive props.
const Row = memo(function Row({ text, selected, alive }: { readonly text: string; readonly selected: boolean; readonly alive: boolean }) {
  const theme = useTheme();
  return <Runs text={text} inverse={selected} bold={selected} dimColor={!alive && !selected} color={selected ? theme.accent : undefined} />;
});

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

// Title then the visible rows, indented by depth.
export const ProcessTree = memo(function ProcessTree(p: ProcessTreeProps) {
  const win = visibleWindow(p.lines.length, Math.max(0, p.height - 1), p.cursor);
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <PanelTitle title={p.title} focused={p.focused} width={p.width} />
      {p.lines.slice(win.top, win.end).map((l, i) => (
        <Row
          key={l.procId}
          text={fit(`${win.top + i === p.cursor ? '▸' : ' '}${'  '.repeat(l.depth)}${escapeLineForTerminal(l.text)}`, p.width)}
          selected={win.top + i === p.cursor}
          alive={l.alive}
        />
      ))}
    </Box>
  );
});
