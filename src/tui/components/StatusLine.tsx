// The bottom line: the goto/search prompt, a message, or the key hints.
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import type { Mode } from '../reducer.js';
import { useTheme } from '../theme.js';
import { Lines, type Span } from './Lines.js';

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
  let span: Span;
  if (p.mode === 'goto' || p.mode === 'search') {
    const prompt = p.mode === 'goto' ? 'go to step: ' : 'search (syscall, 0xaddr, path): /';
    span = { text: fit(`${prompt}${escapeLineForTerminal(p.input)}█`, p.width), color: theme.accent };
  } else if (p.message !== undefined) span = { text: fit(escapeLineForTerminal(p.message), p.width), bold: true };
  else span = { text: fit(p.hints, p.width), dimColor: true };
  return <Lines lines={[[span]]} width={p.width} height={1} />;
});
