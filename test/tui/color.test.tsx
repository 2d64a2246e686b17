// NO_COLOR: no colour codes at all (bold/inverse stay: they are not colour); with colour, the touched row is coloured.
import { vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/tui/App.js';
import { colorEnabled, makeTheme, ThemeContext } from '../../src/tui/theme.js';
import { catSource } from './memory-source.js';

const COLOR_SGR = /\u001B\[(3[0-79]|9[0-7]|38;)/;

const screen = (color: boolean): string =>
  renderToString(
    <ThemeContext.Provider value={makeTheme(color)}>
      <App source={catSource()} width={80} height={23} initial={{ step: 3 }} />
    </ThemeContext.Provider>,
    { columns: 80 },
  );

describe('NO_COLOR', () => {
  it('is read as the no-color.org convention says (set and non-empty)', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({})).toBe(true);
  });

  it('emits colour codes only when colour is on', () => {
    const colored = screen(true);
    expect(colored).toMatch(COLOR_SGR);
    const plain = screen(false);
    expect(plain).not.toMatch(COLOR_SGR);
    expect(plain).toContain('\u001B[7m'); // the touched row is still inverse
  });
});
