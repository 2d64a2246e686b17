// Text of `vmtrace verify`: one score line per process, then each exception and mismatch.
import type { MapsVerdict } from './compare.js';

/** One process's verdict, with what names it. */
export interface ProcessVerdict {
  readonly pid: number;
  readonly name: string;
  /** Step whose reconstruction was compared (the one before exit_group). */
  readonly step: number;
  /**
   * Set when other tasks' calls ended while the exiting thread was held: the read may show any step of this range
   * (its end is the one before exit_group), and `step` is the one it matches best.
   */
  readonly held?: { readonly from: number; readonly to: number };
  readonly verdict: MapsVerdict;
}

// `pid 1234 cat (step 57): 36/36 regions match[, 1 exception][, 2 mismatches]`
export function formatScore(p: ProcessVerdict): string {
  const v = p.verdict;
  const extra = [
    v.exceptions.length > 0 ? `${v.exceptions.length} exception${v.exceptions.length === 1 ? '' : 's'} (${v.exceptions.map((e) => e.name).join(', ')})` : '',
    v.mismatches.length > 0 ? `${v.mismatches.length} mismatch${v.mismatches.length === 1 ? '' : 'es'}` : '',
  ].filter((s) => s !== '');
  const step = p.held === undefined ? `step ${p.step}` : `step ${p.step} of ${p.held.from}–${p.held.to}: other threads' calls ended while the exit was held`;
  return `pid ${p.pid} ${p.name} (${step}): ${v.matched}/${v.total} regions match${extra.map((s) => `, ${s}`).join('')}`;
}

// The full report: scores, then details indented under each.
export function formatVerifyReport(all: readonly ProcessVerdict[]): string {
  const out: string[] = [];
  for (const p of all) {
    out.push(formatScore(p));
    for (const e of p.verdict.exceptions) {
      out.push(`  exception ${e.name}: ${e.reason}`);
      if (e.kernel !== undefined) for (const l of e.kernel.split('\n')) out.push(`    kernel: ${l}`);
      if (e.model !== undefined) out.push(`    model:  ${e.model}`);
    }
    for (const m of p.verdict.mismatches) {
      const what = m.kind === 'differs' ? `differs (${(m.fields ?? []).join(', ')})` : m.kind === 'missing' ? 'missing from the model' : 'not in the kernel';
      out.push(`  mismatch: ${what}`);
      if (m.kernel !== undefined) out.push(`    kernel: ${m.kernel}`);
      if (m.model !== undefined) out.push(`    model:  ${m.model}`);
    }
  }
  return out.map((l) => `${l}\n`).join('');
}

// `verify: 2 processes, 71/72 regions match, 1 exception ([stack]), 0 mismatches`
export function formatVerifyLine(all: readonly ProcessVerdict[]): string {
  if (all.length === 0) return 'verify: no exit captures to compare with';
  const total = all.reduce((n, p) => n + p.verdict.total, 0);
  const matched = all.reduce((n, p) => n + p.verdict.matched, 0);
  const exceptions = all.flatMap((p) => p.verdict.exceptions.map((e) => e.name));
  const mismatches = all.reduce((n, p) => n + p.verdict.mismatches.length, 0);
  const names = exceptions.length > 0 ? ` (${[...new Set(exceptions)].join(', ')})` : '';
  return `verify: ${all.length} process${all.length === 1 ? '' : 'es'}, ${matched}/${total} regions match, ${exceptions.length} exception${exceptions.length === 1 ? '' : 's'}${names}, ${mismatches} mismatch${mismatches === 1 ? '' : 'es'}`;
}
