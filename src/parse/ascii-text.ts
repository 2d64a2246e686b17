// The text of ASCII bytes (each byte its own character: latin1 gives what UTF-8 gives), for the byte
// fast path's callers, which make a line's text only when something needs it.

/** A Buffer over the bytes decoded last (made again only when they change: the reader recycles four buffers). */
let over: Buffer = Buffer.alloc(0);
let overOf: Uint8Array | undefined;

/** The text of the ASCII bytes b[from, to). */
export function asciiText(b: Uint8Array, from: number, to: number): string {
  if (b !== overOf) {
    overOf = b;
    over = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return over.toString('latin1', from, to);
}
