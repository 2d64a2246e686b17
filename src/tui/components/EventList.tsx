// The raw strace text around the current step: current line highlighted, other processes dimmed.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import type { TuiEvent } from '../source.js';
import { useTheme } from '../theme.js';
import { PanelTitle } from './PanelTitle.js';
import { Runs } from './Runs.js';

// `  1234 * [pid 1235] mmap(…) = 0x7f…` (`*` marks events that changed maps).
export function eventLine(e: TuiEvent): string {
  const raw = e.raw.split('\n').map(escapeLineForTerminal).join(' ⏎ ');
  return `${String(e.step).padStart(7)} ${e.changed ? '*' : ' '} ${raw}${e.anomalies.length > 0 ? `  ! ${escapeLineForTerminal(e.anomalies.join('; '))}` : ''}`;
}

// One line; memoized on primitive props.
const Row = memo(function Row({ text, current, other }: { readonly text: string; readonly current: boolean; readonly other: boolean }) {
  const theme = useTheme();
  return <Runs text={`${current ? '▶' : ' '}${text}`} inverse={current} bold={current} dimColor={other && !current} color={current ? theme.accent : undefined} />;
});

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

// Title then one line per event.
export const EventList = memo(function EventList(p: EventListProps) {
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <PanelTitle title="Events (raw trace; other processes dimmed; * changed maps)" focused={p.focused} width={p.width} />
      {p.events.map((e) => (
        <Row key={e.step} text={fit(eventLine(e), p.width - 1)} current={e.step === p.step} other={p.selected !== undefined && e.procId !== p.selected} />
      ))}
    </Box>
  );
});
