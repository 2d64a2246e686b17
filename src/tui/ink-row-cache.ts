// Ink 6 redraws every cell of every frame: it splits each written line into graphemes, builds a grid of styled
// cells and serialises every row again (~15 ms of CPU per 120×40 frame on this machine, most of a keypress). This
// wraps its Output.get with a cache of finished rows keyed by what was written on each row, so a frame pays only
// for the rows that changed. Those are drawn by `drawRow`, ink's own algorithm with ink's own tokenizer and style
// diff, except that a line of SGR sequences and one-column characters (printable ASCII and the panels' symbols)
// fills its cells run by run from one style list per run instead of a grapheme split and a style copy per cell
// (a jump redraws ~50 rows: ~0.25 ms each through ink's get).

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

/** An ANSI style code as @alcalzone/ansi-tokenize reduces it. */
interface AnsiCode {
  readonly code: string;
  readonly endCode: string;
}

/** The functions ink's Output.get draws with (the same module instances): ansi-tokenize's and string-width. */
export interface CellKit {
  tokenize(text: string): unknown[];
  styledCharsFromTokens(tokens: unknown[]): { value: string; styles: AnsiCode[] }[];
  diffAnsiCodes(from: readonly AnsiCode[], to: readonly AnsiCode[]): AnsiCode[];
  ansiCodesToString(codes: readonly AnsiCode[]): string;
  stringWidth(text: string): number;
}

/**
 * Printable ASCII and symbols that are one grapheme and one column each for string-width (pinned by a test): a line
 * of these and SGR sequences (`ESC [ digits/semicolons m`) is filled by `drawRow` directly, one cell per character.
 */
export const NARROW = '·…│▶▸▲░▒▓█┃┆═⏎←↑→↓↔µ×−–';
const DIRECT = new RegExp(`^(?:\u001B\[[0-9;]*m|[\u0020-\u007E${NARROW}])*$`);
const NO_STYLES: readonly AnsiCode[] = [];
const MAX_PREFIXES = 1024;

// One row exactly as ink 6.8's Output.get draws it from `segments` ([x, styled line], in write order): cells start
// as unstyled spaces; each line's characters overwrite cells from x (wide ones clear the cells they cover); the
// defined cells are serialised with the style diff between neighbours, then trailing whitespace is cut.
// `prefixStyles` caches the styles a run of SGR sequences leaves (those of every character up to the next ESC).
export function drawRow(width: number, segments: readonly (readonly [number, string])[], kit: CellKit, prefixStyles: Map<string, readonly AnsiCode[]>): string {
  const values: string[] = new Array<string>(width).fill(' ');
  const styles: (readonly AnsiCode[])[] = new Array<readonly AnsiCode[]>(width).fill(NO_STYLES);
  for (const [x, line] of segments) {
    if (DIRECT.test(line)) {
      // Each character takes the styles of all the SGR sequences before it in the line; codes at the end style nothing.
      let at = x;
      let sgr = '';
      let i = 0;
      while (i < line.length) {
        if (line.charCodeAt(i) === 0x1b) {
          const m = line.indexOf('m', i) + 1;
          sgr += line.slice(i, m);
          i = m;
          continue;
        }
        let st = prefixStyles.get(sgr);
        if (st === undefined) {
          st = sgr === '' ? NO_STYLES : (kit.styledCharsFromTokens(kit.tokenize(`${sgr} `))[0]?.styles ?? NO_STYLES);
          if (prefixStyles.size >= MAX_PREFIXES) prefixStyles.clear();
          prefixStyles.set(sgr, st);
        }
        for (; i < line.length && line.charCodeAt(i) !== 0x1b; i++) {
          values[at] = line[i] as string;
          styles[at] = st;
          at++;
        }
      }
      continue;
    }
    let at = x;
    for (const ch of kit.styledCharsFromTokens(kit.tokenize(line))) {
      values[at] = ch.value;
      styles[at] = ch.styles;
      const w = Math.max(1, kit.stringWidth(ch.value));
      for (let k = 1; k < w; k++) {
        values[at + k] = '';
        styles[at + k] = ch.styles;
      }
      at += w;
    }
  }
  let out = '';
  let prev: readonly AnsiCode[] | undefined;
  for (let i = 0; i < values.length; i++) {
    if (!(i in values)) continue; // a hole left by a write past the end (ink filters these out)
    const st = styles[i] as readonly AnsiCode[];
    // The same list object as the previous cell's: ink's diff of equal lists is empty.
    if (prev === undefined) out += kit.ansiCodesToString(st);
    else if (st !== prev) out += kit.ansiCodesToString(kit.diffAnsiCodes(prev, st));
    out += values[i] as string;
    prev = st;
  }
  if (prev !== undefined) out += kit.ansiCodesToString(kit.diffAnsiCodes(prev, []));
  return out.trimEnd();
}

/** Rows kept; a 120×40 screen shows 40, stepping back and forth revisits a few hundred. */
const MAX_ROWS = 4096;
const SEP = '\u0000';
const prefixStyles = new Map<string, readonly AnsiCode[]>();

// The frame, from cached rows where possible; `undefined` when an operation is one this does not model (clips,
// negative or fractional positions): then the caller uses ink's own get for the whole frame.
// With `kit`, changed rows are drawn by drawRow; without, by ink's own get on a small Output holding just them.
export function cachedFrame(out: InkOutput, original: InkOutput['get'], Output: InkOutputClass, cache: Map<string, string>, kit?: CellKit): { output: string; height: number } | undefined {
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
  if (missing.length > 0 && kit !== undefined) {
    if (cache.size + missing.length > MAX_ROWS) cache.clear();
    for (const y of missing) {
      const segs = (segments[y] ?? []).map((s): [number, string] => {
        const cut = s.indexOf(SEP);
        return [Number(s.slice(0, cut)), s.slice(cut + 1)];
      });
      const row = drawRow(width, segs, kit, prefixStyles);
      rows[y] = row;
      cache.set(keys[y] ?? '', row);
    }
  } else if (missing.length > 0) {
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
export function patchOutput(Output: InkOutputClass, kit?: CellKit): () => void {
  const proto = Output.prototype;
  const original = proto.get;
  if (typeof original !== 'function' || (original as { rowCached?: boolean }).rowCached === true) return () => undefined;
  const cache = new Map<string, string>();
  const get = function (this: InkOutput): { output: string; height: number } {
    return cachedFrame(this, original, Output, cache, kit) ?? original.call(this);
  };
  Object.assign(get, { rowCached: true });
  proto.get = get;
  return () => {
    proto.get = original;
  };
}

// The tokenizer and width function ink's output.js imports, found where Node resolves them from ink's folder
// (its own node_modules, then the one holding ink); undefined when they are not there as expected.
export async function loadCellKit(inkOutput: URL): Promise<CellKit | undefined> {
  const find = (entry: string): URL | undefined =>
    [new URL(`../node_modules/${entry}`, inkOutput), new URL(`../../${entry}`, inkOutput)].find((u) => existsSync(fileURLToPath(u)));
  const tokenizeUrl = find('@alcalzone/ansi-tokenize/build/index.js');
  const widthUrl = find('string-width/index.js');
  if (tokenizeUrl === undefined || widthUrl === undefined) return undefined;
  const t = (await import(tokenizeUrl.href)) as Partial<CellKit>;
  const w = (await import(widthUrl.href)) as { default?: unknown };
  if (typeof t.tokenize !== 'function' || typeof t.styledCharsFromTokens !== 'function' || typeof t.diffAnsiCodes !== 'function' || typeof t.ansiCodesToString !== 'function' || typeof w.default !== 'function') return undefined;
  return { tokenize: t.tokenize, styledCharsFromTokens: t.styledCharsFromTokens, diffAnsiCodes: t.diffAnsiCodes, ansiCodesToString: t.ansiCodesToString, stringWidth: w.default as CellKit['stringWidth'] };
}

// Loads ink's Output (the same module instance ink's renderer uses) and patches it; false when ink's layout is
// not the one this was written for (then ink draws as it always does). Without the cell kit, changed rows go
// through ink's own get.
export async function installRowCache(): Promise<boolean> {
  const url = new URL('output.js', import.meta.resolve('ink'));
  if (!existsSync(fileURLToPath(url))) return false;
  const Output = ((await import(url.href)) as { default?: unknown }).default;
  if (typeof Output !== 'function') return false;
  const probe = new (Output as InkOutputClass)({ width: 1, height: 1 });
  if (!Array.isArray(probe.operations) || typeof probe.get !== 'function' || typeof probe.write !== 'function') return false;
  patchOutput(Output as InkOutputClass, await loadCellKit(url));
  return true;
}
