// The timeline strip: density of map changes across the trace, markers, and where we are.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useTheme } from '../theme.js';
import { Runs } from './Runs.js';

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
  return (
    <Box flexDirection="column" height={2}>
      <Text wrap="truncate">
        <Text color={theme.dim}>{density.slice(0, cursor)}</Text>
        <Text inverse color={theme.accent}>
          {at === ' ' ? '│' : at}
        </Text>
        <Text color={theme.dim}>{density.slice(cursor + 1)}</Text>
      </Text>
      <Box>
        <Runs text={marks.slice(0, cursor)} />
        <Text bold color={theme.accent}>
          {markAt === ' ' ? '▲' : markAt}
        </Text>
        <Runs text={marks.slice(cursor + 1)} />
      </Box>
    </Box>
  );
});
