// Streams a file as lines: split on `\n`, one trailing `\r` dropped, bytes never rejected
// (invalid UTF-8 becomes U+FFFD, NUL stays), each line bounded in memory.
import { createReadStream } from 'node:fs';
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

// Yields every line of `path` (a last line without `\n` included).
export async function* readLines(path: string, maxLine = MAX_LINE_BYTES, chunkBytes = 1 << 20): AsyncGenerator<TraceLine> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  let parts: Buffer[] = [];
  let length = 0;
  let truncated = false;
  let lineNo = 0;
  const keep = (piece: Buffer): void => {
    const room = maxLine - length;
    if (piece.length > room) truncated = true;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length > 0) {
      parts.push(kept);
      length += kept.length;
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(NL, from); nl !== -1; nl = chunk.indexOf(NL, from)) {
        keep(chunk.subarray(from, nl));
        lineNo++;
        yield truncated ? { text: decode(parts, length), lineNo, truncated } : { text: decode(parts, length), lineNo };
        parts = [];
        length = 0;
        truncated = false;
        from = nl + 1;
      }
      // Copy the tail: the chunk buffer may be reused by the stream.
      if (from < chunk.length) keep(Buffer.from(chunk.subarray(from)));
    }
  } catch (error) {
    throw new VmtraceError(`${path}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  if (length > 0 || truncated) {
    lineNo++;
    yield truncated ? { text: decode(parts, length), lineNo, truncated } : { text: decode(parts, length), lineNo };
  }
}
