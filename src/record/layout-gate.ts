// Exec layouts for the live import, attached as soon as they are known, so that the ingest
// applies and writes events while the target runs rather than holding everything behind an
// execve for layout inference (its LAYOUT_WINDOW of followers) until the end of the trace.
//
// A captured execve (its capture arrives before its line completes) gets the capture at once.
// One without a usable capture (the launcher's own exec, a late read) is inferred from the ELF
// files and the image's own events, which are complete once the same pid execs again or ends;
// until then it and everything after it wait here, at most `maxLines` trace lines (the ingest
// still finds their raw text in its ring of recent lines).
import { needsLayout } from '../ingest/enrich.js';
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';

/** Where layouts come from. */
export interface LayoutSources {
  /** The live capture of this execve, when there is a usable one. */
  readonly captured: (execve: ExecveEvent) => ExecLayout | undefined;
  /** ELF inference from the events that follow. */
  readonly inferred: (execve: ExecveEvent, following: readonly VmEvent[]) => ExecLayout | undefined;
}

/** The gate between the parser and the ingest. */
export interface LayoutGate {
  /** Events just parsed (up to trace line `line`) → events ready for the ingest, in order. */
  push(events: readonly VmEvent[], line: number): readonly VmEvent[];
  /** Everything still held, inferred from what followed. */
  end(): readonly VmEvent[];
}

// True when `e` closes the image `execve` started: its pid execs again or ends.
const closes = (execve: ExecveEvent, e: VmEvent): boolean =>
  e.pid === execve.pid && ((e.kind === 'execve' && e.result.kind === 'ok') || e.kind === 'exit' || e.kind === 'end');

// Creates a gate; `maxLines` bounds how far (in trace lines) an uncaptured execve waits.
export function createLayoutGate(sources: LayoutSources, maxLines: number): LayoutGate {
  let held: VmEvent[] = []; // held[0] is an execve waiting for inference
  let closed = false; // held[0]'s image is complete

  const withInferred = (execve: ExecveEvent, following: readonly VmEvent[]): ExecveEvent => {
    const layout = sources.inferred(execve, following);
    return layout === undefined ? execve : { ...execve, layout };
  };
  const withCaptured = (e: VmEvent): VmEvent => {
    if (!needsLayout(e)) return e;
    const layout = sources.captured(e);
    return layout === undefined ? e : { ...e, layout };
  };

  // Moves held events to `out` while the head's image is complete; the first `force` heads go regardless.
  const release = (out: VmEvent[], force: number): void => {
    let i = 0;
    for (; i < held.length && (force > 0 || closed); force--) {
      const head = held[i] as ExecveEvent;
      const rest = held.slice(i + 1);
      out.push(withInferred(head, rest));
      // Pass events through up to the next execve that still needs a layout, which becomes the head.
      i++;
      while (i < held.length && !needsLayout(held[i] as VmEvent)) out.push(held[i++] as VmEvent);
      const next = held[i];
      closed = next !== undefined && held.slice(i + 1).some((e) => closes(next as ExecveEvent, e));
    }
    held = held.slice(i);
  };

  return {
    push(events, line) {
      const out: VmEvent[] = [];
      for (const parsed of events) {
        const e = withCaptured(parsed);
        if (held.length === 0) {
          if (needsLayout(e)) held.push(e);
          else out.push(e);
          continue;
        }
        held.push(e);
        if (!closed && closes(held[0] as ExecveEvent, e)) {
          closed = true;
          release(out, 0);
        }
      }
      const head = held[0];
      if (head !== undefined && line - head.line >= maxLines) release(out, 1);
      return out;
    },
    end() {
      const out: VmEvent[] = [];
      release(out, Infinity);
      return out;
    },
  };
}
