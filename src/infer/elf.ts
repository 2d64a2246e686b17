// The parts of an ELF file's program headers that execve uses to map it
// (fs/binfmt_elf.c load_elf_binary): PT_LOAD, PT_INTERP, PT_GNU_RELRO and the
// file type. Little-endian ELF32 and ELF64 only (x86, x86_64, arm, aarch64…).

/** One PT_LOAD program header. */
export interface ElfLoad {
  readonly vaddr: number;
  readonly offset: number;
  readonly filesz: number;
  readonly memsz: number;
  /** PF_X = 1, PF_W = 2, PF_R = 4. */
  readonly flags: number;
}

/** What execve needs from an ELF file. */
export interface ElfInfo {
  readonly bits: 32 | 64;
  /** ET_EXEC is mapped at its vaddrs; ET_DYN at a base the kernel picks. */
  readonly type: 'exec' | 'dyn';
  readonly loads: readonly ElfLoad[];
  /** PT_INTERP path (the dynamic loader), when present. */
  readonly interp?: string;
  /** PT_GNU_RELRO range (vaddr, memsz) that ld.so makes read-only after relocation. */
  readonly relro?: { readonly vaddr: number; readonly memsz: number };
}

const PT_LOAD = 1;
const PT_INTERP = 3;
const PT_GNU_RELRO = 0x6474e552;
const ET_EXEC = 2;
const ET_DYN = 3;

/** The ELF header's fields the program headers are found by. */
interface ElfHeader {
  readonly view: DataView;
  readonly is64: boolean;
  readonly eType: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly phnum: number;
}

// The ELF header of `bytes`; undefined when they are not a little-endian ELF32/ELF64 header.
function elfHeader(bytes: Uint8Array): ElfHeader | undefined {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return undefined;
  const cls = bytes[4];
  if ((cls !== 1 && cls !== 2) || bytes[5] !== 1) return undefined;
  const is64 = cls === 2;
  if (is64 && bytes.length < 64) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    view,
    is64,
    eType: view.getUint16(16, true),
    phoff: is64 ? Number(view.getBigUint64(32, true)) : view.getUint32(28, true),
    phentsize: view.getUint16(is64 ? 54 : 42, true),
    phnum: view.getUint16(is64 ? 56 : 44, true),
  };
}

// Program header `i` (its bytes must be in the view).
function programHeader(e: ElfHeader, i: number): ElfLoad & { readonly type: number } {
  const { view, is64 } = e;
  const at = e.phoff + i * e.phentsize;
  const word = (o: number): number => (is64 ? Number(view.getBigUint64(at + o, true)) : view.getUint32(at + o, true));
  // ELF64: type, flags, offset, vaddr, paddr, filesz, memsz; ELF32: type, offset, vaddr, paddr, filesz, memsz, flags.
  return is64
    ? { type: view.getUint32(at, true), flags: view.getUint32(at + 4, true), offset: word(8), vaddr: word(16), filesz: word(32), memsz: word(40) }
    : { type: view.getUint32(at, true), offset: word(4), vaddr: word(8), filesz: word(16), memsz: word(20), flags: view.getUint32(at + 24, true) };
}

// How many bytes from the start of the file parseElf reads (the ELF header, the program headers and the
// PT_INTERP text), from a head of the file long enough for the ELF header; undefined when it is not a LE ELF.
export function elfHeadLength(head: Uint8Array): number | undefined {
  const e = elfHeader(head);
  if (e === undefined) return undefined;
  let end = Math.max(e.is64 ? 64 : 52, e.phoff + e.phnum * e.phentsize);
  if (end > head.length) return end; // the caller reads that much and asks again
  for (let i = 0; i < e.phnum; i++) {
    const h = programHeader(e, i);
    if (h.type === PT_INTERP) end = Math.max(end, h.offset + h.filesz);
  }
  return end;
}

// Parse the ELF header and program headers; undefined when the bytes are not a usable LE ELF.
export function parseElf(bytes: Uint8Array): ElfInfo | undefined {
  const e = elfHeader(bytes);
  if (e === undefined || (e.eType !== ET_EXEC && e.eType !== ET_DYN)) return undefined;
  if (e.phoff + e.phnum * e.phentsize > bytes.length) return undefined;
  const loads: ElfLoad[] = [];
  let interp: string | undefined;
  let relro: { vaddr: number; memsz: number } | undefined;
  for (let i = 0; i < e.phnum; i++) {
    const { type, ...h } = programHeader(e, i);
    if (type === PT_LOAD) loads.push(h);
    else if (type === PT_INTERP && h.offset + h.filesz <= bytes.length) {
      const raw = bytes.subarray(h.offset, h.offset + h.filesz);
      const nul = raw.indexOf(0);
      interp = new TextDecoder().decode(nul < 0 ? raw : raw.subarray(0, nul));
    } else if (type === PT_GNU_RELRO) relro = { vaddr: h.vaddr, memsz: h.memsz };
  }
  if (loads.length === 0) return undefined;
  return { bits: e.is64 ? 64 : 32, type: e.eType === ET_EXEC ? 'exec' : 'dyn', loads, ...(interp !== undefined ? { interp } : {}), ...(relro ? { relro } : {}) };
}
