// gdb's `info proc mappings` table (gdb 13 linux-tdep.c, 64-bit layout).
import type { RegionView } from '../model/types.js';
import { escapeMapsName, type FormatOptions } from './maps.js';

const hx = (n: number): string => `0x${n.toString(16)}`;

// One row: Start Addr, End Addr, Size, Offset, Perms, objfile.
function row(cols: readonly [string, string, string, string, string, string], wide: boolean): string {
  const [start, end, size, offset, perms, objfile] = cols;
  const a = wide ? 18 : 10;
  return `  ${start.padStart(a)} ${end.padStart(a)} ${size.padStart(10)} ${offset.padStart(10)}  ${perms.padEnd(5)}  ${objfile}\n`;
}

// The table gdb prints for `info proc mappings` (header lines included when `pid` is given).
export function formatGdb(regions: readonly RegionView[], opts: FormatOptions & { pid?: number } = {}): string {
  const wide = (opts.bits ?? 64) === 64;
  const out: string[] = [];
  if (opts.pid !== undefined) out.push(`process ${opts.pid}\n`);
  out.push('Mapped address spaces:\n\n');
  out.push(row(['Start Addr', 'End Addr', 'Size', 'Offset', 'Perms', 'objfile'], wide));
  for (const r of regions) {
    out.push(row([hx(r.start), hx(r.end), hx(r.end - r.start), hx(r.offset), r.perms, escapeMapsName(r.name)], wide));
  }
  return out.join('');
}
