// The address-space diagram as lines: blocks from high to low addresses, gaps with their size,
// the user/kernel split, and a log scale so a 4 KiB page and a 100 TiB gap both show.
import type { MarkedRegion } from './diff.js';
import { humanSize, padAddr } from './format.js';

/** x86-64 4-level paging: user space ends below 2^47, minus the guard page (TASK_SIZE_MAX). */
export const USER_TOP = 0x7ffffffff000;
const PAGE = 4096;
/** One more row per this factor of size (log scale): 4 KiB = 1 row, 1 MiB = 2, 256 MiB = 3, … */
const ROW_FACTOR = 256;
const MAX_ROWS = 5;
/** Width of the drawn block. */
export const BAR_WIDTH = 12;

/** One line of the diagram. */
export interface DiagramLine {
  readonly kind: 'region' | 'gap' | 'split';
  readonly addr: string;
  readonly bar: string;
  readonly label: string;
  readonly status: MarkedRegion['status'];
}

// Rows for a block of `size` bytes: 1 + log base 256 of the size in pages, capped.
export function blockRows(size: number): number {
  const pages = Math.max(1, size / PAGE);
  return Math.min(MAX_ROWS, 1 + Math.floor(Math.log(pages) / Math.log(ROW_FACTOR)));
}

// Fill character by permission: executable ▓, writable ▒, readable ░, none (guard) ·.
function fillFor(perms: string): string {
  if (perms[2] === 'x') return '▓';
  if (perms[1] === 'w') return '▒';
  if (perms[0] === 'r') return '░';
  return '·';
}

/** One block: a region (removed ones drawn empty where they were), a gap, or the user/kernel split. */
interface Block {
  readonly kind: DiagramLine['kind'];
  /** Its first line. */
  readonly line: number;
  readonly rows: number;
  readonly start: number;
  readonly end: number;
  readonly region?: MarkedRegion;
}

/** The diagram's blocks from the highest address down; lines are made only for the rows asked for. */
export interface DiagramLayout {
  readonly lineCount: number;
  /** The first line of the first touched block. */
  readonly focus: number | undefined;
  /** Lines [from, to). */
  lines(from: number, to: number): DiagramLine[];
}

// The blocks of `rows` (~2,800 regions on the churn trace: ~14,000 lines, of which a screen shows ~30).
export function diagramLayout(rows: readonly MarkedRegion[]): DiagramLayout {
  const blocks: Block[] = [];
  let lineCount = 0;
  let focus: number | undefined;
  const add = (kind: Block['kind'], start: number, end: number, region?: MarkedRegion): void => {
    const n = kind === 'split' ? 1 : blockRows(end - start);
    if (focus === undefined && region !== undefined && region.status !== 'same') focus = lineCount;
    blocks.push({ kind, line: lineCount, rows: n, start, end, region });
    lineCount += n;
  };
  const sorted = [...rows];
  sorted.sort((a, b) => b.region.start - a.region.start);
  for (const r of sorted) if (r.region.start >= USER_TOP) add('region', r.region.start, r.region.end, r);
  add('split', USER_TOP, USER_TOP);
  let above = USER_TOP;
  for (const r of sorted) {
    if (r.region.start >= USER_TOP) continue;
    if (r.region.end < above) add('gap', r.region.end, above);
    add('region', r.region.start, r.region.end, r);
    above = Math.min(above, r.region.start);
  }
  if (above > 0) add('gap', 0, above);
  const lines = (from: number, to: number): DiagramLine[] => {
    const out: DiagramLine[] = [];
    // The block holding line `from`: the last one starting at or before it.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((blocks[mid] as Block).line <= from) lo = mid;
      else hi = mid - 1;
    }
    for (let b = lo; b < blocks.length && out.length < to - from; b++) {
      const block = blocks[b] as Block;
      const first = blockLine(block);
      for (let i = Math.max(0, from - block.line); i < block.rows && out.length < to - from; i++) out.push(i === 0 ? first : { ...first, addr: '', label: '' });
    }
    return out;
  };
  return { lineCount, focus, lines };
}

// All the lines, and the first line of the first touched block.
export function layoutDiagram(rows: readonly MarkedRegion[]): { lines: DiagramLine[]; focus: number | undefined } {
  const layout = diagramLayout(rows);
  return { lines: layout.lines(0, layout.lineCount), focus: layout.focus };
}

// A block's first line (the others have no address and no label).
function blockLine(b: Block): DiagramLine {
  if (b.kind === 'split') return { kind: 'split', addr: padAddr(USER_TOP), bar: '═'.repeat(BAR_WIDTH), label: 'user/kernel split (kernel above)', status: 'same' };
  if (b.kind === 'gap') return { kind: 'gap', addr: padAddr(b.start), bar: `┆${' '.repeat(BAR_WIDTH - 2)}┆`, label: `gap ${humanSize(b.end - b.start)}`, status: 'same' };
  const r = b.region as MarkedRegion;
  const { start, end, perms, name } = r.region;
  const fill = r.status === 'removed' ? ' ' : fillFor(perms);
  const mark = r.status === 'same' ? '' : ` (${r.status})`;
  return { kind: 'region', addr: padAddr(start), bar: `┃${fill.repeat(BAR_WIDTH - 2)}┃`, label: `${humanSize(end - start)} ${perms} ${name}${mark}`, status: r.status };
}
