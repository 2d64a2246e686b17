// `pmap PID` text (procps-ng 4.0 pmap.c, default mode), from maps regions.
import type { RegionView } from '../model/types.js';
import { hex, type FormatOptions } from './maps.js';

/** What pmap prints on its first line: `PID:   command line`. */
export interface PmapHeader {
  readonly pid: number;
  readonly command: string;
}

// pmap's mapping_name: the text after the last '/', else `[ stack ]` or `[ anon ]`.
export function pmapName(r: RegionView): string {
  if (r.name.startsWith('/SYSV') && r.dev.startsWith('00:')) return `  [ shmid=0x${r.inode.toString(16)} ]`;
  const slash = r.name.lastIndexOf('/');
  if (slash >= 0) return slash + 1 < r.name.length ? r.name.slice(slash + 1) : r.name.slice(slash);
  return r.name === '[stack]' ? '  [ stack ]' : '  [ anon ]';
}

// pmap's 5-column mode: r w x, `s` for shared, and `-` (the R bit needs smaps).
export function pmapPerms(perms: string): string {
  return `${perms.slice(0, 3)}${perms[3] === 's' ? 's' : '-'}-`;
}

// Lines `ADDR SIZEK PERMS NAME` and the closing ` total NK`.
export function formatPmap(regions: readonly RegionView[], opts: FormatOptions & { header?: PmapHeader } = {}): string {
  const wide = (opts.bits ?? 64) === 64;
  const out: string[] = [];
  if (opts.header !== undefined) out.push(`${opts.header.pid}:   ${opts.header.command}\n`);
  let totalK = 0;
  for (const r of regions) {
    const k = Math.floor((r.end - r.start) / 1024);
    totalK += k;
    out.push(`${hex(r.start, wide ? 16 : 8)} ${String(k).padStart(6)}K ${pmapPerms(r.perms)} ${pmapName(r)}\n`);
  }
  out.push(` total ${String(totalK).padStart(wide ? 16 : 8)}K\n`);
  return out.join('');
}
