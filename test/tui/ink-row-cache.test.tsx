// Frames are compared with colours on (chalk reads FORCE_COLOR when ink loads).
import { vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { cachedFrame, installRowCache, loadCellKit, patchOutput, type InkOutputClass } from '../../src/tui/ink-row-cache.js';
import { makeTheme, ThemeContext } from '../../src/tui/theme.js';
import { KEYS, press } from './helpers.js';
import { catSource } from './memory-source.js';

afterEach(cleanup);

// ink's own Output (the module its renderer imports).
const outputUrl = new URL('output.js', import.meta.resolve('ink'));
const Output = (await import(outputUrl.href)).default as InkOutputClass;
const original = Output.prototype.get;
const kit = await loadCellKit(outputUrl);
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
  return { ink: original.call(make()), cached: cachedFrame(make(), original, Output, cache), drawn: cachedFrame(make(), original, Output, new Map(), kit) };
}

// A small deterministic generator (the same writes every run).
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
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
      const { ink, cached, drawn } = both(30, 8, writes, cache);
      expect(cached).toEqual(ink);
      expect(drawn).toEqual(ink);
    }
    // Rows are keyed by content: the second pass drew nothing new.
    const size = cache.size;
    both(30, 8, frames[0] ?? [], cache);
    expect(cache.size).toBe(size);
  });

  it('draws changed rows as ink does: random styled writes, wide characters, escapes, overlaps, past the edge', () => {
    expect(kit).toBeDefined();
    const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
    const opens = ['', '\u001B[1m', '\u001B[2m', '\u001B[7m', '\u001B[9m', '\u001B[31m', '\u001B[38;5;208m', '\u001B[38;2;10;20;30m', '\u001B[44m', '\u001B[1m\u001B[7m', '\u001B[2m\u001B[36m'];
    const closes = ['', '\u001B[22m', '\u001B[27m', '\u001B[39m', '\u001B[49m', '\u001B[29m', '\u001B[0m', '\u001B[27m\u001B[22m'];
    const bodies = ['plain text', '  padded  ', '', 'x', '0x7f12-0x7f34 rw-p', '…', '宽字符', '🙂 emoji', 'tab\there', 'mixed … run', '\u001B[2Kerase', 'a\u001B[1mb\u001B[22mc', ' '.repeat(12), '\u007F', 'é', '│▶·░▒▓█ ▲', '═┃┆⏎←↑→↓↔µ×−–▸', '▶\uFE0F', 'E\u001B[1m▲\u001B[22mX'];
    const r = rng(20261130);
    for (let frame = 0; frame < 500; frame++) {
      const width = 5 + Math.floor(r() * 40);
      const height = 1 + Math.floor(r() * 4);
      const writes: Write[] = [];
      for (let n = Math.floor(r() * 6); n > 0; n--) {
        const text = `${pick(r, opens)}${pick(r, opens)}${pick(r, bodies)}${pick(r, closes)}${r() < 0.3 ? pick(r, bodies) : ''}${pick(r, closes)}`;
        writes.push([Math.floor(r() * (width + 8)) - (r() < 0.05 ? 2 : 0), Math.floor(r() * height), r() < 0.2 ? `${text}\n${pick(r, bodies)}` : text, r() < 0.3 ? [bold] : []]);
      }
      const { ink, drawn } = both(width, height, writes, new Map());
      expect(drawn, JSON.stringify(writes)).toEqual(ink);
    }
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
