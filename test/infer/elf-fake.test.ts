// inferExecLayout and parseElf on hand-built ELF files served by a fake file system:
// ELF32 and ELF64, ET_EXEC and ET_DYN, .bss, placement by RELRO and by brk, scripts.
import { describe, expect, it } from 'vitest';
import type { ExecveEvent, VmEvent } from '../../src/model/events.js';
import { elfHeadLength } from '../../src/infer/elf.js';
import { formatDev, inferExecLayout, parseElf, type InferFs } from '../../src/infer/index.js';

interface Ph { type: number; flags: number; offset: number; vaddr: number; filesz: number; memsz: number }

// A minimal little-endian ELF: header, program headers (at `phoff`, right after the header by default), then
// `tail` bytes (PT_INTERP text), then `pad` bytes.
function elf(bits: 32 | 64, type: 2 | 3, phs: readonly Ph[], tail = '', layout: { phoff?: number; pad?: number } = {}): Uint8Array {
  const ehsize = bits === 64 ? 64 : 52;
  const phoff = layout.phoff ?? ehsize;
  const phentsize = bits === 64 ? 56 : 32;
  const size = phoff + phs.length * phentsize + tail.length + (layout.pad ?? 0x4000);
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, 1, 1]);
  v.setUint16(16, type, true);
  if (bits === 64) { v.setBigUint64(32, BigInt(phoff), true); v.setUint16(54, phentsize, true); v.setUint16(56, phs.length, true); }
  else { v.setUint32(28, phoff, true); v.setUint16(42, phentsize, true); v.setUint16(44, phs.length, true); }
  phs.forEach((p, i) => {
    const at = phoff + i * phentsize;
    v.setUint32(at, p.type, true);
    if (bits === 64) {
      v.setUint32(at + 4, p.flags, true);
      for (const [off, val] of [[8, p.offset], [16, p.vaddr], [32, p.filesz], [40, p.memsz]] as const) v.setBigUint64(at + off, BigInt(val), true);
    } else {
      for (const [off, val] of [[4, p.offset], [8, p.vaddr], [16, p.filesz], [20, p.memsz], [24, p.flags]] as const) v.setUint32(at + off, val, true);
    }
  });
  b.set(new TextEncoder().encode(tail), phoff + phs.length * phentsize);
  return b;
}

// Serves `files`; `asked` collects every length read.
function fakeFs(files: Record<string, Uint8Array>, asked: number[] = []): InferFs {
  return {
    readHead: (p, n) => {
      asked.push(n);
      return files[p]?.subarray(0, n);
    },
    stat: (p) => (files[p] ? { dev: 'fe:00', inode: p.length } : undefined),
  };
}

const exec = (path: string): ExecveEvent => ({ kind: 'execve', step: 1, pid: 7, line: 1, syscall: 'execve', result: { kind: 'ok', value: 0 }, path, argv: [] });
const mprotect = (addr: number, length: number, step: number): VmEvent => ({ kind: 'mprotect', step, pid: 7, line: step, syscall: 'mprotect', result: { kind: 'ok', value: 0 }, addr, length, prot: 1 });
const brk0 = (value: number): VmEvent => ({ kind: 'brk', step: 2, pid: 7, line: 2, syscall: 'brk', result: { kind: 'ok', value }, addr: 0 });
const lines = (l: ReturnType<typeof inferExecLayout>): string[] =>
  (l?.regions ?? []).map((r) => `${r.start.toString(16)}-${r.end.toString(16)} ${r.perms} ${r.offset.toString(16)} ${r.name}`);

describe('parseElf', () => {
  it('reads ELF32 PT_LOAD, PT_INTERP and PT_GNU_RELRO', () => {
    const interpOff = 52 + 3 * 32;
    const info = parseElf(elf(32, 3, [
      { type: 3, flags: 4, offset: interpOff, vaddr: 0, filesz: 20, memsz: 20 },
      { type: 1, flags: 5, offset: 0, vaddr: 0, filesz: 0x1234, memsz: 0x1234 },
      { type: 0x6474e552, flags: 4, offset: 0x2ee8, vaddr: 0x3ee8, filesz: 0x118, memsz: 0x118 },
    ], '/lib/ld-linux.so.2\0'));
    expect(info).toEqual({ bits: 32, type: 'dyn', loads: [{ offset: 0, vaddr: 0, filesz: 0x1234, memsz: 0x1234, flags: 5 }], interp: '/lib/ld-linux.so.2', relro: { vaddr: 0x3ee8, memsz: 0x118 } });
  });
  it('rejects what is not an ELF file', () => {
    expect(parseElf(new TextEncoder().encode('#!/bin/sh\necho hi\n'.padEnd(80)))).toBeUndefined();
    expect(elfHeadLength(new TextEncoder().encode('#!/bin/sh\necho hi\n'.padEnd(80)))).toBeUndefined();
    // An ELF64 header cut at 52-63 bytes (long enough for an ELF32 one): refused, not read past its end.
    const cut = elf(64, 3, [{ type: 1, flags: 5, offset: 0, vaddr: 0, filesz: 0x1000, memsz: 0x1000 }]).subarray(0, 56);
    expect(parseElf(cut)).toBeUndefined();
    expect(elfHeadLength(cut)).toBeUndefined();
  });
  it('knows how much of the file the headers take: up to the program headers, then up to the PT_INTERP text', () => {
    const phs: Ph[] = [
      { type: 3, flags: 4, offset: 0x3000 + 2 * 56, vaddr: 0, filesz: 11, memsz: 11 },
      { type: 1, flags: 5, offset: 0, vaddr: 0, filesz: 0x1234, memsz: 0x1234 },
    ];
    const far = elf(64, 3, phs, '/lib/ld.so\0', { phoff: 0x3000 });
    expect(elfHeadLength(far.subarray(0, 4096))).toBe(0x3000 + 2 * 56); // the program headers lie past the head
    expect(elfHeadLength(far.subarray(0, 0x3000 + 2 * 56))).toBe(0x3000 + 2 * 56 + 11);
    expect(elfHeadLength(far)).toBe(0x3000 + 2 * 56 + 11);
  });
});

describe('inferExecLayout on fake files', () => {
  const loads: Ph[] = [
    { type: 1, flags: 4, offset: 0, vaddr: 0, filesz: 0x1000, memsz: 0x1000 },
    { type: 1, flags: 5, offset: 0x1000, vaddr: 0x1000, filesz: 0x800, memsz: 0x800 },
    { type: 1, flags: 6, offset: 0x2e00, vaddr: 0x3e00, filesz: 0x300, memsz: 0x5000 },
    { type: 0x6474e552, flags: 4, offset: 0x2e00, vaddr: 0x3e00, filesz: 0x200, memsz: 0x200 },
  ];
  const ldso = elf(64, 3, [
    { type: 1, flags: 4, offset: 0, vaddr: 0, filesz: 0x1000, memsz: 0x1000 },
    { type: 1, flags: 6, offset: 0x1000, vaddr: 0x2000, filesz: 0x1000, memsz: 0x2000 },
    { type: 0x6474e552, flags: 4, offset: 0x1000, vaddr: 0x2000, filesz: 0x800, memsz: 0x800 },
  ]);
  const interpPh: Ph = { type: 3, flags: 4, offset: 64 + 5 * 56, vaddr: 0, filesz: 12, memsz: 12 };
  const prog = elf(64, 3, [interpPh, ...loads], '/lib/ld.so\0');

  it('places a PIE and ld.so by their RELRO mprotects, with .bss as anonymous rw-p', () => {
    const fs = fakeFs({ '/bin/prog': prog, '/lib/ld.so': ldso });
    // ld.so's RELRO is protected last; an earlier mmap covers a decoy mprotect.
    const mmap: VmEvent = { kind: 'mmap', step: 3, pid: 7, line: 3, syscall: 'mmap', result: { kind: 'ok', value: 0x7f0000000000 }, addr: 0, length: 0x10000, prot: 1, flags: 2, offset: 0 };
    const layout = inferExecLayout(exec('/bin/prog'), [brk0(0x5600000a0000), mmap, mprotect(0x7f0000003000, 0x1000, 4), mprotect(0x560000003000, 0x1000, 5), mprotect(0x7f1000002000, 0x1000, 6)], fs);
    expect(lines(layout)).toEqual([
      '560000000000-560000001000 r--p 0 /bin/prog',
      '560000001000-560000002000 r-xp 1000 /bin/prog',
      '560000003000-560000005000 rw-p 2000 /bin/prog',
      '560000005000-560000009000 rw-p 0 ',
      '7f1000000000-7f1000001000 r--p 0 /lib/ld.so',
      '7f1000002000-7f1000003000 rw-p 1000 /lib/ld.so',
      '7f1000003000-7f1000004000 rw-p 0 ',
    ]);
    expect(layout?.brk).toBe(0x5600000a0000);
    expect(layout?.regions[0]).toMatchObject({ dev: 'fe:00', inode: '/bin/prog'.length });
  });

  it('places a PIE by brk(NULL) only at the no-ASLR base, and leaves it out otherwise', () => {
    const fs = fakeFs({ '/bin/prog': prog, '/lib/ld.so': ldso });
    const noAslr = inferExecLayout(exec('/bin/prog'), [brk0(0x555555554000 + 0x9000)], fs);
    expect(lines(noAslr)[0]).toBe('555555554000-555555555000 r--p 0 /bin/prog');
    const aslr = inferExecLayout(exec('/bin/prog'), [brk0(0x5612345a0000)], fs);
    expect(aslr).toBeUndefined();
  });

  it('maps ET_EXEC at its own addresses and follows #! to the interpreter', () => {
    const fixed = elf(32, 2, [{ type: 1, flags: 5, offset: 0, vaddr: 0x8048000, filesz: 0x1100, memsz: 0x1100 }]);
    const fs = fakeFs({ '/bin/static32': fixed, '/s.sh': new TextEncoder().encode('#! /bin/static32 -x\n') });
    const layout = inferExecLayout(exec('/s.sh'), [], fs);
    expect(lines(layout)).toEqual(['8048000-804a000 r-xp 0 /bin/static32']);
    expect(layout?.notes?.some((n) => /brk/.test(n))).toBe(true);
  });

  it('reads the headers, not the whole image: 4 KiB of a 64 MiB file', () => {
    const big = new Uint8Array(64 << 20);
    big.set(prog);
    const asked: number[] = [];
    const layout = inferExecLayout(exec('/bin/prog'), [brk0(0x5600000a0000), mprotect(0x560000003000, 0x1000, 5), mprotect(0x7f1000002000, 0x1000, 6)], fakeFs({ '/bin/prog': big, '/lib/ld.so': ldso }, asked));
    expect(lines(layout)[0]).toBe('560000000000-560000001000 r--p 0 /bin/prog');
    expect(Math.max(...asked)).toBe(4096);
  });

  it('reads on past the head when the program headers and PT_INTERP lie beyond it', () => {
    const phoff = 0x3000;
    const far = elf(64, 3, [{ ...interpPh, offset: phoff + 5 * 56 }, ...loads], '/lib/ld.so\0', { phoff });
    const asked: number[] = [];
    const events = [brk0(0x5600000a0000), mprotect(0x560000003000, 0x1000, 5), mprotect(0x7f1000002000, 0x1000, 6)];
    const layout = inferExecLayout(exec('/bin/prog'), events, fakeFs({ '/bin/prog': far, '/lib/ld.so': ldso }, asked));
    expect(lines(layout)).toEqual(lines(inferExecLayout(exec('/bin/prog'), events, fakeFs({ '/bin/prog': prog, '/lib/ld.so': ldso }))));
    expect(lines(layout)).toContain('7f1000000000-7f1000001000 r--p 0 /lib/ld.so');
    expect(asked.slice(0, 3)).toEqual([4096, phoff + 5 * 56, phoff + 5 * 56 + 12]);
  });

  it('gives up when the executable is not on this machine or execve failed', () => {
    expect(inferExecLayout(exec('/gone'), [], fakeFs({}))).toBeUndefined();
    const failed: ExecveEvent = { ...exec('/bin/prog'), result: { kind: 'error', errno: 'ENOENT' } };
    expect(inferExecLayout(failed, [], fakeFs({ '/bin/prog': prog }))).toBeUndefined();
  });
});

describe('formatDev', () => {
  it('prints MAJ:MIN as /proc does (hex, at least two digits each)', () => {
    expect(formatDev(0xfe00n)).toBe('fe:00');
    expect(formatDev((259n << 8n) | 2n)).toBe('103:02');
    // minor 0x12345: low byte in bits 0-7, the rest from bit 20 up (new_encode_dev).
    expect(formatDev(0x45n | (8n << 8n) | (0x123n << 20n))).toBe('08:12345');
  });
});
