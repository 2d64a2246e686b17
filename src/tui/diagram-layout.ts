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

// Lines for one block (region or gap) of `rows` rows, label on the first.
function block(kind: 'region' | 'gap', rows: number, addr: string, bar: string, label: string, status: MarkedRegion['status']): DiagramLine[] {
  return Array.from({ length: rows }, (_, i) => ({ kind, addr: i === 0 ? addr : '', bar, label: i === 0 ? label : '', status }));
}

// Lines from the highest address down; `focus` is the first line of the first touched block.
export function layoutDiagram(rows: readonly MarkedRegion[]): { lines: DiagramLine[]; focus: number | undefined } {
  const lines: DiagramLine[] = [];
  let focus: number | undefined;
  // Removed regions (nothing overlaps them now) are drawn as empty blocks where they were.
  const sorted = [...rows];
  sorted.sort((a, b) => b.region.start - a.region.start);
  const kernel = sorted.filter((r) => r.region.start >= USER_TOP);
  const user = sorted.filter((r) => r.region.start < USER_TOP);
  const push = (items: DiagramLine[]): void => {
    if (focus === undefined && items[0] !== undefined && items[0].status !== 'same') focus = lines.length;
    lines.push(...items);
  };
  for (const r of kernel) push(region(r));
  lines.push({ kind: 'split', addr: padAddr(USER_TOP), bar: '═'.repeat(BAR_WIDTH), label: 'user/kernel split (kernel above)', status: 'same' });
  let above = USER_TOP;
  for (const r of user) {
    if (r.region.end < above) push(gap(r.region.end, above));
    push(region(r));
    above = Math.min(above, r.region.start);
  }
  if (above > 0) push(gap(0, above));
  return { lines, focus };
}

// A region's block.
function region(r: MarkedRegion): DiagramLine[] {
  const { start, end, perms, name } = r.region;
  const fill = r.status === 'removed' ? ' ' : fillFor(perms);
  const mark = r.status === 'same' ? '' : ` (${r.status})`;
  return block('region', blockRows(end - start), padAddr(start), `┃${fill.repeat(BAR_WIDTH - 2)}┃`, `${humanSize(end - start)} ${perms} ${name}${mark}`, r.status);
}

// A gap's block.
function gap(start: number, end: number): DiagramLine[] {
  return block('gap', blockRows(end - start), padAddr(start), `┆${' '.repeat(BAR_WIDTH - 2)}┆`, `gap ${humanSize(end - start)}`, 'same');
}
