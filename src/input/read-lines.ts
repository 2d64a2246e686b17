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
/**
 * Most bytes of lines decoded at once for the sink of an ASCII chunk: small, as a line is a slice
 * that keeps its whole run alive while a parser holds it (an unfinished call per task), yet ~50
 * lines a run; far under V8's large-object size.
 */
const SEGMENT = 4 * 1024;

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
  // wholly in `chunk` go with their bytes in it, and their texts are cut from runs of whole lines
  // decoded at once (ASCII: latin1 gives what UTF-8 gives): one native call per run instead of one
  // per line (~0.5 s less of the 1M churn import's worker; the lines are V8 slices of the run). Runs
  // of up to SEGMENT bytes: a 1 MB string per chunk went to V8's large-object space, freed only by a
  // full collection (~40 MB more peak RSS).
  pushEach(chunk: Buffer, sink: LineSink, ascii?: Uint8Array, asciiSink?: AsciiSink): void {
    let from = 0;
    let run = '';
    let runStart = 0;
    let runEnd = -1;
    for (let nl = chunk.indexOf(NL, from); nl !== -1; nl = chunk.indexOf(NL, from)) {
      if (this.length === 0 && !this.truncated && nl - from <= this.maxLine) {
        // Most lines lie whole in one chunk: decode them in place (no piece list, no subarray).
        const end = nl > from && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
        if (ascii === undefined) sink(chunk.toString('utf8', from, end), ++this.lineNo, false);
        else if (asciiSink !== undefined) asciiSink(++this.lineNo, ascii, from, end);
        else {
          if (nl > runEnd) {
            // The next run: this line and the whole ones after it within SEGMENT bytes.
            runEnd = Math.max(nl, chunk.lastIndexOf(NL, Math.min(chunk.length - 1, from + SEGMENT)));
            runStart = from;
            run = chunk.toString('latin1', from, runEnd);
          }
          sink(run.slice(from - runStart, end - runStart), ++this.lineNo, false, ascii, from, end);
        }
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
 * eachLineSync given `recycle`, for a line of ASCII bytes only, also where its bytes lie
 * (`bytes[start, end)`, the text's bytes exactly: no `\r`), valid until `recycle(bytes)`.
 */
export type LineSink = (text: string, lineNo: number, truncated: boolean, bytes?: Uint8Array, start?: number, end?: number) => void;

/**
 * Receives each line of an ASCII chunk that lies whole in it, as its bytes only (bytes[start, end), no
 * `\r`; no text is made: a sink that needs it decodes it, latin1), valid until `recycle(bytes)`.
 */
export type AsciiSink = (lineNo: number, bytes: Uint8Array, start: number, end: number) => void;

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

/** Chunk buffers eachLineSync reads into in turn. */
const CHUNKS = 4;

// The same lines, read with blocking reads and handed to `sink` (for a worker thread that has nothing
// else to do meanwhile; no generator: its protocol cost ~0.25 µs per line, about half the reading).
// With `recycle`, a chunk without a byte past 0x7f (isAscii: the usual trace) hands its whole lines'
// bytes to the sink as well, for a sink that stores them as UTF-8 (ASCII bytes are their own UTF-8;
// other text is re-encoded from the decoded string, invalid bytes as U+FFFD, as before): the reader
// reads into CHUNKS buffers in turn, and calls `recycle` with the bytes it handed out of one before
// reading into it again (a sink that still needs some copies them then). Fresh buffers per read
// instead left ~45 MB more peak RSS to the allocator. With `asciiSink` as well, those lines go to it
// without their text (the other lines, cut across chunks or too long, still go to `sink`).
export function eachLineSync(path: string, sink: LineSink, maxLine = MAX_LINE_BYTES, chunkBytes = 1 << 20, recycle?: (bytes: Uint8Array) => void, asciiSink?: AsciiSink): void {
  const splitter = new LineSplitter(maxLine);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
  const buffers: Buffer[] = [];
  /** What each buffer's last read handed out as bytes. */
  const handed: (Uint8Array | undefined)[] = [];
  try {
    for (let turn = 0; ; turn = (turn + 1) % CHUNKS) {
      let buf = buffers[turn];
      if (buf === undefined) buffers[turn] = buf = Buffer.allocUnsafeSlow(chunkBytes);
      const old = handed[turn];
      if (old !== undefined) {
        handed[turn] = undefined;
        recycle?.(old);
      }
      let n: number;
      try {
        n = readSync(fd, buf, 0, chunkBytes, null);
      } catch (error) {
        throw cannotRead(path, error);
      }
      if (n === 0) break;
      const chunk = n === chunkBytes ? buf : buf.subarray(0, n);
      // (A plain Uint8Array, not a Buffer: a sink's loads and copies then see one kind of array.)
      const bytes = recycle !== undefined && isAscii(chunk) ? new Uint8Array(buf.buffer, buf.byteOffset, n) : undefined;
      handed[turn] = bytes;
      splitter.pushEach(chunk, sink, bytes, asciiSink);
    }
  } finally {
    closeSync(fd);
  }
  splitter.endEach(sink);
}
