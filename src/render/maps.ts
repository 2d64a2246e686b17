// /proc/PID/maps text, byte for byte (fs/proc/task_mmu.c show_map_vma).
import type { RegionView } from '../model/types.js';

/** Options shared by the text formatters. */
export interface FormatOptions {
  /** Kernel pointer width; decides the 0-based name column (73 for 64-bit kernels, 49 for 32-bit). */
  readonly bits?: 64 | 32;
}

// Lowercase hex, zero-padded to at least `width` digits.
export function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

// seq_path(…, "\n") escapes only the newline, as octal.
export function escapeMapsName(name: string): string {
  return name.replace(/\n/g, '\\012');
}

// One maps line without its newline.
export function formatMapsLine(r: RegionView, opts: FormatOptions = {}): string {
  // seq_setwidth(25 + 6 * sizeof(void *) - 1) then seq_pad(' '): pad to 72 (48), plus one space.
  const width = 24 + 6 * ((opts.bits ?? 64) / 8);
  const head = `${hex(r.start, 8)}-${hex(r.end, 8)} ${r.perms} ${hex(r.offset, 8)} ${r.dev} ${r.inode} `;
  if (r.name === '') return head;
  return `${head.padEnd(width, ' ')} ${escapeMapsName(r.name)}`;
}

// The whole file, one `\n`-terminated line per region.
export function formatMaps(regions: readonly RegionView[], opts: FormatOptions = {}): string {
  return regions.map((r) => `${formatMapsLine(r, opts)}\n`).join('');
}
