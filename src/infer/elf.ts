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

// How many bytes from the start of the file parseElf reads (the ELF header, the program headers and the
// PT_INTERP text), from a head of the file long enough for the ELF header; undefined when it is not a LE ELF.
export function elfHeadLength(head: Uint8Array): number | undefined {
  if (head.length < 52 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return undefined;
  const cls = head[4];
  if ((cls !== 1 && cls !== 2) || head[5] !== 1) return undefined;
  const is64 = cls === 2;
  if (is64 && head.length < 64) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const phoff = is64 ? Number(view.getBigUint64(32, true)) : view.getUint32(28, true);
  const phentsize = view.getUint16(is64 ? 54 : 42, true);
  const phnum = view.getUint16(is64 ? 56 : 44, true);
  let end = Math.max(is64 ? 64 : 52, phoff + phnum * phentsize);
  if (end > head.length) return end; // the caller reads that much and asks again
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.getUint32(at, true) !== PT_INTERP) continue;
    const offset = is64 ? Number(view.getBigUint64(at + 8, true)) : view.getUint32(at + 4, true);
    const filesz = is64 ? Number(view.getBigUint64(at + 32, true)) : view.getUint32(at + 16, true);
    end = Math.max(end, offset + filesz);
  }
  return end;
}

// Parse the ELF header and program headers; undefined when the bytes are not a usable LE ELF.
export function parseElf(bytes: Uint8Array): ElfInfo | undefined {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return undefined;
  const cls = bytes[4];
  if ((cls !== 1 && cls !== 2) || bytes[5] !== 1) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const is64 = cls === 2;
  const word = (at: number): number => (is64 ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true));
  const eType = view.getUint16(16, true);
  if (eType !== ET_EXEC && eType !== ET_DYN) return undefined;
  const phoff = word(is64 ? 32 : 28);
  const phentsize = view.getUint16(is64 ? 54 : 42, true);
  const phnum = view.getUint16(is64 ? 56 : 44, true);
  if (phoff + phnum * phentsize > bytes.length) return undefined;
  const loads: ElfLoad[] = [];
  let interp: string | undefined;
  let relro: { vaddr: number; memsz: number } | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = view.getUint32(at, true);
    // ELF64: type, flags, offset, vaddr, paddr, filesz, memsz; ELF32: type, offset, vaddr, paddr, filesz, memsz, flags.
    const h = is64
      ? { flags: view.getUint32(at + 4, true), offset: word(at + 8), vaddr: word(at + 16), filesz: word(at + 32), memsz: word(at + 40) }
      : { offset: word(at + 4), vaddr: word(at + 8), filesz: word(at + 16), memsz: word(at + 20), flags: view.getUint32(at + 24, true) };
    if (type === PT_LOAD) loads.push(h);
    else if (type === PT_INTERP && h.offset + h.filesz <= bytes.length) {
      const raw = bytes.subarray(h.offset, h.offset + h.filesz);
      const nul = raw.indexOf(0);
      interp = new TextDecoder().decode(nul < 0 ? raw : raw.subarray(0, nul));
    } else if (type === PT_GNU_RELRO) relro = { vaddr: h.vaddr, memsz: h.memsz };
  }
  if (loads.length === 0) return undefined;
  return { bits: is64 ? 64 : 32, type: eType === ET_EXEC ? 'exec' : 'dyn', loads, ...(interp !== undefined ? { interp } : {}), ...(relro ? { relro } : {}) };
}
