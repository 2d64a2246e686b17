// Ink 6 redraws every cell of every frame: it splits each written line into graphemes, builds a grid of styled
// cells and serialises every row again (~15 ms of CPU per 120×40 frame on this machine, most of a keypress). This
// wraps its Output.get with a cache of finished rows keyed by what was written on each row, so a frame pays only
// for the rows that changed; those still go through ink's own get (on a small Output holding just them).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What <Text> styles a line with (colour, bold…), applied per line before it is split into cells. */
type Transformer = (line: string, index: number) => string;

/** One operation ink's renderer records (output.js of ink 6.8). */
type Operation =
  | { readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[] }
  | { readonly type: 'clip' | 'unclip' };

/** The part of ink's Output this relies on. */
interface InkOutput {
  readonly width: number;
  readonly height: number;
  readonly operations: Operation[];
  write(x: number, y: number, text: string, options: { transformers: readonly Transformer[] }): void;
  get(): { output: string; height: number };
}

/** ink's Output class. */
export interface InkOutputClass {
  new (size: { width: number; height: number }): InkOutput;
  readonly prototype: InkOutput;
}

/** Rows kept; a 120×40 screen shows 40, stepping back and forth revisits a few hundred. */
const MAX_ROWS = 4096;
const SEP = '\u0000';

// The frame, from cached rows where possible; `undefined` when an operation is one this does not model (clips,
// negative or fractional positions): then the caller uses ink's own get for the whole frame.
export function cachedFrame(out: InkOutput, original: InkOutput['get'], Output: InkOutputClass, cache: Map<string, string>): { output: string; height: number } | undefined {
  const { width, height } = out;
  const segments: string[][] = Array.from({ length: height }, () => []);
  for (const op of out.operations) {
    if (op.type !== 'write' || !Number.isInteger(op.x) || !Number.isInteger(op.y) || op.y < 0) return undefined;
    const lines = op.text.split('\n');
    for (let i = 0; i < lines.length && op.y + i < height; i++) {
      // The styles first, as ink applies them (line by line, innermost <Text> first): the key is the styled line.
      let line = lines[i] ?? '';
      for (const transform of op.transformers) line = transform(line, i);
      segments[op.y + i]?.push(`${op.x}${SEP}${line}`);
    }
  }
  const keys = segments.map((s) => `${width}${SEP}${s.join(SEP)}`);
  const rows = keys.map((k) => cache.get(k));
  const missing = rows.flatMap((r, y) => (r === undefined ? [y] : []));
  if (missing.length > 0) {
    // Ink's own get over just the changed rows (rows are independent: each is its own cells).
    const sub = new Output({ width, height: missing.length });
    missing.forEach((y, j) => {
      for (const s of segments[y] ?? []) {
        const cut = s.indexOf(SEP);
        sub.write(Number(s.slice(0, cut)), j, s.slice(cut + 1), { transformers: [] });
      }
    });
    const drawn = original.call(sub).output.split('\n');
    if (cache.size + missing.length > MAX_ROWS) cache.clear();
    missing.forEach((y, j) => {
      const row = drawn[j] ?? '';
      rows[y] = row;
      cache.set(keys[y] ?? '', row);
    });
  }
  return { output: rows.join('\n'), height };
}

// Wraps `Output.prototype.get` once; returns the function that puts the original back.
export function patchOutput(Output: InkOutputClass): () => void {
  const proto = Output.prototype;
  const original = proto.get;
  if (typeof original !== 'function' || (original as { rowCached?: boolean }).rowCached === true) return () => undefined;
  const cache = new Map<string, string>();
  const get = function (this: InkOutput): { output: string; height: number } {
    return cachedFrame(this, original, Output, cache) ?? original.call(this);
  };
  Object.assign(get, { rowCached: true });
  proto.get = get;
  return () => {
    proto.get = original;
  };
}

// Loads ink's Output (the same module instance ink's renderer uses) and patches it; false when ink's layout is
// not the one this was written for (then ink draws as it always does).
export async function installRowCache(): Promise<boolean> {
  const url = new URL('output.js', import.meta.resolve('ink'));
  if (!existsSync(fileURLToPath(url))) return false;
  const Output = ((await import(url.href)) as { default?: unknown }).default;
  if (typeof Output !== 'function') return false;
  const probe = new (Output as InkOutputClass)({ width: 1, height: 1 });
  if (!Array.isArray(probe.operations) || typeof probe.get !== 'function' || typeof probe.write !== 'function') return false;
  patchOutput(Output as InkOutputClass);
  return true;
}
