// The address space right after execve, from a captured or inferred layout
// (linux-address-space.md §3): maps lines back into VMAs with the hidden state
// the kernel gives them (exec-time file mappings share one struct file per
// image; private writable mappings are accounted; vdso & co never merge).

import type { ExecLayout, LayoutRegion } from './events.js';
import { PAGE_SIZE, PROT } from './linux.js';
import type { AddressSpace } from './space.js';
import { VM, shapedVma, type Vma } from './vma.js';

const SPECIAL_NAMES = new Set(['[vdso]', '[vvar]', '[vvar_vclock]', '[vsyscall]', '[uprobes]', '[sigpage]', '[vectors]']);

function protOf(perms: string): number {
  return (perms[0] === 'r' ? PROT.READ : 0) | (perms[1] === 'w' ? PROT.WRITE : 0) | (perms[2] === 'x' ? PROT.EXEC : 0);
}

// One layout line as a VMA.
function regionVma(r: LayoutRegion, spaceId: number, uncertain: string | undefined, nextAnon: () => number): Vma {
  const prot = protOf(r.perms);
  const shared = r.perms[3] === 's';
  const writable = (prot & PROT.WRITE) !== 0;
  const base: Vma = {
    start: r.start,
    end: r.end,
    prot,
    shared,
    pgoff: r.start / PAGE_SIZE,
    flags: 0,
    pkey: 0,
    ...(uncertain === undefined ? {} : { uncertain }),
  };
  if (SPECIAL_NAMES.has(r.name)) return { ...base, flags: VM.SPECIAL, special: r.name };
  if (r.name.startsWith('/')) {
    const deleted = r.name.endsWith(' (deleted)');
    const path = deleted ? r.name.slice(0, -' (deleted)'.length) : r.name;
    return {
      ...base,
      pgoff: r.offset / PAGE_SIZE,
      flags: writable && !shared ? VM.ACCOUNT : 0,
      file: { id: `exec${spaceId}:${path}`, path, dev: r.dev, inode: r.inode, deleted },
      ...(writable && !shared ? { anonVma: nextAnon() } : {}),
    };
  }
  // Anonymous: [stack], [heap], .bss — all accounted, written by the loader.
  const flags = (r.name === '[stack]' ? VM.GROWSDOWN : 0) | (writable && !shared ? VM.ACCOUNT : 0);
  return { ...base, flags, ...(writable ? { anonVma: nextAnon() } : {}) };
}

// Fill an empty space from an exec layout.
export function loadLayout(space: AddressSpace, layout: ExecLayout, nextAnon: () => number): void {
  const uncertain = layout.source === 'inferred' ? 'exec-time layout inferred from ELF headers, not captured' : undefined;
  for (const r of layout.regions) {
    if (r.end <= r.start) continue;
    space.unmap(r.start, r.end);
    space.tree.insert(shapedVma(regionVma(r, space.id, uncertain, nextAnon)));
    if (r.name === '[stack]') space.startStack = r.end - PAGE_SIZE;
    if (r.name === '[heap]') {
      space.startBrk ??= r.start;
      space.brk = r.end;
    }
  }
  if (layout.brk !== undefined) {
    space.startBrk = layout.brk;
    space.brk ??= layout.brk;
    if (space.brk < layout.brk) space.brk = layout.brk;
  }
}
