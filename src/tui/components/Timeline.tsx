// The timeline strip: density of map changes across the trace, markers, and where we are.
import { Box } from 'ink';
import { memo } from 'react';
import { useTheme } from '../theme.js';
import { Lines } from './Lines.js';

/** Props of Timeline. */
export interface TimelineProps {
  readonly density: string;
  readonly marks: string;
  readonly cursor: number;
}

// Two rows: density with the cursor in inverse, then E(xec)/F(ork)/X(exit) markers with ▲ under the cursor.
export const Timeline = memo(function Timeline({ density, marks, cursor }: TimelineProps) {
  const theme = useTheme();
  const at = density[cursor] ?? ' ';
  const markAt = marks[cursor] ?? ' ';
  const lines = [
    [
      { text: density.slice(0, cursor), color: theme.dim },
      { text: at === ' ' ? '│' : at, inverse: true, color: theme.accent },
      { text: density.slice(cursor + 1), color: theme.dim },
    ],
    [{ text: marks.slice(0, cursor) }, { text: markAt === ' ' ? '▲' : markAt, bold: true, color: theme.accent }, { text: marks.slice(cursor + 1) }],
  ];
  return (
    <Box flexDirection="column" height={2}>
      <Lines lines={lines} width={Math.max(density.length, marks.length, cursor + 1)} height={2} />
    </Box>
  );
});
