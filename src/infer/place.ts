// Where execve put the ET_DYN images, read from what the new image did next:
// ld.so makes each object's PT_GNU_RELRO read-only with
// mprotect(PAGEDOWN(base + relro.vaddr), PAGEDOWN(end) - PAGEDOWN(start), PROT_READ)
// (glibc _dl_protect_relro), so that address minus PAGEDOWN(relro.vaddr) is the base.
import type { Addr, VmEvent } from '../model/events.js';
import { PAGE_SIZE, PROT } from '../model/linux.js';
import type { ElfInfo } from './elf.js';

// Round down / up to a page.
export const pageDown = (x: number): number => x - (x % PAGE_SIZE);
export const pageUp = (x: number): number => pageDown(x + PAGE_SIZE - 1);

/** A read-only mprotect that no earlier mmap of the trace explains. */
interface Candidate {
  readonly addr: Addr;
  readonly length: number;
}

/** The span an image occupies relative to its base: [lo, hi). */
export function imageSpan(elf: ElfInfo): { readonly lo: number; readonly hi: number } {
  const lo = Math.min(...elf.loads.map((l) => pageDown(l.vaddr)));
  const hi = Math.max(...elf.loads.map((l) => pageUp(l.vaddr + l.memsz)));
  return { lo, hi };
}

// mprotect(…, PROT_READ) calls of the new image that fall outside everything it mmapped before them.
export function relroCandidates(events: readonly VmEvent[]): Candidate[] {
  const mapped: { start: number; end: number }[] = [];
  const found: Candidate[] = [];
  for (const e of events) {
    if (e.kind === 'mmap' && e.result.kind === 'ok' && !e.skipped) {
      mapped.push({ start: e.result.value, end: e.result.value + pageUp(e.length) });
    } else if (e.kind === 'mprotect' && e.result.kind === 'ok' && !e.skipped && e.prot === PROT.READ) {
      const end = e.addr + e.length;
      if (!mapped.some((m) => e.addr < m.end && end > m.start)) found.push({ addr: e.addr, length: e.length });
    }
  }
  return found;
}

/** An image placed (or not) at a base, and how that was decided. */
export interface Placement {
  readonly base?: number;
  readonly how: string;
}

// The base of one image from the candidates (latest first), skipping those already used and overlaps.
export function placeByRelro(
  elf: ElfInfo,
  candidates: readonly Candidate[],
  used: Set<number>,
  taken: readonly { readonly start: number; readonly end: number }[],
): Placement | undefined {
  const relro = elf.relro;
  if (relro === undefined) return undefined;
  const start = pageDown(relro.vaddr);
  const lengths = new Set([pageDown(relro.vaddr + relro.memsz) - start, pageUp(relro.vaddr + relro.memsz) - start]);
  const span = imageSpan(elf);
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i];
    if (c === undefined || used.has(i) || !lengths.has(c.length)) continue;
    const base = c.addr - start;
    if (base < 0 || base % PAGE_SIZE !== 0) continue;
    if (taken.some((t) => base + span.lo < t.end && base + span.hi > t.start)) continue;
    used.add(i);
    return { base, how: `RELRO mprotect(0x${c.addr.toString(16)}, ${c.length}, PROT_READ)` };
  }
  return undefined;
}

// The first brk(NULL) result: the program break as execve left it (start_brk).
export function startBrk(events: readonly VmEvent[]): Addr | undefined {
  for (const e of events) {
    if (e.kind === 'brk' && e.addr === 0 && e.result.kind === 'ok' && !e.skipped) return e.result.value;
  }
  return undefined;
}
