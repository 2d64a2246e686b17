// Many strings sent between threads as one: posting and receiving thousands of separate strings per
// batch cost the parse worker and the main thread ~2 µs per event; one joined string and the end of
// each piece (an Int32Array, transferred) cost a copy and a slice per piece.

/** The pieces joined, and where each ends. */
export interface JoinedTexts {
  readonly text: string;
  readonly ends: Int32Array;
}

/** Joins `texts`; cutTexts gives them back. */
export function joinTexts(texts: readonly string[]): JoinedTexts {
  const ends = new Int32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) ends[i] = at += (texts[i] as string).length;
  return { text: texts.join(''), ends };
}

/** The pieces of a joined text (slices of it: no copy). */
export function cutTexts(text: string, ends: Int32Array): string[] {
  const out = new Array<string>(ends.length);
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const to = ends[i] as number;
    out[i] = text.slice(from, to);
    from = to;
  }
  return out;
}
