// The timeline strip: map-changing event density per column, the cursor, and exec/fork/exit markers.
import type { TimelineMarker } from './source.js';

const SHADES = [' ', '░', '▒', '▓', '█'] as const;
const MARK: Record<TimelineMarker['kind'], string> = { exec: 'E', fork: 'F', exit: 'X' };
const PRIORITY: Record<TimelineMarker['kind'], number> = { exec: 3, exit: 2, fork: 1 };

/** Two text rows and where the cursor is. */
export interface Strip {
  readonly density: string;
  readonly marks: string;
  readonly cursor: number;
}

/** The rows without the cursor (computed once per width; the cursor moves every step). */
export type StripRows = Omit<Strip, 'cursor'>;

// Column of `step` in a strip `width` wide over steps 1..total.
export function columnOf(step: number, total: number, width: number): number {
  if (total <= 1 || width <= 1) return 0;
  return Math.min(width - 1, Math.floor(((step - 1) / total) * width));
}

// Builds the density and marker rows (`changed` ascending).
export function buildStripRows(total: number, width: number, changed: readonly number[], markers: readonly TimelineMarker[]): StripRows {
  const w = Math.max(1, width);
  const counts = new Array<number>(w).fill(0);
  for (const s of changed) {
    const c = columnOf(s, total, w);
    counts[c] = (counts[c] ?? 0) + 1;
  }
  const max = counts.reduce((a, b) => Math.max(a, b), 1);
  const density = counts.map((n) => (n === 0 ? SHADES[0] : SHADES[Math.max(1, Math.ceil((n / max) * 4))])).join('');
  const marks = new Array<string>(w).fill(' ');
  const best = new Array<number>(w).fill(0);
  for (const m of markers) {
    const c = columnOf(m.step, total, w);
    if (PRIORITY[m.kind] > (best[c] ?? 0)) {
      best[c] = PRIORITY[m.kind];
      marks[c] = MARK[m.kind];
    }
  }
  return { density, marks: marks.join('') };
}
