// A panel's title line; the focused panel's title is inverse.
import { memo } from 'react';
import { escapeLineForTerminal } from '../../render/terminal.js';
import { fit } from '../format.js';
import { useTheme, type Theme } from '../theme.js';
import type { Line } from './Lines.js';
import { Runs } from './Runs.js';

// The title as a line, cut to `width`. Titles name trace paths (the process image): escaped like every trace text.
export function titleLine(title: string, focused: boolean, width: number, theme: Theme): Line {
  const text = fit(` ${escapeLineForTerminal(title)} `, width);
  return [{ text: focused ? text.padEnd(width) : text, bold: true, inverse: focused, color: focused ? theme.accent : undefined }];
}

// The title on its own.
export const PanelTitle = memo(function PanelTitle({ title, focused, width }: { readonly title: string; readonly focused: boolean; readonly width: number }) {
  const { text, ...style } = titleLine(title, focused, width, useTheme())[0] ?? { text: '' };
  return <Runs text={text} {...style} />;
});
