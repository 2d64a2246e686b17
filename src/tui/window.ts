// Which slice of a long list is on screen (only these rows are ever rendered).

/** Rows [top, end) of the list. */
export interface VisibleWindow {
  readonly top: number;
  readonly end: number;
}

// The window of `height` rows over `count` items, moved by `delta`, clamped: the top when `focus` fits there,
// else `focus` a third of the way down.
export function visibleWindow(count: number, height: number, focus: number | undefined, delta = 0): VisibleWindow {
  const h = Math.max(0, height);
  const maxTop = Math.max(0, count - h);
  const auto = focus === undefined || focus < h - 2 ? 0 : focus - Math.floor(h / 3);
  const top = Math.max(0, Math.min(maxTop, auto + delta));
  return { top, end: Math.min(count, top + h) };
}
