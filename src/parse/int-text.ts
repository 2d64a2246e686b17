// Integers as JSON (and String()) print them, faster for the 10+-digit ones that fill a trace
// (addresses, -ttt times): V8 formats a number past 2^31 as a double (~0.35 µs with the
// concatenation); as three small-integer parts it takes ~0.18 (microbenchmark, min of 8).
// Used by the event JSON (parse/event-json.ts) and the touched ranges of each row (store/touched-text.ts);
// writeInt writes the same text as ASCII bytes (the import's texts that never become strings).

// The digit tables below are built by plain loops: built with Array.from / Uint8Array.from and a callback per element
// they took ~3 and 11–19 ms at every start of every command (and of each worker), before any of our code could run.

// Four-digit groups: "0000" … "9999".
const GROUPS: readonly string[] = ((): string[] => {
  const groups = new Array<string>(10_000);
  for (let i = 0; i < 10_000; i++) groups[i] = i < 10 ? `000${i}` : i < 100 ? `00${i}` : i < 1000 ? `0${i}` : `${i}`;
  return groups;
})();

/** String(v) for any number. */
export function intText(v: number): string {
  if (!(v >= 1e9 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) return `${v}`;
  const hi = Math.floor(v / 1e8);
  const lo = v - hi * 1e8;
  const mid = Math.floor(lo / 1e4);
  return `${hi}${GROUPS[mid] as string}${GROUPS[lo - mid * 1e4] as string}`;
}

/** "0000" … "9999" as the bytes of their four ASCII digits: those of w at [4w, 4w + 4). Shared with the store's writers. */
export const DIGIT_QUADS: Uint8Array = ((): Uint8Array => {
  const quads = new Uint8Array(40_000);
  for (let w = 0, at = 0; w < 10_000; w++, at += 4) {
    quads[at] = 0x30 + Math.floor(w / 1000);
    quads[at + 1] = 0x30 + (Math.floor(w / 100) % 10);
    quads[at + 2] = 0x30 + (Math.floor(w / 10) % 10);
    quads[at + 3] = 0x30 + (w % 10);
  }
  return quads;
})();
const QUADS = DIGIT_QUADS;

// 0 ≤ w < 1e4 without leading zeros at `at`; returns where it ends.
function lead(out: Uint8Array, at: number, w: number): number {
  const q = w << 2;
  if (w >= 1000) out[at++] = QUADS[q] as number;
  if (w >= 100) out[at++] = QUADS[q + 1] as number;
  if (w >= 10) out[at++] = QUADS[q + 2] as number;
  out[at] = QUADS[q + 3] as number;
  return at + 1;
}

// 0 ≤ w < 1e4 as four digits at `at`.
function quad(out: Uint8Array, at: number, w: number): void {
  const q = w << 2;
  out[at] = QUADS[q] as number;
  out[at + 1] = QUADS[q + 1] as number;
  out[at + 2] = QUADS[q + 2] as number;
  out[at + 3] = QUADS[q + 3] as number;
}

/**
 * Writes String(v) as ASCII into `out` from `at` (room for 25 bytes needed); returns where it ends. Safe integers
 * four digits per table lookup: one integer division per four digits (two per pair cost ~35 % more on the touched
 * ranges' 15-digit addresses).
 */
export function writeInt(out: Uint8Array, at: number, v: number): number {
  if (!Number.isSafeInteger(v)) {
    const s = String(v);
    for (let k = 0; k < s.length; k++) out[at++] = s.charCodeAt(k);
    return at;
  }
  if (v < 0) {
    out[at++] = 0x2d;
    v = -v;
  }
  if (v < 1e4) return lead(out, at, v + 0); // (+ 0: -0 is 0)
  if (v < 1e8) {
    const hi = (v / 1e4) | 0;
    at = lead(out, at, hi);
    quad(out, at, v - hi * 1e4);
    return at + 4;
  }
  // A safe integer has at most 16 digits: the part past the last eight is below 1e8 too.
  const hi = Math.floor(v / 1e8);
  return writeHighLow(out, at, hi, v - hi * 1e8);
}

/**
 * writeInt(hi * 1e8 + lo) for 1 ≤ hi < 1e8 and 0 ≤ lo < 1e8: a caller holding a large number as a double splits it
 * and passes two small integers (a double passed to a function that is not inlined is boxed: a HeapNumber per
 * number; the touched ranges' addresses made ~30 MB of the writer thread's garbage on the 1M churn load so).
 */
export function writeHighLow(out: Uint8Array, at: number, hi: number, lo: number): number {
  if (hi < 1e4) at = lead(out, at, hi);
  else {
    const h = (hi / 1e4) | 0;
    at = lead(out, at, h);
    quad(out, at, hi - h * 1e4);
    at += 4;
  }
  const m = (lo / 1e4) | 0;
  quad(out, at, m);
  quad(out, at + 4, lo - m * 1e4);
  return at + 8;
}
