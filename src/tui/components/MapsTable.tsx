// The address-space table: start–end, size, perms, offset, name; only the visible rows are rendered.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import type { MarkedRegion } from '../diff.js';
import { fit, humanSize, padAddr } from '../format.js';
import { useTheme, type Theme } from '../theme.js';
import { visibleWindow } from '../window.js';
import { PanelTitle } from './PanelTitle.js';
import { Runs } from './Runs.js';

const MARK: Record<MarkedRegion['status'], string> = { same: ' ', added: '+', changed: '~', removed: '-' };

// One region as a table line (without the mark column).
export function tableLine(r: MarkedRegion, width: number): string {
  const { start, end, perms, offset, name } = r.region;
  const head = `${padAddr(start)}-${padAddr(end)} ${humanSize(end - start).padStart(8)} ${perms} ${offset.toString(16).padStart(8, '0')} `;
  return fit(`${head}${escapeLineForTerminal(name)}`, width);
}

const colorOf = (status: MarkedRegion['status'], theme: Theme): string | undefined =>
  status === 'added' ? theme.added : status === 'removed' ? theme.removed : status === 'changed' ? theme.changed : undefined;

// One row; memoized on primitive props.
const Row = memo(function Row({ text, status }: { readonly text: string; readonly status: MarkedRegion['status'] }) {
  const theme = useTheme();
  const hot = status !== 'same';
  return <Runs text={`${MARK[status]}${text}`} bold={hot} inverse={hot} strikethrough={status === 'removed'} color={colorOf(status, theme)} />;
});

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
  const bodyHeight = Math.max(0, p.height - 2);
  const win = visibleWindow(p.rows.length, bodyHeight, p.focusRow, p.delta);
  const more = p.rows.length > bodyHeight ? ` [${win.top + 1}-${win.end} of ${p.rows.length}]` : '';
  const visible = p.rows.slice(win.top, win.end);
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <PanelTitle title={`${p.title}${more}`} focused={p.focused} width={p.width} />
      <Text dimColor wrap="truncate">
        {fit(` ${'start'.padEnd(12)} ${'end'.padEnd(12)} ${'size'.padStart(8)} perm ${'offset'.padEnd(8)} name`, p.width)}
      </Text>
      {visible.length === 0 ? <Text dimColor>{fit(` ${p.empty}`, p.width)}</Text> : null}
      {visible.map((r, i) => (
        <Row key={win.top + i} text={tableLine(r, p.width - 1)} status={r.status} />
      ))}
    </Box>
  );
});
