// A late exec capture: /proc/PID/maps read after strace's delay ran out, when the new image had
// already started (the dynamic loader maps libraries and protects its RELRO within a millisecond).
// Its file mappings are no longer the exec-time ones, but what execve itself made — the stack and
// the kernel's special mappings, which no trace line shows — is still where execve put it. So the
// layout stays inferred from the ELF files, and only those regions come from the late read, once
// the read is shown to be of the same image (linux-address-space.md §3).
import type { ExecLayout, LayoutRegion } from '../model/events.js';
import { LEFT_OUT_NOTE } from './exec-layout.js';

/** Regions execve maps by itself on x86 (no traced call makes them). */
const EXEC_MADE = new Set(['[stack]', '[vvar]', '[vvar_vclock]', '[vdso]', '[vsyscall]']);

// The lowest region of each mapped file, by path.
function firstOfEachFile(regions: readonly LayoutRegion[]): Map<string, LayoutRegion> {
  const out = new Map<string, LayoutRegion>();
  for (const r of [...regions].sort((a, b) => a.start - b.start)) if (r.name.startsWith('/') && !out.has(r.name)) out.set(r.name, r);
  return out;
}

/**
 * `layout` (inferred from the ELF files) with the regions execve made itself taken from `late`, the maps read
 * `lateMs` after the execve line came; undefined when `late` cannot be shown to be of the same image: every file the inference
 * placed must start at the same address and offset in it (the loader never moves or unmaps an image's first
 * segment), and the inference must have placed at least one. A read taken after a later exec of the same pid maps
 * other files, or the same ones elsewhere (ASLR): it is refused, not used.
 */
export function withLateCapture(layout: ExecLayout, late: readonly LayoutRegion[], lateMs?: number): ExecLayout | undefined {
  const placed = firstOfEachFile(layout.regions);
  if (placed.size === 0) return undefined;
  const read = firstOfEachFile(late);
  for (const [path, r] of placed) {
    const k = read.get(path);
    if (k === undefined || k.start !== r.start || k.offset !== r.offset) return undefined;
  }
  const made = late.filter((r) => EXEC_MADE.has(r.name));
  if (made.length === 0) return undefined;
  const overlaps = (a: LayoutRegion): boolean => made.some((m) => a.start < m.end && m.start < a.end);
  const regions = [...layout.regions.filter((r) => !overlaps(r)), ...made].sort((a, b) => a.start - b.start);
  const when = lateMs === undefined ? '' : ` ${lateMs.toFixed(1)} ms after its execve line came`;
  const names = made.map((r) => r.name).join(', ');
  return {
    ...layout,
    regions,
    notes: [...(layout.notes ?? []).filter((n) => n !== LEFT_OUT_NOTE), `${names} from /proc/PID/maps read${when}, after the new image had started (strace's delay ran out first); the rest inferred`],
  };
}
