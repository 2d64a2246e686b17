// A panel's title line; the focused panel's title is inverse.
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';
import { Runs } from './Runs.js';

// The title, cut to `width`. Titles name trace paths (the process image): escaped like every trace text.
export const PanelTitle = memo(function PanelTitle({ title, focused, width }: { readonly title: string; readonly focused: boolean; readonly width: number }) {
  const theme = useTheme();
  const text = fit(` ${escapeLineForTerminal(title)} `, width);
  return <Runs text={focused ? text.padEnd(width) : text} bold inverse={focused} color={focused ? theme.accent : undefined} />;
});
