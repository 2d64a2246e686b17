// The bottom line: the goto/search prompt, a message, or the key hints.
import { Text } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import type { Mode } from '../reducer.js';
import { useTheme } from '../theme.js';

/** Props of StatusLine. */
export interface StatusLineProps {
  readonly mode: Mode;
  readonly input: string;
  readonly message: string | undefined;
  readonly hints: string;
  readonly width: number;
}

// One line.
export const StatusLine = memo(function StatusLine(p: StatusLineProps) {
  const theme = useTheme();
  if (p.mode === 'goto' || p.mode === 'search') {
    const prompt = p.mode === 'goto' ? 'go to step: ' : 'search (syscall, 0xaddr, path): /';
    return (
      <Text wrap="truncate" color={theme.accent}>
        {fit(`${prompt}${escapeLineForTerminal(p.input)}█`, p.width)}
      </Text>
    );
  }
  if (p.message !== undefined) {
    return (
      <Text wrap="truncate" bold>
        {fit(escapeLineForTerminal(p.message), p.width)}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" dimColor>
      {fit(p.hints, p.width)}
    </Text>
  );
});
