// A stream of numbers as bytes, for checkpoints: zigzag varints (1 byte for -64…63, 2 for the
// next 8,000…) when every number is an integer of magnitude below 2^52, else float64 for all of
// them, so odd values (-0, a non-integer page offset from a damaged trace, an address past 2^53)
// still come back exactly. Varints of 2^31 and more are cut by division, not bit operations:
// those are 32-bit in JavaScript and addresses are up to 2^48.

const LIMIT = 2 ** 52;

/** Numbers collected in order, then encoded at once (the mode depends on all of them). */
export class NumWriter {
  private nums = new Float64Array(4096);
  private n = 0;
  private compact = true;

  /** Empty again, keeping the storage (one writer serves every checkpoint of an import). */
  reset(): void {
    this.n = 0;
    this.compact = true;
  }

  push(x: number): void {
    if (this.n === this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.n++] = x;
    // -0 is an integer too, but a varint would bring it back as 0.
    if (this.compact && !(Number.isInteger(x) && x < LIMIT && x > -LIMIT && (x !== 0 || 1 / x > 0))) this.compact = false;
  }

  /** Whether the numbers will be written as varints (else float64). */
  get isCompact(): boolean {
    return this.compact;
  }

  // The encoded numbers (the mode is not in the bytes: the caller stores isCompact).
  encode(): Uint8Array {
    const { nums, n } = this;
    if (!this.compact) {
      const wide = new Uint8Array(n * 8);
      const view = new DataView(wide.buffer);
      for (let i = 0; i < n; i++) view.setFloat64(i * 8, nums[i] as number, true);
      return wide;
    }
    // At most 8 bytes per number below 2^53 (7 bits per byte); grown never.
    const out = new Uint8Array(n * 8);
    let o = 0;
    for (let i = 0; i < n; i++) {
      const x = nums[i] as number;
      let z = x >= 0 ? x * 2 : -x * 2 - 1;
      if (z < 0x80000000) {
        // Below 2^31 (almost every number): shifts instead of divisions.
        while (z >= 128) {
          out[o++] = (z & 127) | 128;
          z >>>= 7;
        }
        out[o++] = z;
        continue;
      }
      while (z >= 128) {
        out[o++] = (z % 128) + 128;
        z = Math.floor(z / 128);
      }
      out[o++] = z;
    }
    return out.slice(0, o);
  }
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
