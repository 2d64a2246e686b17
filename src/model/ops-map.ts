// mmap, munmap, mremap, remap_file_pages, shmat/shmdt, io_setup/io_destroy:
// the calls that create or remove VMAs (mm/mmap.c, mm/mremap.c, ipc/shm.c, fs/aio.c).

import type { AioEvent, MmapEvent, MremapEvent, MunmapEvent, RemapFilePagesEvent, ShmatEvent, ShmdtEvent } from './events.js';
import type { FdTable } from './fd-table.js';
import { MAP, MREMAP, PAGE_SIZE, PROT, SHARED_ANON_NAME, SHM_EXEC, SHM_RDONLY, SYSV_NAME, pageAlignUp } from './linux.js';
import { emptyList } from './empty-list.js';
import type { AddressSpace } from './space.js';
import { VM, copyVma, shapedVma, sliceVma, type MutableVma, type Vma } from './vma.js';

const SHMEM_INODE = 'the inode of a shmem file is not in the trace';

/** What most calls return: no anomaly (one array for all of them; see empty-list.ts for why not a frozen one). */
export const NO_MESSAGES: readonly string[] = emptyList<string>();

// New-VMA flags for an mmap (do_mmap / accountable_mapping).
function mmapFlags(flags: number, prot: number, shared: boolean, defFlags: number): number {
  let vm = defFlags;
  if ((flags & MAP.NORESERVE) !== 0) vm |= VM.NORESERVE;
  if ((flags & MAP.GROWSDOWN) !== 0) vm |= VM.GROWSDOWN;
  if ((flags & MAP.STACK) !== 0) vm |= VM.NOHUGEPAGE;
  if ((flags & MAP.LOCKED) !== 0) vm |= VM.LOCKED;
  if ((flags & MAP.HUGETLB) !== 0) vm |= VM.HUGETLB;
  if (!shared && (prot & PROT.WRITE) !== 0 && (vm & (VM.NORESERVE | VM.HUGETLB)) === 0) vm |= VM.ACCOUNT;
  return vm;
}

// The VMA an mmap creates at `addr` (placement is the returned address), in the stored shape (see place()).
export function mmapVma(space: AddressSpace, e: MmapEvent, addr: number, fds: FdTable): Vma {
  const length = pageAlignUp(e.length);
  const type = e.flags & MAP.TYPE;
  const shared = type === MAP.SHARED || type === MAP.SHARED_VALIDATE;
  const anonymous = (e.flags & MAP.ANONYMOUS) !== 0 || e.file === undefined;
  const prot = e.prot & (PROT.READ | PROT.WRITE | PROT.EXEC);
  const flags = mmapFlags(e.flags, e.prot, shared, space.defFlags);
  if (anonymous) {
    if ((e.flags & MAP.HUGETLB) !== 0) {
      return shapedVma({ start: addr, end: addr + length, prot, shared, pgoff: 0, flags, pkey: 0, special: '/anon_hugepage (deleted)', specialOffset: true, uncertain: SHMEM_INODE });
    }
    // MAP_SHARED|MAP_ANONYMOUS is a fresh shmem file: it never merges. Its inode is known only from the live mapping.
    if (shared) {
      const seen = e.seen?.name === SHARED_ANON_NAME && e.seen.length === length ? e.seen : undefined;
      if (seen !== undefined) return shapedVma({ start: addr, end: addr + length, prot, shared, pgoff: 0, flags, pkey: 0, special: seen.name, specialDev: seen.dev, specialInode: seen.inode, specialOffset: true });
      return shapedVma({ start: addr, end: addr + length, prot, shared, pgoff: 0, flags, pkey: 0, special: SHARED_ANON_NAME, specialDev: '00:01', specialOffset: true, uncertain: SHMEM_INODE });
    }
    // The common case, written out in shapedVma's order (one object, no copy).
    return {
      start: addr, end: addr + length, prot, shared, pgoff: addr / PAGE_SIZE, flags, pkey: 0,
      file: undefined, special: undefined, specialDev: undefined, specialInode: undefined, specialOffset: undefined,
      anonName: undefined, anonVma: undefined, forked: undefined, uncertain: undefined,
    };
  }
  const file = e.file;
  const open = file === undefined ? undefined : fds.resolve(file.fd, file.path);
  const path = file?.path ?? open?.path ?? `fd ${file?.fd ?? -1}`;
  const known = file?.path === undefined || file.path === open?.path ? open : undefined;
  return shapedVma({
    start: addr,
    end: addr + length,
    prot,
    shared,
    pgoff: Math.floor(e.offset / PAGE_SIZE),
    flags,
    pkey: 0,
    file: {
      id: open?.id ?? `unknown:${path}`,
      path,
      dev: file?.dev ?? known?.dev ?? '00:00',
      inode: file?.inode ?? known?.inode ?? 0,
      deleted: file?.deleted === true,
    },
  });
}

// Is a private writable mapping (written right after creation, by our fault guess)?
export function writtenGuess(v: Vma): boolean {
  return !v.shared && (v.prot & PROT.WRITE) !== 0;
}

// mmap: unmap what the new range covers, insert, merge.
export function applyMmap(space: AddressSpace, e: MmapEvent, fds: FdTable): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const addr = e.result.value;
  // The kernel refuses length 0 (EINVAL): a success is a damaged trace, and an empty VMA no region.
  if (e.length === 0) return [`mmap of length 0 reported success at ${hex(addr)}; ignored`];
  let anomalies = NO_MESSAGES;
  const v = mmapVma(space, e, addr, fds);
  const fixed = (e.flags & (MAP.FIXED | MAP.FIXED_NOREPLACE)) !== 0;
  // Without MAP_FIXED the kernel found the range free: when the model agrees (nearly always), nothing to unmap.
  if (fixed) space.unmap(v.start, v.end);
  else if (space.tree.overlapsAny(v.start, v.end)) {
    anomalies = [`mmap returned ${hex(addr)} over a live mapping (no MAP_FIXED); replaced it`];
    space.unmap(v.start, v.end);
  }
  space.place(v, writtenGuess(v));
  return anomalies;
}

// munmap: remove the range, split neighbours, never merge.
export function applyMunmap(space: AddressSpace, e: MunmapEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const removed = space.unmap(e.addr, e.addr + pageAlignUp(e.length));
  return removed === 0 ? [`munmap(${hex(e.addr)}, ${e.length}) unmapped nothing`] : NO_MESSAGES;
}

// mremap: shrink, grow in place, move (MAYMOVE/FIXED), DONTUNMAP.
export function applyMremap(space: AddressSpace, e: MremapEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const oldLen = pageAlignUp(e.oldLength);
  const newLen = pageAlignUp(e.newLength);
  // The kernel refuses new_len 0 (EINVAL): a success is a damaged trace, and an empty VMA no region.
  if (newLen === 0) return [`mremap to length 0 reported success at ${hex(e.result.value)}; ignored`];
  const src = space.tree.find(e.oldAddr);
  if (src === undefined) return [`mremap of unmapped ${hex(e.oldAddr)}`];
  const target = e.result.value;
  const dontUnmap = (e.flags & MREMAP.DONTUNMAP) !== 0;
  if (target === e.oldAddr && !dontUnmap) {
    if (newLen < oldLen) space.unmap(e.oldAddr + newLen, e.oldAddr + oldLen);
    else if (newLen > oldLen) {
      // Grown in place: the kernel found [old end, new end) free and the range ending its VMA.
      space.unmap(e.oldAddr + oldLen, e.oldAddr + newLen);
      const cur = space.tree.find(e.oldAddr);
      if (cur === undefined) return [`mremap of unmapped ${hex(e.oldAddr)}`];
      let messages = NO_MESSAGES;
      if (cur.end < e.oldAddr + oldLen) {
        // The kernel had the whole old range in this one VMA: what the model holds after cur.end goes.
        messages = [`mremap grew ${hex(e.oldAddr)} in place but the model has [${hex(cur.start)}, ${hex(cur.end)}) there, not the whole old range [${hex(e.oldAddr)}, ${hex(e.oldAddr + oldLen)})`];
        space.unmap(cur.end, e.oldAddr + oldLen);
      }
      space.tree.remove(cur.start);
      const grown = copyVma(cur);
      grown.end = e.oldAddr + newLen;
      space.place(grown, false);
      return messages;
    }
    return NO_MESSAGES;
  }
  // Move: copy_vma keeps flags and file; the file pgoff follows the offset; an
  // unwritten anonymous VMA takes the new address as its pgoff.
  const dest = sliceVma(src, e.oldAddr, Math.min(src.end, e.oldAddr + oldLen));
  const anonymous = dest.file === undefined && dest.special === undefined;
  if (anonymous && dest.anonVma === undefined) dest.pgoff = target / PAGE_SIZE;
  dest.start = target;
  dest.end = target + newLen;
  if (!dontUnmap) space.unmap(e.oldAddr, e.oldAddr + oldLen);
  else {
    space.modify(e.oldAddr, e.oldAddr + oldLen, leftBehind, anonymous, { stopAtHole: false });
  }
  space.unmap(dest.start, dest.end);
  space.place(dest, false);
  return NO_MESSAGES;
}

// What MREMAP_DONTUNMAP leaves at the old range: unlocked, and anonymous memory without its pages (a fresh anon_vma
// to come, pgoff from the address).
function leftBehind(piece: MutableVma, anonymous: boolean): void {
  piece.flags &= ~(VM.LOCKED | VM.LOCKONFAULT);
  piece.anonVma = undefined;
  if (anonymous) piece.pgoff = piece.start / PAGE_SIZE;
}

// remap_file_pages: emulated as a MAP_FIXED mmap of the same file at a new offset.
export function applyRemapFilePages(space: AddressSpace, e: RemapFilePagesEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const v = space.tree.find(e.addr);
  if (v === undefined) return [`remap_file_pages of unmapped ${hex(e.addr)}`];
  const end = Math.min(v.end, e.addr + pageAlignUp(e.size));
  const piece = sliceVma(v, e.addr, end);
  piece.pgoff = e.pgoff;
  space.unmap(piece.start, piece.end);
  space.place(piece, false);
  return NO_MESSAGES;
}

// shmat: the whole segment at the returned address. Its size and key come from shmget, which is not traced: a live
// recording reads them from the mapping (e.seen); otherwise one page and key 0 are assumed and the region is marked
// uncertain.
export function applyShmat(space: AddressSpace, e: ShmatEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const addr = e.result.value;
  const ro = (e.flags & SHM_RDONLY) !== 0;
  const prot = PROT.READ | (ro ? 0 : PROT.WRITE) | ((e.flags & SHM_EXEC) !== 0 ? PROT.EXEC : 0);
  const seen = e.seen !== undefined && SYSV_NAME.test(e.seen.name) && e.seen.inode === e.shmid && e.seen.length > 0 ? e.seen : undefined;
  const v = shapedVma({
    start: addr,
    end: addr + (seen?.length ?? PAGE_SIZE),
    prot,
    shared: true,
    pgoff: 0,
    flags: space.defFlags,
    pkey: 0,
    special: seen?.name ?? '/SYSV00000000 (deleted)',
    specialDev: seen?.dev ?? '00:01',
    specialInode: e.shmid,
    specialOffset: true,
    ...(seen === undefined ? { uncertain: 'SysV segment size and key come from shmget, which is not traced' } : {}),
  });
  space.unmap(v.start, v.end);
  space.place(v, false);
  return NO_MESSAGES;
}

// shmdt: unmap the SysV VMAs starting at addr.
export function applyShmdt(space: AddressSpace, e: ShmdtEvent): readonly string[] {
  if (e.result.kind !== 'ok') return NO_MESSAGES;
  const v = space.tree.find(e.addr);
  if (v === undefined || v.special === undefined || !v.special.startsWith('/SYSV')) return [`shmdt of ${hex(e.addr)}: no SysV segment there`];
  space.unmap(v.start, v.end);
  return NO_MESSAGES;
}

// io_setup/io_destroy: the `/[aio] (deleted)` ring. Its size depends on nr_events
// and the CPU count; an estimate, marked uncertain.
export function applyAio(space: AddressSpace, e: AioEvent): readonly string[] {
  if (e.result.kind !== 'ok' || e.ctx === undefined) return NO_MESSAGES;
  if (e.op === 'destroy') {
    const v = space.tree.find(e.ctx);
    if (v !== undefined) space.unmap(v.start, v.end);
    return NO_MESSAGES;
  }
  const events = Math.max(e.nrEvents ?? 1, 1) * 2 + 2;
  const size = pageAlignUp(32 + events * 32);
  const v = shapedVma({
    start: e.ctx,
    end: e.ctx + size,
    prot: PROT.READ | PROT.WRITE,
    shared: true,
    pgoff: 0,
    flags: VM.SPECIAL,
    pkey: 0,
    special: '/[aio] (deleted)',
    specialDev: '00:0e',
    specialOffset: true,
    uncertain: 'the aio ring size depends on the CPU count; estimated',
  });
  space.unmap(v.start, v.end);
  space.place(v, false);
  return NO_MESSAGES;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
