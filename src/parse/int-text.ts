// Integers as JSON (and String()) print them, faster for the 10+-digit ones that fill a trace
// (addresses, -ttt times): V8 formats a number past 2^31 as a double (~0.35 µs with the
// concatenation); as three small-integer parts it takes ~0.18 (microbenchmark, min of 8).
// Used by the event JSON (parse/event-json.ts) and the touched ranges of each row (store/touched-text.ts);
// writeInt writes the same text as ASCII bytes (the import's texts that never become strings).

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

/** "00" … "99" as byte pairs. */
const PAIRS = Uint8Array.from(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''), (c) => c.charCodeAt(0));

// 0 ≤ w < 1e8 as its `n` last digits ending just before `end`, two at a time; zeros fill the rest of the n.
function digitsTo(out: Uint8Array, w: number, end: number, n: number): void {
  let at = end;
  let x = w | 0;
  while (x >= 100) {
    const q = (x / 100) | 0;
    const pair = (x - q * 100) * 2;
    out[--at] = PAIRS[pair + 1] as number;
    out[--at] = PAIRS[pair] as number;
    x = q;
  }
  if (x >= 10) {
    out[--at] = PAIRS[x * 2 + 1] as number;
    out[--at] = PAIRS[x * 2] as number;
  } else out[--at] = 0x30 + x;
  while (at > end - n) out[--at] = 0x30;
}

const digitCount = (w: number): number => (w < 10 ? 1 : w < 100 ? 2 : w < 1e3 ? 3 : w < 1e4 ? 4 : w < 1e5 ? 5 : w < 1e6 ? 6 : w < 1e7 ? 7 : 8);

/** Writes String(v) as ASCII into `out` from `at` (room for 25 bytes needed); returns where it ends. */
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
  if (v < 1e8) {
    const n = digitCount(v);
    digitsTo(out, v, at + n, n);
    return at + n;
  }
  // A safe integer has at most 16 digits: the high part is below 1e8 too.
  const hi = Math.floor(v / 1e8);
  const n = digitCount(hi);
  digitsTo(out, hi, at + n, n);
  digitsTo(out, v - hi * 1e8, at + n + 8, 8);
  return at + n + 8;
}
