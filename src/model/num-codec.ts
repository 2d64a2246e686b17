// A stream of numbers as bytes, for checkpoints: zigzag varints (1 byte for -64…63, 2 for the
// next 8,000…) when every number is an integer of magnitude below 2^52, else float64 for all of
// them, so odd values (-0, a non-integer page offset from a damaged trace, an address past 2^53)
// still come back exactly. Varints of 2^31 and more are cut by one division before the bit operations:
// those are 32-bit in JavaScript and addresses are up to 2^48.

const LIMIT = 2 ** 52;

/**
 * Numbers collected in order, then encoded at once (the mode depends on all of them). push() only stores, so it is
 * small enough to be inlined where a checkpoint writes its ~30,000 numbers; encode() tests each number once while
 * it writes the varints, and starts again in float64 at the first one that is not a small integer.
 */
export class NumWriter {
  private nums = new Float64Array(4096);
  private n = 0;
  private bytes = new Uint8Array(4096 * 8);
  private wide = false;

  /** Empty again, keeping the storage (one writer serves every checkpoint of an import). */
  reset(): void {
    this.n = 0;
  }

  push(x: number): void {
    if (this.n === this.nums.length) this.grow();
    this.nums[this.n++] = x;
  }

  /** Whether the numbers will be written as varints (else float64); known after encode(). */
  get isCompact(): boolean {
    return !this.wide;
  }

  // The encoded numbers (the mode is not in the bytes: the caller stores isCompact).
  encode(): Uint8Array {
    const { nums, n } = this;
    // At most 8 bytes per number below 2^53 (7 bits per byte).
    if (this.bytes.length < n * 8) this.bytes = new Uint8Array(n * 8);
    const out = this.bytes;
    let o = 0;
    for (let i = 0; i < n; i++) {
      o = writeVarint(out, o, nums[i] as number);
      if (o < 0) return this.encodeWide();
    }
    this.wide = false;
    return out.slice(0, o);
  }

  private encodeWide(): Uint8Array {
    this.wide = true;
    const wide = new Uint8Array(this.n * 8);
    const view = new DataView(wide.buffer);
    for (let i = 0; i < this.n; i++) view.setFloat64(i * 8, this.nums[i] as number, true);
    return wide;
  }

  private grow(): void {
    const grown = new Float64Array(this.nums.length * 2);
    grown.set(this.nums);
    this.nums = grown;
  }
}

/**
 * x as a zigzag varint at out[o] (8 bytes of room needed): the offset after it, or -1 when x is not an integer of
 * magnitude below 2^52 (or is -0) and so needs the float64 mode.
 */
export function writeVarint(out: Uint8Array, o: number, x: number): number {
  // Below 2^30 and not -0 (almost every number): the zigzag value fits 31 bits, so shifts instead of divisions.
  if (x >= 0 && x < 0x40000000 && (x | 0) === x && !Object.is(x, -0)) {
    // One byte for 0…63 (tags, protections, flags, gaps and lengths in pages): no loop.
    if (x < 64) {
      out[o] = x * 2;
      return o + 1;
    }
    return writeSmall(out, o, x * 2);
  }
  // -0 is an integer too, but a varint would bring it back as 0.
  if (Number.isInteger(x) && x < LIMIT && x > -LIMIT && !Object.is(x, -0)) return writeLarge(out, o, x >= 0 ? x * 2 : -x * 2 - 1);
  return -1;
}

// A zigzag value below 2^31 at out[o]; the offset after it.
function writeSmall(out: Uint8Array, o: number, z: number): number {
  while (z >= 128) {
    out[o++] = (z & 127) | 128;
    z >>>= 7;
  }
  out[o++] = z;
  return o;
}

// A zigzag value below 2^53 (bit operations are 32-bit in JavaScript): the low 28 bits as four bytes, the rest
// below 2^25 by shifts. At 2^31 and more there are at least five bytes, so the first four always continue.
function writeLarge(out: Uint8Array, o: number, z: number): number {
  if (z < 0x80000000) return writeSmall(out, o, z);
  const hi = Math.floor(z / 0x10000000);
  const lo = z - hi * 0x10000000;
  out[o] = (lo & 127) | 128;
  out[o + 1] = ((lo >>> 7) & 127) | 128;
  out[o + 2] = ((lo >>> 14) & 127) | 128;
  out[o + 3] = ((lo >>> 21) & 127) | 128;
  return writeSmall(out, o + 4, hi);
}

/** Reads back what NumWriter.encode wrote, in order. */
export class NumReader {
  private at = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly compact: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True when every number has been read. */
  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  next(): number {
    const bytes = this.bytes;
    if (this.at >= bytes.length) throw new Error('replay checkpoint: truncated');
    if (!this.compact) {
      const x = this.view.getFloat64(this.at, true);
      this.at += 8;
      return x;
    }
    let b = bytes[this.at++] as number;
    if (b < 128) return (b & 1) === 0 ? b / 2 : -(b + 1) / 2; // one byte: -64…63
    let z = b & 127;
    let scale = 128;
    while (b >= 128) {
      if (this.at >= bytes.length) throw new Error('replay checkpoint: truncated');
      b = bytes[this.at++] as number;
      z += (b & 127) * scale;
      scale *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}
