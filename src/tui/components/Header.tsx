// Two header lines: command, selected process, step N/M, time since start, play state; the current event in words.
import { Box } from 'ink';
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';
import { Lines } from './Lines.js';

/** Props of Header (all primitives, so it re-renders only when one changes). */
export interface HeaderProps {
  readonly width: number;
  readonly command: string;
  readonly process: string;
  readonly step: number;
  readonly total: number;
  readonly time: string;
  readonly play: string;
  readonly description: string;
}

// The header.
export const Header = memo(function Header(p: HeaderProps) {
  const theme = useTheme();
  const right = ` step ${p.step}/${p.total}  ${p.time}${p.play === '' ? '' : `  ${p.play}`}`;
  const left = fit(`vmtrace · ${escapeLineForTerminal(p.command)}`, Math.max(0, p.width - right.length));
  const second = fit(`${escapeLineForTerminal(p.process)} │ ${escapeLineForTerminal(p.description)}`, p.width);
  const lines = [[{ text: left.padEnd(Math.max(0, p.width - right.length)), bold: true, color: theme.accent }, { text: right, bold: true }], [{ text: second }]];
  return (
    <Box flexDirection="column" width={p.width} height={2}>
      <Lines lines={lines} width={p.width} height={2} />
    </Box>
  );
});
