// A whole replay as bytes, for checkpoints: a small JSON header (counters, tasks, pids, fd tables,
// the string table, each space's scalars and VMA count) and the VMAs as one stream of numbers
// (num-codec.ts). Most of a checkpoint is VMAs (2,800 on the churn traces): as JSON arrays they
// took ~1.4 ms to stringify and ~1.7 ms to parse, 170 KB each; as varints a few hundred µs, ~35 KB.
//
// Layout: "vmck", format byte, mode byte (1 = varints, 0 = float64), header length (u32 LE),
// header (UTF-8 JSON), numbers.

import { FdTable, type SavedFd } from './fd-table.js';
import { PAGE_SIZE } from './linux.js';
import { NumReader, NumWriter, writeVarint } from './num-codec.js';
import type { ReplayCore } from './replay.js';
import { AddressSpace, type IdSource } from './space.js';
import type { Task } from './tasks.js';
import type { Vma, VmaFile } from './vma.js';

const MAGIC = [0x76, 0x6d, 0x63, 0x6b]; // "vmck"
const FORMAT = 3;
const PREFIX = 10;

// Per-VMA tag bits: booleans, and which optional numbers follow.
const SHARED = 1 << 0;
const FILE = 1 << 1;
const DELETED = 1 << 2;
const SPECIAL_OFFSET = 1 << 3;
const FORKED = 1 << 4;
/** pgoff = start / 4096 (anonymous memory): not written. */
const SAME_PGOFF = 1 << 5;
/** Gap and length written in pages. */
const PAGED = 1 << 6;
/** Start and end written as they are (deltas would not round-trip: addresses past 2^53). */
const ABSOLUTE = 1 << 7;
const SPECIAL = 1 << 8;
const SPECIAL_DEV = 1 << 9;
const SPECIAL_INODE = 1 << 10;
const ANON_NAME = 1 << 11;
const ANON_VMA = 1 << 12;
const UNCERTAIN = 1 << 13;

interface SavedSpace {
  readonly id: number;
  readonly users: number;
  readonly brk: readonly [number, number, number]; // startBrk, brk, startStack (-1 = unknown)
  readonly defFlags: number;
  readonly bits: 64 | 32;
  /** VMAs of this space in the number stream. */
  readonly n: number;
}

interface Header {
  readonly counters: readonly number[];
  readonly sawFirstTask: boolean;
  readonly strings: readonly string[];
  readonly tasks: readonly Task[];
  readonly pids: readonly (readonly [number, number])[];
  readonly spaces: readonly SavedSpace[];
  readonly fdTables: readonly (readonly [number, readonly SavedFd[]])[];
  readonly preApplied: readonly number[];
}

class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  /** The last string looked up and its index: most strings of a checkpoint are one reason (the fault guess's). */
  private last: string | undefined;
  private lastId = 0;
  id(s: string): number {
    if (s === this.last) return this.lastId;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    this.last = s;
    this.lastId = i;
    return i;
  }
}

const opt = (n: number | undefined): number => (n === undefined ? -1 : n);

// The tag bits of v after a VMA ending at prevEnd.
function vmaTag(v: Vma, samePgoff: boolean, paged: boolean, absolute: boolean): number {
  const f = v.file;
  return (
    (v.shared ? SHARED : 0) |
    (f !== undefined ? FILE : 0) |
    (f?.deleted === true ? DELETED : 0) |
    (v.specialOffset === true ? SPECIAL_OFFSET : 0) |
    (v.forked === true ? FORKED : 0) |
    (samePgoff ? SAME_PGOFF : 0) |
    (paged ? PAGED : 0) |
    (absolute ? ABSOLUTE : 0) |
    (v.special !== undefined ? SPECIAL : 0) |
    (v.specialDev !== undefined ? SPECIAL_DEV : 0) |
    (v.specialInode !== undefined ? SPECIAL_INODE : 0) |
    (v.anonName !== undefined ? ANON_NAME : 0) |
    (v.anonVma !== undefined ? ANON_VMA : 0) |
    (v.uncertain !== undefined ? UNCERTAIN : 0)
  );
}

/** The gap and length vmaHead worked out last (one shared object: no allocation per VMA on the save path). */
const head = { gap: 0, len: 0 };

// The tag of v after a VMA ending at prevEnd, with its first two numbers in `head`: the gap and the length, in
// pages when both are whole pages, or the absolute start and end when start - prevEnd does not give them back.
function vmaHead(v: Vma, prevEnd: number): number {
  let gap = v.start - prevEnd;
  let len = v.end - v.start;
  const absolute = prevEnd + gap !== v.start || v.start + len !== v.end;
  // (Number.isInteger of a quotient, not %: a double's % is a library call.)
  const paged = !absolute && Number.isInteger(gap / PAGE_SIZE) && Number.isInteger(len / PAGE_SIZE);
  if (absolute) {
    gap = v.start;
    len = v.end;
  } else if (paged) {
    gap /= PAGE_SIZE;
    len /= PAGE_SIZE;
  }
  head.gap = gap;
  head.len = len;
  return vmaTag(v, v.pgoff === v.start / PAGE_SIZE, paged, absolute);
}

// v's numbers (after a VMA ending at prevEnd) onto w. writeVmaVarints writes the same numbers.
function writeVma(v: Vma, w: NumWriter, t: StringTable, prevEnd: number): void {
  const f = v.file;
  const tag = vmaHead(v, prevEnd);
  w.push(tag);
  w.push(head.gap);
  w.push(head.len);
  w.push(v.prot);
  if ((tag & SAME_PGOFF) === 0) w.push(v.pgoff);
  w.push(v.flags);
  w.push(v.pkey);
  if (f !== undefined) {
    w.push(t.id(f.id));
    w.push(t.id(f.path));
    w.push(t.id(f.dev));
    w.push(f.inode);
  }
  if (v.special !== undefined) w.push(t.id(v.special));
  if (v.specialDev !== undefined) w.push(t.id(v.specialDev));
  if (v.specialInode !== undefined) w.push(v.specialInode);
  if (v.anonName !== undefined) w.push(t.id(v.anonName));
  if (v.anonVma !== undefined) w.push(v.anonVma);
  if (v.uncertain !== undefined) w.push(t.id(v.uncertain));
}

/** At most 17 numbers per VMA, each at most 8 bytes as a varint. */
const VMA_BYTES = 17 * 8;

// The numbers of writeVma for v after `prev` (undefined: the first VMA of its space), as varints straight into out[o…] (VMA_BYTES of room): the offset after them, or -1 at the
// first number that is not a small integer (the checkpoint then needs float64, see varintVmas). Going through
// NumWriter cost a store and a load of every number and a second loop; a checkpoint is ~30,000 numbers.
function writeVmaVarints(v: Vma, out: Uint8Array, o: number, t: StringTable, prev: Vma | undefined): number {
  const f = v.file;
  const tag = vmaHead(v, prev === undefined ? 0 : prev.end);
  o = writeVarint(out, o, tag);
  if (o >= 0) o = writeVarint(out, o, head.gap);
  if (o >= 0) o = writeVarint(out, o, head.len);
  if (o >= 0) o = writeVarint(out, o, v.prot);
  if ((tag & SAME_PGOFF) === 0 && o >= 0) o = writeVarint(out, o, v.pgoff);
  if (o >= 0) o = writeVarint(out, o, v.flags);
  if (o >= 0) o = writeVarint(out, o, v.pkey);
  if (f !== undefined && o >= 0) {
    o = writeVarint(out, o, t.id(f.id));
    if (o >= 0) o = writeVarint(out, o, t.id(f.path));
    if (o >= 0) o = writeVarint(out, o, t.id(f.dev));
    if (o >= 0) o = writeVarint(out, o, f.inode);
  }
  if (v.special !== undefined && o >= 0) o = writeVarint(out, o, t.id(v.special));
  if (v.specialDev !== undefined && o >= 0) o = writeVarint(out, o, t.id(v.specialDev));
  if (v.specialInode !== undefined && o >= 0) o = writeVarint(out, o, v.specialInode);
  if (v.anonName !== undefined && o >= 0) o = writeVarint(out, o, t.id(v.anonName));
  if (v.anonVma !== undefined && o >= 0) o = writeVarint(out, o, v.anonVma);
  if (v.uncertain !== undefined && o >= 0) o = writeVarint(out, o, t.id(v.uncertain));
  return o;
}

// x as writeVarint writes it, the one-byte case (0…63: prot, flags, pkey, most gaps and lengths in pages) inline.
function putVarint(out: Uint8Array, o: number, x: number): number {
  if (x >= 0 && x < 64 && (x | 0) === x && !Object.is(x, -0)) {
    out[o] = x * 2;
    return o + 1;
  }
  return writeVarint(out, o, x);
}

/**
 * writeVmaVarints for a VMA without a file or special fields (file, special, specialDev, specialInode, anonName all
 * absent: the anonymous memory that fills the churn traces; `uncertain` may be set, as the fault guess sets it on
 * ~15 % of them), the same bytes in one function: its tag is below 2^14, so three bytes at most; each field is read
 * once. writeVmaVarints called vmaHead, vmaTag and writeVarint per number, ~40 % of a checkpoint's time on calls
 * and repeated reads.
 */
function writePlainVmaVarints(v: Vma, out: Uint8Array, o: number, prev: Vma | undefined, t: StringTable): number {
  const prevEnd = prev === undefined ? 0 : prev.end;
  const start = v.start;
  const end = v.end;
  const pgoff = v.pgoff;
  let gap = start - prevEnd;
  let len = end - start;
  const absolute = prevEnd + gap !== start || start + len !== end;
  const paged = !absolute && Number.isInteger(gap / PAGE_SIZE) && Number.isInteger(len / PAGE_SIZE);
  if (absolute) {
    gap = start;
    len = end;
  } else if (paged) {
    gap /= PAGE_SIZE;
    len /= PAGE_SIZE;
  }
  const samePgoff = pgoff === start / PAGE_SIZE;
  const anonVma = v.anonVma;
  const uncertain = v.uncertain;
  const tag =
    (v.shared ? SHARED : 0) |
    (v.specialOffset === true ? SPECIAL_OFFSET : 0) |
    (v.forked === true ? FORKED : 0) |
    (samePgoff ? SAME_PGOFF : 0) |
    (paged ? PAGED : 0) |
    (absolute ? ABSOLUTE : 0) |
    (anonVma !== undefined ? ANON_VMA : 0) |
    (uncertain !== undefined ? UNCERTAIN : 0);
  // The zigzag value 2 * tag is below 2^15.
  if (tag < 64) out[o++] = tag * 2;
  else if (tag < 8192) {
    out[o++] = ((tag * 2) & 127) | 128;
    out[o++] = tag >>> 6;
  } else {
    out[o++] = ((tag * 2) & 127) | 128;
    out[o++] = ((tag >>> 6) & 127) | 128;
    out[o++] = tag >>> 13;
  }
  o = putVarint(out, o, gap);
  if (o >= 0) o = putVarint(out, o, len);
  if (o >= 0) o = putVarint(out, o, v.prot);
  if (!samePgoff && o >= 0) o = putVarint(out, o, pgoff);
  if (o >= 0) o = putVarint(out, o, v.flags);
  if (o >= 0) o = putVarint(out, o, v.pkey);
  if (anonVma !== undefined && o >= 0) o = putVarint(out, o, anonVma);
  if (uncertain !== undefined && o >= 0) o = putVarint(out, o, t.id(uncertain));
  return o;
}

/** Reads VMAs back; VMAs of one open file share one VmaFile, as they do in a live replay. */
class VmaReader {
  private lastFile: VmaFile | undefined;
  private lastKey = [-1, -1, -1, -1, -1];

  constructor(
    readonly r: NumReader,
    private readonly strings: readonly string[],
  ) {}

  private str(i: number): string {
    const s = this.strings[i];
    if (s === undefined) throw new Error('replay checkpoint: bad string index');
    return s;
  }

  private file(id: number, path: number, dev: number, inode: number, deleted: number): VmaFile {
    const k = this.lastKey;
    if (this.lastFile !== undefined && k[0] === id && k[1] === path && k[2] === dev && k[3] === inode && k[4] === deleted) return this.lastFile;
    this.lastKey = [id, path, dev, inode, deleted];
    this.lastFile = { id: this.str(id), path: this.str(path), dev: this.str(dev), inode, deleted: deleted === 1 };
    return this.lastFile;
  }

  // Built directly in shapedVma's field order (absent = undefined), so restored VMAs share one hidden class.
  read(prevEnd: number): Vma {
    const r = this.r;
    const tag = r.next();
    const gap = r.next();
    const len = r.next();
    const start = (tag & ABSOLUTE) !== 0 ? gap : (tag & PAGED) !== 0 ? prevEnd + gap * PAGE_SIZE : prevEnd + gap;
    const end = (tag & ABSOLUTE) !== 0 ? len : (tag & PAGED) !== 0 ? start + len * PAGE_SIZE : start + len;
    const prot = r.next();
    const pgoff = (tag & SAME_PGOFF) !== 0 ? start / PAGE_SIZE : r.next();
    const flags = r.next();
    const pkey = r.next();
    const file = (tag & FILE) !== 0 ? this.file(r.next(), r.next(), r.next(), r.next(), (tag & DELETED) !== 0 ? 1 : 0) : undefined;
    return {
      start,
      end,
      prot,
      shared: (tag & SHARED) !== 0,
      pgoff,
      flags,
      pkey,
      file,
      special: (tag & SPECIAL) !== 0 ? this.str(r.next()) : undefined,
      specialDev: (tag & SPECIAL_DEV) !== 0 ? this.str(r.next()) : undefined,
      specialInode: (tag & SPECIAL_INODE) !== 0 ? r.next() : undefined,
      specialOffset: (tag & SPECIAL_OFFSET) !== 0 ? true : undefined,
      anonName: (tag & ANON_NAME) !== 0 ? this.str(r.next()) : undefined,
      anonVma: (tag & ANON_VMA) !== 0 ? r.next() : undefined,
      forked: (tag & FORKED) !== 0 ? true : undefined,
      uncertain: (tag & UNCERTAIN) !== 0 ? this.str(r.next()) : undefined,
    };
  }
}

/** Reused by every save: an import saves a checkpoint every 1,000 steps, each ~30,000 numbers on churn. */
const scratch = new NumWriter();
let scratchBytes = new Uint8Array(1 << 16);

// The VMAs of the spaces as varints at the start of scratchBytes: their length, or -1 when some number is not a small
// integer. (Not a copy of its own: saveState copies them once, into the checkpoint.)
function varintVmas(spaces: readonly AddressSpace[], strings: StringTable): number {
  let out = scratchBytes;
  let o = 0;
  for (const s of spaces) {
    // The VMA before v, not its end: a double passed to a function that is not inlined is boxed, one allocation per
    // VMA (~45 MB per 1M churn load).
    let prev: Vma | undefined;
    for (const leaf of s.tree.leafArrays()) {
      for (let i = 0; i < leaf.length; i++) {
        const v = leaf[i] as Vma;
        if (out.length - o < VMA_BYTES) {
          const grown = new Uint8Array(out.length * 2);
          grown.set(out.subarray(0, o));
          out = grown;
          scratchBytes = grown;
        }
        o =
          v.file === undefined && v.special === undefined && v.specialDev === undefined && v.specialInode === undefined && v.anonName === undefined
            ? writePlainVmaVarints(v, out, o, prev, strings)
            : writeVmaVarints(v, out, o, strings, prev);
        if (o < 0) return -1;
        prev = v;
      }
    }
  }
  return o;
}

// The VMAs of the spaces as numbers: varints, or float64 when one is not a small integer.
function numberVmas(spaces: readonly AddressSpace[], strings: StringTable): { readonly body: Uint8Array; readonly compact: boolean } {
  scratch.reset();
  for (const s of spaces) {
    let prevEnd = 0;
    for (const v of s.vmas()) {
      writeVma(v, scratch, strings, prevEnd);
      prevEnd = v.end;
    }
  }
  const body = scratch.encode();
  return { body, compact: scratch.isCompact };
}

// The whole replay as checkpoint bytes.
export function saveState(core: ReplayCore): Uint8Array {
  const liveTables = new Set([...core.tasks.values()].filter((t) => t.alive).map((t) => t.fds));
  const saved = [...core.spaces.values()].filter((s) => s.users !== 0 || s.tree.size !== 0);
  // Varints straight from the VMAs (nearly always); else again through NumWriter, which may fall back to float64.
  let strings = new StringTable();
  const length = varintVmas(saved, strings);
  let body: Uint8Array;
  let compact = true;
  if (length >= 0) body = scratchBytes.subarray(0, length);
  else {
    strings = new StringTable();
    ({ body, compact } = numberVmas(saved, strings));
  }
  const spaces: SavedSpace[] = saved.map((s) => ({ id: s.id, users: s.users, brk: [opt(s.startBrk), opt(s.brk), opt(s.startStack)], defFlags: s.defFlags, bits: s.bits, n: s.tree.size }));
  const header: Header = {
    counters: [core.step, core.nextProc, core.nextSpace, core.nextAnon, core.nextFile, core.nextFdTable],
    sawFirstTask: core.sawFirstTask,
    tasks: [...core.tasks.values()].map((t) => ({ ...t, spaces: [...t.spaces], images: [...t.images] })),
    pids: [...core.pids],
    spaces,
    fdTables: [...core.fdTables].filter(([id]) => liveTables.has(id)).map(([id, t]) => [id, t.save()] as const),
    preApplied: [...core.preApplied],
    strings: strings.list,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX + head.length + body.length);
  out.set(MAGIC, 0);
  out[4] = FORMAT;
  out[5] = compact ? 1 : 0;
  new DataView(out.buffer).setUint32(6, head.length, true);
  out.set(head, PREFIX);
  out.set(body, PREFIX + head.length);
  return out;
}

// Rebuild the replay state saved by saveState.
export function restoreState(data: unknown, ids: IdSource & { nextFileId(): string }): ReplayCore {
  if (!(data instanceof Uint8Array) || data.length < PREFIX || MAGIC.some((b, i) => data[i] !== b) || data[4] !== FORMAT) {
    throw new Error('replay checkpoint: unknown format');
  }
  const headLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(6, true);
  const header = JSON.parse(new TextDecoder().decode(data.subarray(PREFIX, PREFIX + headLength))) as Header;
  const reader = new VmaReader(new NumReader(data.subarray(PREFIX + headLength), data[5] === 1), header.strings);
  const [step = 0, nextProc = 1, nextSpace = 1, nextAnon = 1, nextFile = 1, nextFdTable = 1] = header.counters;
  const spaces = new Map<number, AddressSpace>();
  for (const s of header.spaces) {
    const space = new AddressSpace(s.id, ids);
    space.users = s.users;
    const [startBrk, brk, startStack] = s.brk;
    if (startBrk >= 0) space.startBrk = startBrk;
    if (brk >= 0) space.brk = brk;
    if (startStack >= 0) space.startStack = startStack;
    space.defFlags = s.defFlags;
    space.bits = s.bits;
    const vmas: Vma[] = new Array<Vma>(s.n);
    let prevEnd = 0;
    for (let i = 0; i < s.n; i++) {
      const v = reader.read(prevEnd);
      vmas[i] = v;
      prevEnd = v.end;
    }
    space.tree.loadSorted(vmas);
    spaces.set(s.id, space);
  }
  if (!reader.r.done) throw new Error('replay checkpoint: more numbers than VMAs');
  // Tasks may point at spaces that were dropped because they died empty.
  for (const t of header.tasks) {
    for (const id of [t.space, ...t.spaces]) if (!spaces.has(id)) spaces.set(id, new AddressSpace(id, ids));
  }
  return {
    step,
    nextProc,
    nextSpace,
    nextAnon,
    nextFile,
    nextFdTable,
    sawFirstTask: header.sawFirstTask,
    tasks: new Map(header.tasks.map((t) => [t.procId, { ...t, spaces: [...t.spaces], images: [...t.images] }])),
    pids: new Map(header.pids),
    spaces,
    fdTables: new Map(header.fdTables.map(([id, rows]) => [id, FdTable.restore(ids, rows)])),
    preApplied: new Set(header.preApplied),
  };
}
