// The address space right after a successful execve, rebuilt from the ELF
// headers of the executable and its interpreter on this machine
// (linux-address-space.md §3) and placed using what the new image did next.
import type { ExecLayout, ExecveEvent, LayoutRegion, VmEvent } from '../model/events.js';
import { elfHeadLength, parseElf, type ElfInfo } from './elf.js';
import { nodeInferFs, type InferFs } from './infer-fs.js';
import { imageSpan, pageDown, pageUp, placeByRelro, relroCandidates, startBrk, type Placement } from './place.js';

/** An image file read from this machine. */
interface Image {
  readonly path: string;
  readonly elf: ElfInfo;
}

/** The head read first: a `#!` line (binfmt_script reads 256 bytes) and, in practice, all of an ELF file's headers. */
const HEAD = 4096;
/** The most read for headers: the kernel refuses program headers over 64 KiB, and PT_INTERP follows them in practice. */
const MAX_HEADERS = 16 << 20;

// The bytes parseElf needs: the head, or more when the program headers or PT_INTERP reach past it.
function readHeaders(path: string, fs: InferFs): Uint8Array | undefined {
  let asked = HEAD;
  let bytes = fs.readHead(path, asked);
  // Two more reads suffice (up to the end of the program headers, then of PT_INTERP's text); a third at most, for a
  // file that changes between reads, which parseElf then checks.
  for (let round = 0; round < 3; round++) {
    if (bytes === undefined || bytes.length < asked) return bytes; // that was the whole file
    const need = elfHeadLength(bytes);
    if (need === undefined || need <= bytes.length) return bytes;
    if (need > MAX_HEADERS) return undefined;
    asked = need;
    bytes = fs.readHead(path, asked);
  }
  return bytes;
}

// Follow `#!` lines (binfmt_script) to the ELF file the kernel finally maps.
function loadImage(path: string, fs: InferFs, depth = 0): Image | undefined {
  const real = fs.realpath?.(path) ?? path;
  const bytes = readHeaders(real, fs);
  if (bytes === undefined || depth > 4) return undefined;
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    const first = new TextDecoder().decode(bytes.subarray(2, Math.min(bytes.length, 258))).split('\n')[0] ?? '';
    const interp = first.trim().split(/[ \t]+/)[0];
    return interp ? loadImage(interp, fs, depth + 1) : undefined;
  }
  const elf = parseElf(bytes);
  return elf ? { path: real, elf } : undefined;
}

function perms(flags: number): string {
  return `${flags & 4 ? 'r' : '-'}${flags & 2 ? 'w' : '-'}${flags & 1 ? 'x' : '-'}p`;
}

// The VMAs execve makes for one image at `base`: file-backed PT_LOADs, then anonymous .bss pages.
function imageRegions(image: Image, base: number, fs: InferFs): LayoutRegion[] {
  const id = fs.stat(image.path) ?? { dev: '00:00', inode: 0 };
  const out: LayoutRegion[] = [];
  for (const l of image.elf.loads) {
    const start = base + pageDown(l.vaddr);
    const fileEnd = base + pageUp(l.vaddr + l.filesz);
    if (fileEnd > start) out.push({ start, end: fileEnd, perms: perms(l.flags), offset: pageDown(l.offset), dev: id.dev, inode: id.inode, name: image.path });
    const bssStart = Math.max(start, base + pageUp(l.vaddr + l.filesz));
    const bssEnd = base + pageUp(l.vaddr + l.memsz);
    if (bssEnd > bssStart) out.push({ start: bssStart, end: bssEnd, perms: `rw${l.flags & 1 ? 'x' : '-'}p`, offset: 0, dev: '00:00', inode: 0, name: '' });
  }
  return out;
}

// The image's events: those of the exec'ing pid up to its next successful execve.
function ownEvents(execve: ExecveEvent, following: readonly VmEvent[]): VmEvent[] {
  const out: VmEvent[] = [];
  for (const e of following) {
    if (e.pid !== execve.pid) continue;
    if (e.kind === 'execve' && e.result.kind === 'ok') break;
    out.push(e);
  }
  return out;
}

/** The note of an inferred layout on what execve makes by itself; a late capture can supply those (late-capture.ts). */
export const LEFT_OUT_NOTE = '[stack], [vvar], [vvar_vclock] and [vdso] are not in a saved trace: left out';

// Base of the no-ASLR ET_DYN executable (ELF_ET_DYN_BASE) for 64- and 32-bit tasks on x86.
const NO_ASLR_DYN_BASE: Readonly<Record<32 | 64, number>> = { 64: 0x555555554000, 32: 0x56555000 };

// Infer the exec-time layout; undefined when the executable cannot be read here or the call failed.
export function inferExecLayout(execve: ExecveEvent, following: readonly VmEvent[], fs: InferFs = nodeInferFs()): ExecLayout | undefined {
  if (execve.result.kind !== 'ok' || execve.skipped) return undefined;
  const exe = loadImage(execve.path, fs);
  if (exe === undefined) return undefined;
  const events = ownEvents(execve, following);
  const candidates = relroCandidates(events);
  const brk = startBrk(events);
  const used = new Set<number>();
  const notes: string[] = [LEFT_OUT_NOTE];
  const regions: LayoutRegion[] = [];
  const taken: { start: number; end: number }[] = [];
  const add = (image: Image, placement: Placement, what: string): void => {
    if (placement.base === undefined) {
      notes.push(`${what} ${image.path}: ${placement.how}; left out`);
      return;
    }
    const span = imageSpan(image.elf);
    taken.push({ start: placement.base + span.lo, end: placement.base + span.hi });
    regions.push(...imageRegions(image, placement.base, fs));
    notes.push(`${what} ${image.path} at 0x${placement.base.toString(16)} (${placement.how})`);
  };

  // ld.so protects its own RELRO last, so place it first (latest candidate).
  const interp = exe.elf.interp === undefined ? undefined : loadImage(exe.elf.interp, fs);
  if (exe.elf.interp !== undefined && interp === undefined) notes.push(`interpreter ${exe.elf.interp} not readable here: left out`);
  if (interp !== undefined) {
    add(interp, interp.elf.type === 'exec' ? { base: 0, how: 'ET_EXEC' } : (placeByRelro(interp.elf, candidates, used, taken) ?? { how: 'no RELRO mprotect matches it' }), 'interpreter');
  }
  let exePlace: Placement = { base: 0, how: 'ET_EXEC, fixed addresses' };
  if (exe.elf.type === 'dyn') {
    exePlace = placeByRelro(exe.elf, candidates, used, taken) ?? { how: 'no RELRO mprotect matches it' };
    if (exePlace.base === undefined && brk !== undefined && exe.elf.interp !== undefined) {
      // Without ASLR start_brk = PAGEALIGN(end of .bss): accept only the kernel's no-ASLR base.
      const base = brk - imageSpan(exe.elf).hi;
      if (base === NO_ASLR_DYN_BASE[exe.elf.bits]) exePlace = { base, how: `brk(NULL) = 0x${brk.toString(16)} with ASLR off` };
    }
  }
  add(exe, exePlace, 'executable');
  if (brk === undefined) notes.push('no brk(NULL) in the trace: program break unknown');
  regions.sort((a, b) => a.start - b.start);
  if (regions.length === 0) return undefined;
  return { source: 'inferred', regions, ...(brk !== undefined ? { brk } : {}), notes };
}
