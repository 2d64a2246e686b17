// Colours on or off (NO_COLOR): one small context instead of threading a flag through every panel.
import { createContext, useContext } from 'react';

/** Text colours the panels use; `undefined` everywhere when colour is off. */
export interface Theme {
  readonly color: boolean;
  readonly accent?: string;
  readonly added?: string;
  readonly removed?: string;
  readonly changed?: string;
  readonly dim?: string;
}

// The theme for colour on or off.
export function makeTheme(color: boolean): Theme {
  return color ? { color, accent: 'cyan', added: 'green', removed: 'red', changed: 'yellow', dim: 'gray' } : { color };
}

// True when colour is allowed: NO_COLOR set to anything non-empty turns it off (no-color.org).
export function colorEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

/** React context carrying the theme. */
export const ThemeContext = createContext<Theme>(makeTheme(false));

// The current theme.
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
