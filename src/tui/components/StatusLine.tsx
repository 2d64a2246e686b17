// The bottom line: the goto/search prompt, a message, or the key hints.
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import type { Mode } from '../reducer.js';
import { useTheme } from '../theme.js';
import { Runs } from './Runs.js';

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
    return <Runs text={fit(`${prompt}${escapeLineForTerminal(p.input)}█`, p.width)} color={theme.accent} />;
  }
  if (p.message !== undefined) {
    return <Runs text={fit(escapeLineForTerminal(p.message), p.width)} bold />;
  }
  return <Runs text={fit(p.hints, p.width)} dimColor />;
});
