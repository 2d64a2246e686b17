// `?`: the key table, straight from keymap.ts.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { KEYMAP } from '../keymap.js';
import { fit } from '../format.js';
import { PanelTitle } from './PanelTitle.js';

// Two columns of `keys  what` lines.
export const Help = memo(function Help({ width, height }: { readonly width: number; readonly height: number }) {
  const rows = KEYMAP.filter((b) => b.label !== '').map((b) => `${b.label.padStart(7)}  ${b.help}`);
  const perColumn = Math.max(1, height - 2);
  const twoColumns = width >= 60 && rows.length > perColumn;
  const colWidth = twoColumns ? Math.floor(width / 2) : width;
  const left = twoColumns ? rows.slice(0, Math.ceil(rows.length / 2)) : rows.slice(0, perColumn);
  const right = twoColumns ? rows.slice(Math.ceil(rows.length / 2)) : [];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PanelTitle title="Keys (? or Esc closes)" focused width={width} />
      {left.map((l, i) => (
        <Text key={i} wrap="truncate">
          {fit(l, colWidth).padEnd(colWidth)}
          {fit(right[i] ?? '', colWidth)}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        {fit('  search: syscall name (mmap), address (0x7f…) or path (libc.so); timeline: E exec F fork X exit', width)}
      </Text>
    </Box>
  );
});
