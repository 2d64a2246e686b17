// VmEvent + StepEffect → events row.
import type { VmEvent } from '../model/events.js';
import type { ProcId, StepEffect } from '../model/types.js';
import type { Tables } from '../store/schema.js';
import { intText } from '../parse/int-text.js';

// JSON.stringify's output for [{start, end}, …] of integers, built directly: the generic path cost
// ~2 µs per event on the import's busiest thread.
function touchedJson(ranges: readonly { readonly start: number; readonly end: number }[]): string {
  let out = '[';
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as { readonly start: number; readonly end: number };
    out += `${i === 0 ? '' : ','}{"start":${intText(r.start)},"end":${intText(r.end)}}`;
  }
  return `${out}]`;
}

// The events row's `touched` column: NULL when the event changed nothing in its space.
export function touchedText(ranges: readonly { readonly start: number; readonly end: number }[]): string | null {
  return ranges.length === 0 ? null : touchedJson(ranges);
}

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
    touched: touchedText(effect.touched),
  };
}
