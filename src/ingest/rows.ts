// VmEvent + StepEffect → events row.
import type { VmEvent } from '../model/events.js';
import type { ProcId, StepEffect } from '../model/types.js';
import type { EventRow } from '../store/schema.js';
import { eventText } from '../parse/event-text.js';
import { touchedText } from '../store/touched-text.js';

// The events row of one applied event as readers see it (`json`: the event's text when already made, e.g. by the parse worker).
export function eventRow(event: VmEvent, effect: StepEffect, procId: ProcId | undefined, raw: string, json?: string): EventRow {
  return {
    step: event.step,
    pid: event.pid,
    proc_id: procId ?? null,
    space_id: effect.space ?? null,
    changed: effect.changed ? 1 : 0,
    event: json ?? eventText(event),
    raw,
    touched: touchedText(effect.touched),
  };
}
