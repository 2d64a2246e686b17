// VmEvent + StepEffect → events row.
import type { VmEvent } from '../model/events.js';
import type { ProcId, StepEffect } from '../model/types.js';
import type { Tables } from '../store/schema.js';

// The row stored for one applied event (`json`: the event's JSON when already made, e.g. by the parse worker).
export function eventRow(event: VmEvent, effect: StepEffect, procId: ProcId | undefined, raw: string, json?: string): Tables['events'] {
  return {
    step: event.step,
    pid: event.pid,
    proc_id: procId ?? null,
    space_id: effect.space ?? null,
    changed: effect.changed ? 1 : 0,
    event: json ?? JSON.stringify(event),
    raw,
    touched: effect.touched.length === 0 ? null : JSON.stringify(effect.touched),
  };
}
