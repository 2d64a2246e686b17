// Remembers recent trace lines so each event can store its raw line(s), with bounded memory.

const RECENT = 4096;
const PENDING = 65_536;
/** Raw text kept per line (a 10 MB garbage line is not copied into every row). */
export const RAW_LIMIT = 65_536;

const clip = (s: string): string => (s.length > RAW_LIMIT ? `${s.slice(0, RAW_LIMIT)}…` : s);
const key = (source: number, line: number): string => `${source}:${line}`;

/** Recent lines plus every `<unfinished ...>` line not yet resumed. */
export class RawLines {
  private readonly recent = new Map<string, string>();
  private readonly pending = new Map<string, string>();

  // Records one line as read.
  add(text: string, line: number, source: number): void {
    const k = key(source, line);
    const t = clip(text);
    this.recent.set(k, t);
    if (this.recent.size > RECENT) this.evictOldest(this.recent);
    if (text.includes('<unfinished')) {
      this.pending.set(k, t);
      if (this.pending.size > PENDING) this.evictOldest(this.pending);
    }
  }

  // The raw text of an event: entry line (if split) then completing line, joined by `\n`.
  rawOf(line: number, source: number, entryLine?: number): string {
    const end = this.take(line, source) ?? '';
    if (entryLine === undefined || entryLine === line) return end;
    return `${this.take(entryLine, source) ?? ''}\n${end}`;
  }

  private take(line: number, source: number): string | undefined {
    const k = key(source, line);
    const p = this.pending.get(k);
    if (p !== undefined) {
      this.pending.delete(k);
      return p;
    }
    return this.recent.get(k);
  }

  private evictOldest(map: Map<string, string>): void {
    const first = map.keys().next();
    if (first.done !== true) map.delete(first.value);
  }
}
