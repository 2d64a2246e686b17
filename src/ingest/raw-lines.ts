// Remembers recent trace lines so each event can store its raw line(s), with bounded memory.

const RECENT = 4096; // ring of the latest lines (a power of two)
const PENDING = 65_536;
/** Raw text kept per line (a 10 MB garbage line is not copied into every row). */
export const RAW_LIMIT = 65_536;

const clip = (s: string): string => (s.length > RAW_LIMIT ? `${s.slice(0, RAW_LIMIT)}…` : s);

/** Recent lines (a ring) plus every `<unfinished ...>` line not yet resumed. */
export class RawLines {
  private readonly texts: string[] = new Array<string>(RECENT).fill('');
  private readonly lines = new Float64Array(RECENT).fill(-1);
  private readonly sources = new Int32Array(RECENT);
  private readonly pending = new Map<string, string>();

  // Records one line as read.
  add(text: string, line: number, source: number): void {
    const slot = line & (RECENT - 1);
    const t = clip(text);
    this.texts[slot] = t;
    this.lines[slot] = line;
    this.sources[slot] = source;
    if (text.includes('<unfinished')) {
      this.pending.set(`${source}:${line}`, t);
      if (this.pending.size > PENDING) {
        const first = this.pending.keys().next();
        if (first.done !== true) this.pending.delete(first.value);
      }
    }
  }

  // The raw text of an event: entry line (if split) then completing line, joined by `\n`.
  rawOf(line: number, source: number, entryLine?: number): string {
    const end = this.take(line, source) ?? '';
    if (entryLine === undefined || entryLine === line) return end;
    return `${this.take(entryLine, source) ?? ''}\n${end}`;
  }

  private take(line: number, source: number): string | undefined {
    if (this.pending.size > 0) {
      const k = `${source}:${line}`;
      const p = this.pending.get(k);
      if (p !== undefined) {
        this.pending.delete(k);
        return p;
      }
    }
    const slot = line & (RECENT - 1);
    return this.lines[slot] === line && this.sources[slot] === source ? this.texts[slot] : undefined;
  }
}
