// Remembers recent trace lines so each event can store its raw line(s), with bounded memory.
import { asciiText } from '../parse/ascii-text.js';
import type { TextBytes } from './text-bytes.js';

// Ring of the latest lines (a power of two). Small on purpose: an event needs only its own line and
// its entry line (kept apart while unfinished), and lines that outlive a young-generation collection
// in the ring are what the parse worker's GC spends its time copying (4096 → 256: -25 % worker CPU
// in an isolated parse of the 200k churn trace).
const RECENT = 256;
const PENDING = 65_536;
/** Raw text kept per line (a 10 MB garbage line is not copied into every row). */
export const RAW_LIMIT = 65_536;

const clip = (s: string): string => (s.length > RAW_LIMIT ? `${s.slice(0, RAW_LIMIT)}…` : s);

/** A line kept as ASCII bytes: ASCII is its own UTF-8, and one byte per character. */
type Ascii = Uint8Array;

/**
 * Recent lines (a ring) plus every `<unfinished ...>` line not yet resumed. An unfinished line
 * stays in its ring slot while it is recent (no map traffic for the common case: its
 * `resumed` line follows within a few lines) and moves to the map only when the ring wraps.
 * A line may be given as text or, when it is ASCII, as its bytes where the reader has them
 * (addAscii): the parse worker then copies bytes into the stored raw text instead of encoding the
 * string again; what is stored is the same.
 */
export class RawLines {
  private readonly texts: string[] = new Array<string>(RECENT).fill('');
  /** The slot's line as bytes[starts, ends) when added by addAscii (its text is not kept), else undefined. */
  private readonly bytes: (Ascii | undefined)[] = new Array<Ascii | undefined>(RECENT).fill(undefined);
  private readonly starts = new Int32Array(RECENT);
  private readonly ends = new Int32Array(RECENT);
  private readonly lines = new Float64Array(RECENT).fill(-1);
  private readonly sources = new Int32Array(RECENT);
  /** 1 while the slot holds an unfinished line not yet taken. */
  private readonly open = new Uint8Array(RECENT);
  private openInRing = 0;
  /** Unfinished lines pushed out of the ring before they were taken, oldest first (ASCII ones as a copy of their bytes). */
  private readonly pending = new Map<string, string | Ascii>();

  // Records one line as read.
  add(text: string, line: number, source: number): void {
    const slot = this.slotFor(text.includes('<unfinished'), line, source);
    this.texts[slot] = clip(text);
    this.bytes[slot] = undefined;
  }

  /**
   * Records one line whose `text` is ASCII and whose bytes are bytes[start, end): those are kept (not
   * copied: the caller calls release(bytes) before it reuses them) instead of the text.
   */
  addAscii(text: string, line: number, source: number, bytes: Uint8Array, start: number, end: number): void {
    if (end - start > RAW_LIMIT) this.add(text, line, source); // clipped: as text
    else this.keepBytes(line, source, bytes, start, end, text.includes('<unfinished'));
  }

  /** addAscii of a line given only as its bytes, the caller knowing whether it is an unfinished half (`open`: its text has `<unfinished`); its text is made only when it is too long to keep whole. */
  addBytes(line: number, source: number, bytes: Uint8Array, start: number, end: number, open: boolean): void {
    if (end - start > RAW_LIMIT) this.add(asciiText(bytes, start, end), line, source);
    else this.keepBytes(line, source, bytes, start, end, open);
  }

  // Keeps a line as bytes[start, end) in its slot (the caller checked its length).
  private keepBytes(line: number, source: number, bytes: Uint8Array, start: number, end: number, open: boolean): void {
    const slot = this.slotFor(open, line, source);
    this.texts[slot] = '';
    this.bytes[slot] = bytes;
    this.starts[slot] = start;
    this.ends[slot] = end;
  }

  /** The reader is about to reuse `bytes`: the lines kept there are copied out first. */
  release(bytes: Uint8Array): void {
    for (let slot = 0; slot < RECENT; slot++) {
      if (this.bytes[slot] !== bytes) continue;
      const start = this.starts[slot] as number;
      const end = this.ends[slot] as number;
      this.bytes[slot] = Uint8Array.prototype.slice.call(bytes, start, end);
      this.starts[slot] = 0;
      this.ends[slot] = end - start;
    }
  }

  // The raw text of an event: entry line (if split) then completing line, joined by `\n`.
  rawOf(line: number, source: number, entryLine?: number): string {
    const end = this.textOf(this.take(line, source));
    if (entryLine === undefined || entryLine === line) return end;
    return `${this.textOf(this.take(entryLine, source))}\n${end}`;
  }

  /** Appends the raw text of an event, as rawOf gives it, to `out` (no joined string is made). */
  rawTo(out: TextBytes, line: number, source: number, entryLine?: number): void {
    if (entryLine === undefined || entryLine === line) {
      const slot = line & (RECENT - 1);
      const b = this.bytes[slot];
      // The common case first: a whole line still in the ring, as bytes (nothing to take: not open).
      if (b !== undefined && this.open[slot] === 0 && this.lines[slot] === line && this.sources[slot] === source) out.putBytes(b, this.starts[slot] as number, this.ends[slot] as number);
      else this.put(out, this.take(line, source));
    } else {
      const end = this.take(line, source);
      this.put(out, this.take(entryLine, source));
      out.newline();
      this.put(out, end);
    }
    out.end();
  }

  // The slot of a new line (`open`: it has `<unfinished`), its bookkeeping done (the text or bytes are the caller's to store).
  private slotFor(open: boolean, line: number, source: number): number {
    const slot = line & (RECENT - 1);
    if (this.open[slot] === 1) {
      // Pushed out of the ring while still unfinished: keep it in the map.
      this.pending.set(`${this.sources[slot]}:${this.lines[slot]}`, this.kept(slot));
      this.open[slot] = 0;
      this.openInRing--;
    }
    this.lines[slot] = line;
    this.sources[slot] = source;
    if (open) {
      this.open[slot] = 1;
      this.openInRing++;
    }
    // Bounded: the oldest unfinished lines are forgotten first (the ring holds the newest).
    while (this.pending.size > 0 && this.pending.size + this.openInRing > PENDING) {
      const first = this.pending.keys().next();
      if (first.done === true) break;
      this.pending.delete(first.value);
    }
    return slot;
  }

  // The line in `slot`, to keep after the slot is reused (bytes copied out of the reader's chunk).
  private kept(slot: number): string | Ascii {
    const b = this.bytes[slot];
    return b === undefined ? (this.texts[slot] as string) : Uint8Array.prototype.slice.call(b, this.starts[slot] as number, this.ends[slot] as number);
  }

  // Writes a taken line (nothing for a line no longer known).
  private put(out: TextBytes, taken: number | string | Ascii | undefined): void {
    if (taken === undefined) return;
    if (typeof taken === 'string') out.put(taken);
    else if (typeof taken !== 'number') out.putBytes(taken, 0, taken.length);
    else {
      const b = this.bytes[taken];
      if (b === undefined) out.put(this.texts[taken] as string);
      else out.putBytes(b, this.starts[taken] as number, this.ends[taken] as number);
    }
  }

  // The line `line` of `source`: its ring slot while it is there, else what the map kept, else undefined.
  private take(line: number, source: number): number | string | Ascii | undefined {
    const slot = line & (RECENT - 1);
    if (this.lines[slot] === line && this.sources[slot] === source) {
      if (this.open[slot] === 1) {
        this.open[slot] = 0;
        this.openInRing--;
      }
      return slot;
    }
    if (this.pending.size > 0) {
      const k = `${source}:${line}`;
      const p = this.pending.get(k);
      if (p !== undefined) {
        this.pending.delete(k);
        return p;
      }
    }
    return undefined;
  }

  // A taken line as text ('' for a line no longer known; ASCII bytes are their own characters).
  private textOf(taken: number | string | Ascii | undefined): string {
    if (taken === undefined || typeof taken === 'string') return taken ?? '';
    if (typeof taken !== 'number') return Buffer.from(taken.buffer, taken.byteOffset, taken.length).toString('latin1');
    const b = this.bytes[taken];
    if (b === undefined) return this.texts[taken] as string;
    return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', this.starts[taken], this.ends[taken]);
  }
}
