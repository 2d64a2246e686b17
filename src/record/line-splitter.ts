// Bytes in arbitrary chunks → numbered lines, with exactly the rules of src/input/read-lines.ts
// (split on `\n`, one trailing `\r` dropped, UTF-8 with U+FFFD, long lines cut), so that a live
// recording and a later `vmtrace load` of its .strace file number and decode lines alike.
import { MAX_LINE_BYTES } from '../input/read-lines.js';

/** Receives each complete line. */
export type LineSink = (text: string, lineNo: number) => void;

/** A push-based line splitter. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private lineNo = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLine = MAX_LINE_BYTES,
  ) {}

  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      this.keep(buf.subarray(from, nl));
      this.emit();
      from = nl + 1;
    }
    if (from < buf.length) this.keep(Buffer.from(buf.subarray(from)));
  }

  // The last line, when the stream did not end with `\n`.
  end(): void {
    if (this.length > 0) this.emit();
  }

  get lines(): number {
    return this.lineNo;
  }

  private keep(piece: Buffer): void {
    const room = this.maxLine - this.length;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length > 0) {
      this.parts.push(kept);
      this.length += kept.length;
    }
  }

  private emit(): void {
    const buf = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.length);
    const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
    this.lineNo++;
    this.parts = [];
    this.length = 0;
    this.sink(buf.toString('utf8', 0, end), this.lineNo);
  }
}
