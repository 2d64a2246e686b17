// The raw strace text around the current step: current line highlighted, other processes dimmed.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import type { TuiEvent } from '../source.js';
import { useTheme } from '../theme.js';
import { Lines, type Line } from './Lines.js';
import { titleLine } from './PanelTitle.js';

// `  1234 * [pid 1235] mmap(…) = 0x7f…` (`*` marks events that changed maps).
export function eventLine(e: TuiEvent): string {
  const raw = e.raw.split('\n').map(escapeLineForTerminal).join(' ⏎ ');
  return `${String(e.step).padStart(7)} ${e.changed ? '*' : ' '} ${raw}${e.anomalies.length > 0 ? `  ! ${escapeLineForTerminal(e.anomalies.join('; '))}` : ''}`;
}

/** Props of EventList. */
export interface EventListProps {
  /** The events to show (already the visible window). */
  readonly events: readonly TuiEvent[];
  readonly step: number;
  readonly selected: number | undefined;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

// Title then one line per event: the current one marked and highlighted, other processes' dimmed.
export const EventList = memo(function EventList(p: EventListProps) {
  const theme = useTheme();
  const lines: Line[] = [titleLine('Events (raw trace; other processes dimmed; * changed maps)', p.focused, p.width, theme)];
  for (const e of p.events) {
    const current = e.step === p.step;
    const other = p.selected !== undefined && e.procId !== p.selected;
    lines.push([{ text: `${current ? '▶' : ' '}${fit(eventLine(e), p.width - 1)}`, inverse: current, bold: current, dimColor: other && !current, color: current ? theme.accent : undefined }]);
  }
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Lines lines={lines} width={p.width} height={p.height} />
    </Box>
  );
});
