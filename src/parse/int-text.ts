// Integers as JSON (and String()) print them, faster for the 10+-digit ones that fill a trace
// (addresses, -ttt times): V8 formats a number past 2^31 as a double (~0.35 µs with the
// concatenation); as three small-integer parts it takes ~0.18 (microbenchmark, min of 8).
// Used by the event JSON (parse/event-json.ts) and the touched ranges of each row (ingest/rows.ts).

// Four-digit groups.
const GROUPS: readonly string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

/** String(v) for any number. */
export function intText(v: number): string {
  if (!(v >= 1e9 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) return `${v}`;
  const hi = Math.floor(v / 1e8);
  const lo = v - hi * 1e8;
  const mid = Math.floor(lo / 1e4);
  return `${hi}${GROUPS[mid] as string}${GROUPS[lo - mid * 1e4] as string}`;
}
