// Remembers recent trace lines so each event can store its raw line(s), with bounded memory.
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

/**
 * Recent lines (a ring) plus every `<unfinished ...>` line not yet resumed. An unfinished line
 * stays in its ring slot while it is recent (no map traffic for the common case: its
 * `resumed` line follows within a few lines) and moves to the map only when the ring wraps.
 */
export class RawLines {
  private readonly texts: string[] = new Array<string>(RECENT).fill('');
  private readonly lines = new Float64Array(RECENT).fill(-1);
  private readonly sources = new Int32Array(RECENT);
  /** 1 while the slot holds an unfinished line not yet taken. */
  private readonly open = new Uint8Array(RECENT);
  private openInRing = 0;
  /** Unfinished lines pushed out of the ring before they were taken, oldest first. */
  private readonly pending = new Map<string, string>();

  // Records one line as read.
  add(text: string, line: number, source: number): void {
    const slot = line & (RECENT - 1);
    if (this.open[slot] === 1) {
      // Pushed out of the ring while still unfinished: keep it in the map.
      this.pending.set(`${this.sources[slot]}:${this.lines[slot]}`, this.texts[slot] as string);
      this.open[slot] = 0;
      this.openInRing--;
    }
    this.texts[slot] = clip(text);
    this.lines[slot] = line;
    this.sources[slot] = source;
    if (text.includes('<unfinished')) {
      this.open[slot] = 1;
      this.openInRing++;
    }
    // Bounded: the oldest unfinished lines are forgotten first (the ring holds the newest).
    while (this.pending.size > 0 && this.pending.size + this.openInRing > PENDING) {
      const first = this.pending.keys().next();
      if (first.done === true) break;
      this.pending.delete(first.value);
    }
  }

  // The raw text of an event: entry line (if split) then completing line, joined by `\n`.
  rawOf(line: number, source: number, entryLine?: number): string {
    const end = this.take(line, source) ?? '';
    if (entryLine === undefined || entryLine === line) return end;
    return `${this.take(entryLine, source) ?? ''}\n${end}`;
  }

  /** Appends the raw text of an event, as rawOf gives it, to `out` (no joined string is made). */
  rawTo(out: TextBytes, line: number, source: number, entryLine?: number): void {
    const end = this.take(line, source) ?? '';
    if (entryLine === undefined || entryLine === line) out.add(end);
    else out.addPair(this.take(entryLine, source) ?? '', end);
  }

  private take(line: number, source: number): string | undefined {
    const slot = line & (RECENT - 1);
    if (this.lines[slot] === line && this.sources[slot] === source) {
      if (this.open[slot] === 1) {
        this.open[slot] = 0;
        this.openInRing--;
      }
      return this.texts[slot];
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
}
