// Region-by-region comparison of a reconstruction with the kernel's own /proc/PID/maps.
// Pure: regions in, verdict out. Known blind spots are reported as named exceptions, never dropped.
import type { LayoutRegion } from '../model/events.js';
import type { RegionView } from '../model/types.js';
import { formatMapsLine } from '../render/maps.js';

/** A region the reconstruction got wrong. */
export interface Mismatch {
  readonly kind: 'differs' | 'missing' | 'extra';
  /** The kernel's line (absent for `extra`). */
  readonly kernel?: string;
  /** The model's line (absent for `missing`). */
  readonly model?: string;
  /** Fields that differ, for `differs`. */
  readonly fields?: readonly string[];
}

/** A difference with a known cause the trace cannot show. */
export interface VerifyException {
  /** The region's name (`[stack]`, a path, or `(anonymous)`). */
  readonly name: string;
  readonly reason: string;
  readonly kernel?: string;
  readonly model?: string;
}

/** The comparison of one address space. */
export interface MapsVerdict {
  /** Kernel regions. */
  readonly total: number;
  /** Kernel regions the model reproduced exactly (every column). */
  readonly matched: number;
  readonly exceptions: readonly VerifyException[];
  readonly mismatches: readonly Mismatch[];
}

const FIELDS = ['start', 'end', 'perms', 'offset', 'dev', 'inode', 'name'] as const;
const line = (r: LayoutRegion | RegionView): string => formatMapsLine(r);
const label = (r: LayoutRegion | RegionView): string => (r.name === '' ? '(anonymous)' : r.name);
const overlaps = (a: LayoutRegion | RegionView, b: LayoutRegion | RegionView): boolean => a.start < b.end && b.start < a.end;

// Compares the kernel's regions with the model's, line by line.
export function compareMaps(kernel: readonly LayoutRegion[], model: readonly RegionView[]): MapsVerdict {
  const modelLines = new Map<string, number>();
  for (const r of model) modelLines.set(line(r), (modelLines.get(line(r)) ?? 0) + 1);
  let matched = 0;
  let restK: LayoutRegion[] = [];
  for (const k of kernel) {
    const n = modelLines.get(line(k)) ?? 0;
    if (n > 0) {
      matched++;
      modelLines.set(line(k), n - 1);
    } else restK.push(k);
  }
  let restM = model.filter((m) => {
    const n = modelLines.get(line(m)) ?? 0;
    if (n <= 0) return false;
    modelLines.set(line(m), n - 1);
    return true;
  });
  const exceptions: VerifyException[] = [];
  // [stack] grows down by page faults, which no trace shows: only its lower bound may differ.
  const ks = restK.find((k) => k.name === '[stack]');
  const ms = restM.find((m) => m.name === '[stack]');
  if (ks !== undefined && ms !== undefined && ks.end === ms.end && ks.perms === ms.perms && ks.start <= ms.start) {
    exceptions.push({ name: '[stack]', reason: `lower bound ${ks.start.toString(16)} in the kernel, ${ms.start.toString(16)} in the model (grown by page faults)`, kernel: line(ks), model: line(ms) });
    restK = restK.filter((k) => k !== ks);
    restM = restM.filter((m) => m !== ms);
  }
  // Regions the model itself flagged as uncertain, and the kernel regions they cover.
  for (const m of restM.filter((r) => r.uncertain !== undefined)) {
    const covered = restK.filter((k) => overlaps(k, m));
    // The neighbour an uncertain merge was (or was not) made with is part of the same question.
    const partners = restM.filter((r) => r !== m && r.uncertain === undefined && covered.some((k) => k.start <= r.start && r.end <= k.end));
    exceptions.push({ name: label(m), reason: `marked uncertain by the model: ${m.uncertain ?? ''}`, model: [m, ...partners].map(line).join('\n'), kernel: covered.map(line).join('\n') || undefined });
    restK = restK.filter((k) => !covered.includes(k));
    restM = restM.filter((r) => !partners.includes(r));
  }
  restM = restM.filter((r) => r.uncertain === undefined);
  const mismatches: Mismatch[] = [];
  for (const k of restK) {
    const m = restM.find((r) => r.start === k.start) ?? restM.find((r) => overlaps(r, k));
    if (m === undefined) {
      mismatches.push({ kind: 'missing', kernel: line(k) });
      continue;
    }
    restM = restM.filter((r) => r !== m);
    mismatches.push({ kind: 'differs', kernel: line(k), model: line(m), fields: FIELDS.filter((f) => k[f] !== m[f]) });
  }
  for (const m of restM) mismatches.push({ kind: 'extra', model: line(m) });
  return { total: kernel.length, matched, exceptions, mismatches };
}
