// A stage of the import's queue: events in step order, each with its raw text and its stored text, read from a
// head index. A text is a string, or bytes [from, to) of an ArrayBuffer (a parse worker batch's): the writer copies
// those bytes into the event's block, so no view is made per text (two per event cost the main thread ~0.2 µs).
import type { VmEvent } from '../model/events.js';

/** A text of an entry: a string, or the ArrayBuffer whose bytes [from, to) it is. */
export type TextSource = string | ArrayBufferLike;

/** Entries read from the front are dropped at once when this many were (splice costs per call, not per entry). */
const COMPACT_AT = 256;

/** Parallel arrays (no object per entry); `head` is the first entry not yet taken. */
export class EventQueue {
  readonly events: VmEvent[] = [];
  readonly raws: TextSource[] = [];
  /** The stored text, or undefined when it is to be made from the event (eventText). */
  readonly jsons: (TextSource | undefined)[] = [];
  /** Per entry: raw from, raw to, json from, json to (0 for strings). */
  readonly spans: number[] = [];
  head = 0;

  get size(): number {
    return this.events.length - this.head;
  }

  push(event: VmEvent, raw: TextSource, rawFrom: number, rawTo: number, json: TextSource | undefined, jsonFrom: number, jsonTo: number): void {
    this.events.push(event);
    this.raws.push(raw);
    this.jsons.push(json);
    this.spans.push(rawFrom, rawTo, jsonFrom, jsonTo);
  }

  /** Appends entry `at` of `from` with `event` in place of its own, and without its stored text unless `keepJson`. */
  pushFrom(from: EventQueue, at: number, event: VmEvent, keepJson: boolean): void {
    const s = 4 * at;
    const spans = from.spans;
    if (keepJson) this.push(event, from.raws[at] as TextSource, spans[s] as number, spans[s + 1] as number, from.jsons[at], spans[s + 2] as number, spans[s + 3] as number);
    else this.push(event, from.raws[at] as TextSource, spans[s] as number, spans[s + 1] as number, undefined, 0, 0);
  }

  /** Drops the taken entries once COMPACT_AT of them (or all) were taken. */
  compact(): void {
    const head = this.head;
    if (head === this.events.length) {
      this.events.length = 0;
      this.raws.length = 0;
      this.jsons.length = 0;
      this.spans.length = 0;
      this.head = 0;
    } else if (head >= COMPACT_AT) {
      this.events.splice(0, head);
      this.raws.splice(0, head);
      this.jsons.splice(0, head);
      this.spans.splice(0, 4 * head);
      this.head = 0;
    }
  }
}
