// `--at SPEC`: a step N, `last`, a range `A..B` or `all`.
import { UsageError } from '../errors.js';

/** A parsed --at. */
export type AtSpec =
  | { readonly kind: 'step'; readonly step: number }
  | { readonly kind: 'last' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'all' };

const STEP = /^\d+$/;

// Parses SPEC; a malformed one is a UsageError naming it.
export function parseAtSpec(spec: string): AtSpec {
  const s = spec.trim();
  if (s === 'last') return { kind: 'last' };
  if (s === 'all') return { kind: 'all' };
  if (STEP.test(s)) return { kind: 'step', step: Number(s) };
  const m = /^(\d+)\.\.(\d+)$/.exec(s);
  if (m !== null) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from > to) throw new UsageError(`--at ${spec}: range start is after its end`);
    return { kind: 'range', from, to };
  }
  throw new UsageError(`--at ${spec}: expected a step number, last, A..B or all`);
}
