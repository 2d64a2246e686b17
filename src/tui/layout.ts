// Panel sizes for a terminal of width × height (height is already rows − 1).

/** Heights and widths of the panels. */
export interface Layout {
  /** Rows between the timeline and the status line. */
  readonly body: number;
  readonly mapsHeight: number;
  readonly eventsHeight: number;
  /** Tree column width beside the maps when wide, else 0 (then the tree replaces the events when focused). */
  readonly treeWidth: number;
  readonly mapsWidth: number;
}

const HEADER = 2;
const TIMELINE = 2;
const STATUS = 1;

// Splits the body: maps ~65%, events the rest; a tree column from 120 columns.
export function computeLayout(width: number, height: number): Layout {
  const body = Math.max(4, height - HEADER - TIMELINE - STATUS);
  const eventsHeight = Math.max(3, Math.floor(body * 0.35));
  const treeWidth = width >= 120 ? Math.min(60, Math.floor(width * 0.35)) : 0;
  return { body, mapsHeight: body - eventsHeight, eventsHeight, treeWidth, mapsWidth: width - treeWidth };
}
