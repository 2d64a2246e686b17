// A stage of the import's queue: events in step order, each with its raw text and its stored text, read from a
// head index. A text is a string, or bytes [from, to) of an ArrayBuffer (a parse worker batch's): the writer copies
// those bytes into the event's block, so no view is made per text (two per event cost the main thread ~0.2 µs).
import type { VmEvent } from '../model/events.js';

/** A text of an entry: a string, or the ArrayBuffer whose bytes [from, to) it is. */
export type TextSource = string | ArrayBufferLike;

/** Entries read from the front are dropped at once when this many were (a move of the rest per call, not per entry). */
const COMPACT_AT = 256;

/**
 * Parallel arrays (no object per entry); the entries are [head, end). The arrays never shrink: past `end` they hold
 * entries already taken, overwritten by the next pushes. (splice(0, head) made a 256-entry array of the dropped
 * ones per call, ~53 MB per 1M events; a shorter `length` made V8 trim the store, grown again by the next pushes.)
 */
export class EventQueue {
  readonly events: VmEvent[] = [];
  readonly raws: TextSource[] = [];
  /** The stored text, or undefined when it is to be made from the event (eventText). */
  readonly jsons: (TextSource | undefined)[] = [];
  /** Per entry: raw from, raw to, json from, json to (0 for strings). */
  readonly spans: number[] = [];
  head = 0;
  end = 0;

  get size(): number {
    return this.end - this.head;
  }

  push(event: VmEvent, raw: TextSource, rawFrom: number, rawTo: number, json: TextSource | undefined, jsonFrom: number, jsonTo: number): void {
    const at = this.end;
    this.events[at] = event;
    this.raws[at] = raw;
    this.jsons[at] = json;
    const s = 4 * at;
    const spans = this.spans;
    spans[s] = rawFrom;
    spans[s + 1] = rawTo;
    spans[s + 2] = jsonFrom;
    spans[s + 3] = jsonTo;
    this.end = at + 1;
  }

  /** Appends entry `at` of `from` with `event` in place of its own, and without its stored text unless `keepJson`. */
  pushFrom(from: EventQueue, at: number, event: VmEvent, keepJson: boolean): void {
    const s = 4 * at;
    const spans = from.spans;
    if (keepJson) this.push(event, from.raws[at] as TextSource, spans[s] as number, spans[s + 1] as number, from.jsons[at], spans[s + 2] as number, spans[s + 3] as number);
    else this.push(event, from.raws[at] as TextSource, spans[s] as number, spans[s + 1] as number, undefined, 0, 0);
  }

  /** Moves the entries not taken to the front once COMPACT_AT were taken (or all were). */
  compact(): void {
    const head = this.head;
    const end = this.end;
    if (head === end) {
      this.head = 0;
      this.end = 0;
    } else if (head >= COMPACT_AT) {
      const { events, raws, jsons, spans } = this;
      const n = end - head;
      for (let i = 0; i < n; i++) {
        events[i] = events[head + i] as VmEvent;
        raws[i] = raws[head + i] as TextSource;
        jsons[i] = jsons[head + i];
      }
      for (let i = 0; i < 4 * n; i++) spans[i] = spans[4 * head + i] as number;
      this.head = 0;
      this.end = n;
    }
  }
}
