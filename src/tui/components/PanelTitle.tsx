// A panel's title line; the focused panel's title is inverse.
import { Text } from 'ink';
import { memo } from 'react';
import { fit } from '../format.js';
import { useTheme } from '../theme.js';

// The title, cut to `width`.
export const PanelTitle = memo(function PanelTitle({ title, focused, width }: { readonly title: string; readonly focused: boolean; readonly width: number }) {
  const theme = useTheme();
  const text = fit(` ${title} `, width);
  return (
    <Text bold inverse={focused} color={focused ? theme.accent : undefined} wrap="truncate">
      {focused ? text.padEnd(width) : text}
    </Text>
  );
});
