// The leader of a line: pid prefix, timestamp, `[nr]` (-n) and `[ip]` (-i),
// in strace's order (strace.c printleader, 6.1). Hand-written scanning: no
// regex backtracking on long lines.

/** How the pid was shown: none, `[pid N] ` (stderr -f), `N ` (-o -f). */
export type PrefixStyle = 'none' | 'bracket' | 'plain';

/** -t (`02:55:02`), -tt (`.707857`), -ttt (epoch), -r (relative), -t -r (`(+ …)`). */
export type TimeStyle = 'none' | 't' | 'tt' | 'ttt' | 'r' | 't-r';

/** What precedes the body of a line. */
export interface Leader {
  readonly prefix: PrefixStyle;
  readonly pid?: number;
  /** `-Y` process name (`[pid 1234<cat>]`). */
  readonly comm?: string;
  readonly timeStyle: TimeStyle;
  /** Microseconds: since midnight (-t/-tt), since the epoch (-ttt), delta to the previous line (-r). */
  readonly time?: number;
  /** More than 6 fraction digits (`--timestamps=…,ns`). */
  readonly timeNs: boolean;
  /** -n syscall number. */
  readonly nr?: number;
  /** -i instruction pointer text (hex or `?…`). */
  readonly ip?: string;
  /** Index where the body starts. */
  readonly body: number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function readDigits(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

const skipSpaces = (s: string, i: number): number => {
  while (s.charCodeAt(i) === 32) i++;
  return i;
};

// The decimal number in s[from, to) (digits only): exact below 16 digits, else as Number() reads it.
function digitsValue(s: string, from: number, to: number): number {
  if (to - from > 15) return Number(s.slice(from, to));
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + (s.charCodeAt(k) - 48);
  return v;
}

// Fraction digits → microseconds (truncating nanoseconds).
function fractionMicros(s: string, from: number, to: number): number {
  let v = 0;
  for (let k = 0; k < 6; k++) v = v * 10 + (from + k < to ? s.charCodeAt(from + k) - 48 : 0);
  return v;
}

interface TimeRead { readonly style: TimeStyle; readonly time: number; readonly ns: boolean; readonly end: number }

// `HH:MM:SS[.frac] ` or `SECONDS.frac ` (with optional leading pad for -r) at `i`.
function readTime(s: string, i: number): TimeRead | undefined {
  const start = skipSpaces(s, i);
  const padded = start > i;
  const d1 = readDigits(s, start);
  if (d1 === start) return undefined;
  if (!padded && s.charCodeAt(d1) === 58 && d1 - start === 2) {
    // HH:MM:SS
    const h = digitsValue(s, start, d1);
    const m2 = readDigits(s, d1 + 1);
    const sEnd = readDigits(s, m2 + 1);
    if (m2 - d1 !== 3 || s.charCodeAt(m2) !== 58 || sEnd - m2 !== 3) return undefined;
    const secs = h * 3600 + digitsValue(s, d1 + 1, m2) * 60 + digitsValue(s, m2 + 1, sEnd);
    let end = sEnd;
    let micros = 0;
    let style: TimeStyle = 't';
    let ns = false;
    if (s.charCodeAt(end) === 46) {
      const f = readDigits(s, end + 1);
      micros = fractionMicros(s, end + 1, f);
      ns = f - end - 1 > 6;
      end = f;
      style = 'tt';
    }
    if (s.charCodeAt(end) !== 32) return undefined;
    return { style, time: secs * 1_000_000 + micros, ns, end: end + 1 };
  }
  if (s.charCodeAt(d1) !== 46) return undefined;
  const f = readDigits(s, d1 + 1);
  if (f === d1 + 1 || s.charCodeAt(f) !== 32) return undefined;
  const secs = digitsValue(s, start, d1);
  // -r pads seconds to 6 (%6ld); -ttt prints epoch seconds (10 digits today).
  const style: TimeStyle = padded || d1 - start < 9 ? 'r' : 'ttt';
  return { style, time: secs * 1_000_000 + fractionMicros(s, d1 + 1, f), ns: f - d1 - 1 > 6, end: f + 1 };
}

// The leader of nearly every line of a big `-f -o -ttt` trace, `27074 1796052031.299536 `, read in
// one pass with no intermediate object; undefined for anything else (parseLeader's general path then
// reads it, with the same result for these lines: plain prefix, up to 15-digit pid and seconds, six
// fraction digits, no -n/-i field).
export function readPidEpoch(s: string): Leader | undefined {
  let i = 0;
  let pid = 0;
  for (let c = s.charCodeAt(0); c >= 48 && c <= 57; c = s.charCodeAt(++i)) pid = pid * 10 + (c - 48);
  if (i === 0 || i > 15 || s.charCodeAt(i) !== 32) return undefined;
  // strace pads the pid to five columns (`%-5d `).
  while (s.charCodeAt(++i) === 32);
  const start = i;
  let secs = 0;
  for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) secs = secs * 10 + (c - 48);
  // Fewer than 9 digits is -r (or padding); more than 15 would lose precision here.
  if (i - start < 9 || i - start > 15 || s.charCodeAt(i) !== 46) return undefined;
  let micros = 0;
  for (let k = i + 1; k <= i + 6; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
    micros = micros * 10 + (c - 48);
  }
  const body = i + 8;
  if (s.charCodeAt(i + 7) !== 32 || s.charCodeAt(body) === 91) return undefined;
  return { prefix: 'plain', pid, comm: undefined, timeStyle: 'ttt', time: secs * 1_000_000 + micros, timeNs: false, nr: undefined, ip: undefined, body };
}

/** Pid and time of the leader scanPidEpoch read last. */
export const pidEpoch = { pid: 0, time: 0 };

/**
 * readPidEpoch of the ASCII line held as bytes[start, end) (its text exactly), without the Leader:
 * the body's index (from `start`), its pid and time left in pidEpoch; -1 where readPidEpoch gives
 * undefined. For a reader that has the bytes: typed-array loads instead of charCodeAt on strings
 * that are V8 slices of a longer one (about half the time, measured).
 */
export function scanPidEpoch(b: Uint8Array, start: number, end: number): number {
  // -1 past the end where charCodeAt gives NaN: every test below comes out the same for both. (Written
  // out at each read: a helper closure over b and end cost twice as much.)
  let i = start;
  let pid = 0;
  let c = i < end ? (b[i] as number) : -1;
  for (; c >= 48 && c <= 57; c = ++i < end ? (b[i] as number) : -1) pid = pid * 10 + (c - 48);
  if (i === start || i - start > 15 || c !== 32) return -1;
  do c = ++i < end ? (b[i] as number) : -1;
  while (c === 32);
  const from = i;
  let secs = 0;
  for (; c >= 48 && c <= 57; c = ++i < end ? (b[i] as number) : -1) secs = secs * 10 + (c - 48);
  if (i - from < 9 || i - from > 15 || c !== 46) return -1;
  if (i + 7 >= end) return -1; // no room for six digits and a space (both required below)
  let micros = 0;
  for (let k = i + 1; k <= i + 6; k++) {
    const d = b[k] as number;
    if (d < 48 || d > 57) return -1;
    micros = micros * 10 + (d - 48);
  }
  if (b[i + 7] !== 32 || (i + 8 < end && b[i + 8] === 91)) return -1;
  pidEpoch.pid = pid;
  pidEpoch.time = secs * 1_000_000 + micros;
  return i + 8 - start;
}

/** The Leader readPidEpoch gives for a line whose leader scanPidEpoch read (body at `body`). */
export function pidEpochLeader(body: number): Leader {
  return { prefix: 'plain', pid: pidEpoch.pid, comm: undefined, timeStyle: 'ttt', time: pidEpoch.time, timeNs: false, nr: undefined, ip: undefined, body };
}

// Parses the leader of `s` (no `\r`, no newline).
export function parseLeader(s: string): Leader {
  const quick = readPidEpoch(s);
  if (quick !== undefined) return quick;
  let i = 0;
  let prefix: PrefixStyle = 'none';
  let pid: number | undefined;
  let comm: string | undefined;
  if (s.startsWith('[pid ')) {
    const d0 = skipSpaces(s, 5);
    const d1 = readDigits(s, d0);
    let j = d1;
    if (d1 > d0 && s.charCodeAt(j) === 60) {
      const close = s.indexOf('>] ', j);
      if (close > 0) {
        comm = s.slice(j + 1, close);
        j = close + 1;
      }
    }
    if (d1 > d0 && s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 32) {
      prefix = 'bracket';
      pid = digitsValue(s, d0, d1);
      i = j + 2;
    }
  } else if (isDigit(s.charCodeAt(0))) {
    const d1 = readDigits(s, 0);
    const c = s.charCodeAt(d1);
    if (c === 32) {
      prefix = 'plain';
      pid = digitsValue(s, 0, d1);
      i = skipSpaces(s, d1);
    } else if (c === 60) {
      const close = s.indexOf('> ', d1);
      if (close > 0) {
        prefix = 'plain';
        pid = Number(s.slice(0, d1));
        comm = s.slice(d1 + 1, close);
        i = close + 2;
      }
    }
  }
  let timeStyle: TimeStyle = 'none';
  let time: number | undefined;
  let timeNs = false;
  const c0 = s.charCodeAt(i);
  if (isDigit(c0) || c0 === 32) {
    const t = readTime(s, i);
    if (t !== undefined) {
      timeStyle = t.style;
      time = t.time;
      timeNs = t.ns;
      i = t.end;
      if ((t.style === 't' || t.style === 'tt') && s.startsWith('(+', i)) {
        // -t -r (4.22+): `02:55:02 (+     0.000247) `; the delta is not kept.
        const close = s.indexOf(') ', i);
        if (close > 0) {
          i = close + 2;
          timeStyle = 't-r';
        }
      }
    }
  }
  let nr: number | undefined;
  let ip: string | undefined;
  if (s.charCodeAt(i) === 91) {
    // -n: `[ 123] `
    const d0 = skipSpaces(s, i + 1);
    const d1 = readDigits(s, d0);
    if (d1 > d0 && s.charCodeAt(d1) === 93 && s.charCodeAt(d1 + 1) === 32) {
      nr = Number(s.slice(d0, d1));
      i = d1 + 2;
    }
  }
  if (s.charCodeAt(i) === 91) {
    // -i: `[00007fb7bc7b1ca3] ` or `[????????????????] `
    let j = i + 1;
    for (;;) {
      const c = s.charCodeAt(j);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 63) j++;
      else break;
    }
    if (j - i - 1 >= 8 && s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 32) {
      ip = s.slice(i + 1, j);
      i = j + 2;
    }
  }
  return { prefix, pid, comm, timeStyle, time, timeNs, nr, ip, body: i };
}
