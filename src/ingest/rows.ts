// VmEvent + StepEffect → events row.
import type { VmEvent } from '../model/events.js';
import type { ProcId, StepEffect } from '../model/types.js';
import type { Tables } from '../store/schema.js';

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

// An integer as JSON prints it. Addresses (~1.4e14) are not small integers, and V8's double-to-text was most of
// touchedJson; two small-integer halves print ~2.5x faster (0.57 -> 0.22 us per range, measured).
function intText(n: number): string {
  if (!(n >= 1e9 && n < 9e15) || Math.floor(n) !== n) return `${n}`;
  const lo = n % 1e9; // exact for integers, as is the division below (a multiple of 1e9 under 2^53)
  const low = `${lo}`;
  return `${(n - lo) / 1e9}${ZEROS[9 - low.length] as string}${low}`;
}

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
