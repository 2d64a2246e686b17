// Frames are compared with colours on (chalk reads FORCE_COLOR when ink loads).
import { vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { cachedFrame, installRowCache, patchOutput, type InkOutputClass } from '../../src/tui/ink-row-cache.js';
import { makeTheme, ThemeContext } from '../../src/tui/theme.js';
import { KEYS, press } from './helpers.js';
import { catSource } from './memory-source.js';

afterEach(cleanup);

// ink's own Output (the module its renderer imports).
const Output = (await import(new URL('output.js', import.meta.resolve('ink')).href)).default as InkOutputClass;
const original = Output.prototype.get;
const bold = (line: string): string => `\u001B[1m${line}\u001B[22m`;
const numbered = (line: string, index: number): string => `${index}:${line}`;

type Write = [x: number, y: number, text: string, transformers?: ((line: string, index: number) => string)[]];

// The same writes drawn by ink's get and through the row cache.
function both(width: number, height: number, writes: readonly Write[], cache: Map<string, string>) {
  const make = () => {
    const o = new Output({ width, height });
    for (const [x, y, text, transformers] of writes) o.write(x, y, text, { transformers: transformers ?? [] });
    return o;
  };
  return { ink: original.call(make()), cached: cachedFrame(make(), original, Output, cache) };
}

describe('ink row cache', () => {
  const frames: Write[][] = [
    [
      [0, 0, 'plain ascii line'],
      [0, 1, 'two\nlines', [bold]],
      [4, 1, 'over'],
      [0, 3, '宽字符 and 🙂 emoji'],
      [10, 4, 'runs past the right edge of the grid'],
      [0, 5, 'a\n\nb', [numbered, bold]],
      [2, 9, 'below the grid\nis dropped'],
    ],
    [
      [0, 0, 'plain ascii line'],
      [0, 1, 'two\nlines', [bold]],
      [4, 1, 'OVER'],
      [0, 3, '宽字符 and 🙂 emoji'],
      [0, 6, `\u001B[7minverse\u001B[27m then plain`],
    ],
  ];

  it('draws every frame exactly as ink does, reusing unchanged rows across frames', () => {
    const cache = new Map<string, string>();
    for (const writes of [...frames, ...frames]) {
      const { ink, cached } = both(30, 8, writes, cache);
      expect(cached).toEqual(ink);
    }
    // Rows are keyed by content: the second pass drew nothing new.
    const size = cache.size;
    both(30, 8, frames[0] ?? [], cache);
    expect(cache.size).toBe(size);
  });

  it('leaves clipped output to ink', () => {
    const o = new Output({ width: 10, height: 2 });
    (o as unknown as { clip(c: object): void }).clip({ x1: 0, x2: 5, y1: 0, y2: 2 });
    o.write(0, 0, 'clipped text', { transformers: [] });
    expect(cachedFrame(o, original, Output, new Map())).toBeUndefined();
  });

  it('patches once and can be undone', () => {
    const undo = patchOutput(Output);
    expect(Output.prototype.get).not.toBe(original);
    const again = patchOutput(Output);
    again();
    expect(Output.prototype.get).not.toBe(original);
    undo();
    expect(Output.prototype.get).toBe(original);
  });

  it('gives the App the same frames as plain ink (colours on)', async () => {
    const walk = async () => {
      const app = render(
        <ThemeContext.Provider value={makeTheme(true)}>
          <App source={catSource()} width={100} height={30} />
        </ThemeContext.Provider>,
      );
      const shots = [app.lastFrame() ?? ''];
      for (const k of [KEYS.right, KEYS.right, 'd', KEYS.right, KEYS.left, KEYS.tab, KEYS.down, 'd', KEYS.end]) {
        await press(app.stdin, k);
        shots.push(app.lastFrame() ?? '');
      }
      app.unmount();
      return shots;
    };
    const plain = await walk();
    expect(plain.join('')).toContain('\u001B[');
    expect(await installRowCache()).toBe(true);
    try {
      expect(Output.prototype.get).not.toBe(original);
      expect(await walk()).toEqual(plain);
    } finally {
      Output.prototype.get = original;
    }
  });
});
