// Positional argument readers for decoders; a failure throws DecodeError,
// which decodeCall turns into a diagnostic (never out of the parser).

import { parseFd, parseFlags, parseInt32, parseNumber, parseString, quickNumber, toInt32, type Decoded, type FdValue } from './values.js';

/** A decoding failure inside one call (caught by decodeCall). */
export class DecodeError extends Error {}

// The value of the `i`th argument (0-based); the message is built only on failure (these run
// several times per event).
function need<T>(d: Decoded<T>, i: number): T {
  if (!d.ok) throw new DecodeError(`argument ${i + 1}: ${d.reason}`);
  return d.value;
}

/** The argument texts of one call, with typed readers. */
export class Args {
  constructor(readonly items: readonly string[]) {}

  get length(): number {
    return this.items.length;
  }

  text(i: number): string {
    const t = this.items[i];
    if (t === undefined) throw new DecodeError(`missing argument ${i + 1}`);
    return t;
  }

  has(i: number): boolean {
    return this.items[i] !== undefined;
  }

  // Address or length: NULL, decimal, hex; safe integer.
  num(i: number): number {
    const t = this.text(i);
    // Most arguments are bare numbers: read without parseNumber's Decoded object.
    const quick = quickNumber(t);
    return Number.isNaN(quick) ? need(parseNumber(t), i) : quick;
  }

  // Non-negative address/length (negative decimal is a bug in the trace).
  addr(i: number): number {
    const v = this.num(i);
    if (v < 0) throw new DecodeError(`argument ${i + 1}: negative address or length ${v}`);
    return v;
  }

  int32(i: number): number {
    const t = this.text(i);
    const quick = quickNumber(t);
    return Number.isNaN(quick) ? need(parseInt32(t), i) : toInt32(quick);
  }

  flags(i: number, table: ReadonlyMap<string, number>): number {
    return need(parseFlags(this.text(i), table), i);
  }

  fd(i: number): FdValue {
    const t = this.text(i);
    const quick = quickNumber(t);
    return Number.isNaN(quick) ? need(parseFd(t), i) : { fd: toInt32(quick) };
  }

  // A string argument; undefined for NULL.
  str(i: number): { readonly text: string; readonly truncated: boolean } | undefined {
    return need(parseString(this.text(i)), i);
  }

  // A string argument, or undefined when NULL, absent or not a string (raw mode prints an address).
  maybeStr(i: number): string | undefined {
    const t = this.items[i];
    if (t === undefined) return undefined;
    const d = parseString(t);
    return d.ok ? d.value?.text : undefined;
  }

  // True when every argument is a bare hex/zero number (`-e raw=NAME`).
  allRawHex(): boolean {
    return this.items.every((a) => a === '0' || /^0x[0-9a-f]+$/.test(a));
  }
}
