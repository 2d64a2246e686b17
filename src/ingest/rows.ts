// VmEvent + StepEffect → events row.
import type { VmEvent } from '../model/events.js';
import type { ProcId, StepEffect } from '../model/types.js';
import type { Tables } from '../store/schema.js';

// The row stored for one applied event (`json`: the event's JSON when already made, e.g. by the parse worker).
export function eventRow(event: VmEvent, effect: StepEffect, procId: ProcId | undefined, raw: string, json?: string): Tables['events'] {
  const sys = 'syscall' in event ? event : undefined;
  const result = sys?.result;
  return {
    step: event.step,
    pid: event.pid,
    proc_id: procId ?? null,
    space_id: effect.space ?? null,
    time_us: event.time ?? null,
    kind: event.kind,
    syscall: sys?.syscall ?? null,
    event: json ?? JSON.stringify(event),
    result: result === undefined ? null : result.kind === 'ok' ? String(result.value) : result.kind === 'none' ? '?' : '-1',
    errno: result?.kind === 'error' ? result.errno : null,
    line: event.line,
    entry_line: event.entryLine ?? null,
    source: event.source ?? 0,
    raw,
    changed: effect.changed ? 1 : 0,
    touched: effect.touched.length === 0 ? null : JSON.stringify(effect.touched),
  };
}
