// The address-space table: start–end, size, perms, offset, name; only the visible rows are rendered.
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import type { MarkedRegion } from '../diff.js';
import { fit, humanSize, padAddr } from '../format.js';
import { useTheme, type Theme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { Lines, type Line } from './Lines.js';
import { titleLine } from './PanelTitle.js';

const MARK: Record<MarkedRegion['status'], string> = { same: ' ', added: '+', changed: '~', removed: '-' };

// One region as a table line (without the mark column).
export function tableLine(r: MarkedRegion, width: number): string {
  const { start, end, perms, offset, name } = r.region;
  const head = `${padAddr(start)}-${padAddr(end)} ${humanSize(end - start).padStart(8)} ${perms} ${offset.toString(16).padStart(8, '0')} `;
  return fit(`${head}${escapeLineForTerminal(name)}`, width);
}

const colorOf = (status: MarkedRegion['status'], theme: Theme): string | undefined =>
  status === 'added' ? theme.added : status === 'removed' ? theme.removed : status === 'changed' ? theme.changed : undefined;

// One row as a line: the mark column, then the region; touched rows bold, inverse and coloured.
function rowLine(r: MarkedRegion, width: number, theme: Theme): Line {
  const hot = r.status !== 'same';
  return [{ text: `${MARK[r.status]}${tableLine(r, width)}`, bold: hot, inverse: hot, strikethrough: r.status === 'removed', color: colorOf(r.status, theme) }];
}

/** Props of MapsTable. */
export interface MapsTableProps {
  readonly title: string;
  readonly rows: readonly MarkedRegion[];
  /** Row to keep in view (the first touched one). */
  readonly focusRow: number | undefined;
  readonly delta: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly empty: string;
}

// Title, column header, then the visible window of rows.
export const MapsTable = memo(function MapsTable(p: MapsTableProps) {
  const theme = useTheme();
  const bodyHeight = Math.max(0, p.height - 2);
  const win = visibleWindow(p.rows.length, bodyHeight, p.focusRow, p.delta);
  const more = p.rows.length > bodyHeight ? ` [${win.top + 1}-${win.end} of ${p.rows.length}]` : '';
  const lines: (Line | ReactElement)[] = [
    titleLine(`${p.title}${more}`, p.focused, p.width, theme),
    [{ text: fit(` ${'start'.padEnd(12)} ${'end'.padEnd(12)} ${'size'.padStart(8)} perm ${'offset'.padEnd(8)} name`, p.width), dimColor: true, whole: true }],
  ];
  if (win.end <= win.top) lines.push(<Text dimColor>{fit(` ${p.empty}`, p.width)}</Text>);
  for (let i = win.top; i < win.end; i++) lines.push(rowLine(p.rows[i] as MarkedRegion, p.width - 1, theme));
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Lines lines={lines} width={p.width} height={p.height} />
    </Box>
  );
});
