// Reads a file as lines: split on `\n`, one trailing `\r` dropped, bytes never rejected
// (invalid UTF-8 becomes U+FFFD, NUL stays), each line bounded in memory.
// Two readers over one splitter: a stream (async) and a blocking one (the parse worker's).
import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { VmtraceError } from '../errors.js';

/** Longest line kept; the rest of a longer line is skipped (and the line flagged). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** One line of a trace file. */
export interface TraceLine {
  readonly text: string;
  /** 1-based. */
  readonly lineNo: number;
  /** Set when the line was longer than MAX_LINE_BYTES and cut. */
  readonly truncated?: boolean;
}

const NL = 0x0a;

function decode(parts: readonly Buffer[], length: number): string {
  const buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
  const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
  return buf.toString('utf8', 0, end);
}

// Cuts chunks into lines; a line's pieces are kept across chunks (copied: a chunk buffer may be reused).
class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private truncated = false;
  private lineNo = 0;

  constructor(private readonly maxLine: number) {}

  private keep(piece: Buffer): void {
    const room = this.maxLine - this.length;
    if (piece.length > room) this.truncated = true;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length > 0) {
      this.parts.push(kept);
      this.length += kept.length;
    }
  }

  private take(sink: LineSink): void {
    this.lineNo++;
    const text = decode(this.parts, this.length);
    const truncated = this.truncated;
    this.parts = [];
    this.length = 0;
    this.truncated = false;
    sink(text, this.lineNo, truncated);
  }

  // Hands each complete line of `chunk` (plus what earlier chunks left) to `sink`; with `ascii`, a
  // plain Uint8Array view of `chunk` (the caller checked that it has no byte past 0x7f), the lines
  // wholly in `chunk` go with their bytes in it.
  pushEach(chunk: Buffer, sink: LineSink, ascii?: Uint8Array): void {
    let from = 0;
    for (let nl = chunk.indexOf(NL, from); nl !== -1; nl = chunk.indexOf(NL, from)) {
      if (this.length === 0 && !this.truncated && nl - from <= this.maxLine) {
        // Most lines lie whole in one chunk: decode them in place (no piece list, no subarray).
        const end = nl > from && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
        if (ascii !== undefined) sink(chunk.toString('utf8', from, end), ++this.lineNo, false, ascii, from, end);
        else sink(chunk.toString('utf8', from, end), ++this.lineNo, false);
      } else {
        this.keep(chunk.subarray(from, nl));
        this.take(sink);
      }
      from = nl + 1;
    }
    if (from < chunk.length) this.keep(Buffer.from(chunk.subarray(from)));
  }

  // A last line without `\n`.
  endEach(sink: LineSink): void {
    if (this.length > 0 || this.truncated) this.take(sink);
  }

  // The same as generators (a chunk's lines at a time).
  *push(chunk: Buffer): Generator<TraceLine> {
    yield* collect((sink) => this.pushEach(chunk, sink));
  }

  *end(): Generator<TraceLine> {
    yield* collect((sink) => this.endEach(sink));
  }
}

/**
 * Receives each line: its text, 1-based number, and whether it was cut at the length limit; from
 * eachLineSync, for a line of ASCII bytes only, also where its bytes lie (`bytes[start, end)`, the
 * text's bytes exactly: no `\r`), valid as long as the sink keeps `bytes` (never reused).
 */
export type LineSink = (text: string, lineNo: number, truncated: boolean, bytes?: Uint8Array, start?: number, end?: number) => void;

function collect(feed: (sink: LineSink) => void): TraceLine[] {
  const lines: TraceLine[] = [];
  feed((text, lineNo, truncated) => lines.push(truncated ? { text, lineNo, truncated } : { text, lineNo }));
  return lines;
}

const cannotRead = (path: string, error: unknown): VmtraceError => new VmtraceError(`${path}: cannot read: ${(error as Error).message}`, { cause: error });

// Yields every line of `path` (a last line without `\n` included).
export async function* readLines(path: string, maxLine = MAX_LINE_BYTES, chunkBytes = 1 << 20): AsyncGenerator<TraceLine> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  const splitter = new LineSplitter(maxLine);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield* splitter.push(chunk);
  } catch (error) {
    throw cannotRead(path, error);
  }
  yield* splitter.end();
}

// The same lines, read with blocking reads and handed to `sink` (for a worker thread that has nothing
// else to do meanwhile; no generator: its protocol cost ~0.25 µs per line, about half the reading).
// Each read goes to a new buffer, so that the bytes handed out stay as they are: a chunk without a
// byte past 0x7f (isAscii: the usual trace) hands its whole lines' bytes to the sink as well, for a
// sink that stores them as UTF-8 (ASCII bytes are their own UTF-8; other text is re-encoded from the
// decoded string, invalid bytes as U+FFFD, as before).
export function eachLineSync(path: string, sink: LineSink, maxLine = MAX_LINE_BYTES, chunkBytes = 1 << 20): void {
  const splitter = new LineSplitter(maxLine);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    for (;;) {
      const buf = Buffer.allocUnsafeSlow(chunkBytes);
      let n: number;
      try {
        n = readSync(fd, buf, 0, chunkBytes, null);
      } catch (error) {
        throw cannotRead(path, error);
      }
      if (n === 0) break;
      const chunk = n === chunkBytes ? buf : buf.subarray(0, n);
      // (A plain Uint8Array, not a Buffer: a sink's loads and copies then see one kind of array.)
      splitter.pushEach(chunk, sink, isAscii(chunk) ? new Uint8Array(buf.buffer, buf.byteOffset, n) : undefined);
    }
  } finally {
    closeSync(fd);
  }
  splitter.endEach(sink);
}
