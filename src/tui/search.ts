// `/` search: a syscall name, an address inside the range an event acts on, or a path.
import type { VmEvent } from '../model/events.js';
import type { ProcId } from '../model/types.js';
import type { TuiEvent, TuiSource } from './source.js';

/** A parsed search query. */
export type Query =
  | { readonly kind: 'address'; readonly addr: number }
  | { readonly kind: 'path'; readonly text: string }
  | { readonly kind: 'syscall'; readonly name: string };

const CHUNK = 4096;

// `0x…` is an address, text with `/` or `.` a path, anything else a syscall name.
export function parseQuery(text: string): Query {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return { kind: 'address', addr: Number.parseInt(t.slice(2), 16) };
  if (t.includes('/') || t.includes('.')) return { kind: 'path', text: t };
  return { kind: 'syscall', name: t };
}

// The byte ranges an event acts on (what an address search looks inside).
export function eventRanges(e: VmEvent): { start: number; end: number }[] {
  const ok = e.kind !== 'end' && e.kind !== 'superseded' && e.kind !== 'signal' && e.kind !== 'personality' && e.result.kind === 'ok' ? e.result : undefined;
  switch (e.kind) {
    case 'mmap':
      return ok === undefined ? [] : [{ start: ok.value, end: ok.value + e.length }];
    case 'munmap':
    case 'mprotect':
    case 'madvise':
    case 'anon_name':
      return [{ start: e.addr, end: e.addr + e.length }];
    case 'mlock':
      return e.addr === undefined ? [] : [{ start: e.addr, end: e.addr + (e.length ?? 0) }];
    case 'remap_file_pages':
      return [{ start: e.addr, end: e.addr + e.size }];
    case 'mremap': {
      const out = [{ start: e.oldAddr, end: e.oldAddr + e.oldLength }];
      if (ok !== undefined) out.push({ start: ok.value, end: ok.value + e.newLength });
      return out;
    }
    case 'shmdt':
      return [{ start: e.addr, end: e.addr + 1 }];
    default:
      return [];
  }
}

// Paths an event names (decoded).
function eventPaths(e: VmEvent): string[] {
  if (e.kind === 'mmap') return e.file?.path === undefined ? [] : [e.file.path];
  if (e.kind === 'execve') return [e.path];
  if (e.kind === 'fd') return [e.path, e.newPath].filter((p): p is string => p !== undefined);
  return [];
}

// True when the event matches the query.
export function matches(q: Query, ev: TuiEvent): boolean {
  const e = ev.event;
  switch (q.kind) {
    case 'address':
      return eventRanges(e).some((r) => r.start <= q.addr && q.addr < Math.max(r.end, r.start + 1));
    case 'path':
      return eventPaths(e).some((p) => p.includes(q.text)) || ev.raw.includes(q.text);
    case 'syscall':
      return ('syscall' in e && e.syscall === q.name) || e.kind === q.name;
  }
}

// The first step after (dir 1) or before (dir -1) `from` whose event passes `test`, scanning in chunks; wraps once.
export function findStep(source: TuiSource, from: number, dir: 1 | -1, test: (e: TuiEvent) => boolean, procId?: ProcId, wrap = true): { step: number; wrapped: boolean } | undefined {
  const total = source.info().stepCount;
  const scan = (lo: number, hi: number): number | undefined => {
    if (dir === 1) {
      for (let a = lo; a <= hi; a += CHUNK) {
        const hit = source.events(a, Math.min(hi, a + CHUNK - 1), procId).find(test);
        if (hit !== undefined) return hit.step;
      }
    } else {
      for (let b = hi; b >= lo; b -= CHUNK) {
        const hit = [...source.events(Math.max(lo, b - CHUNK + 1), b, procId)].reverse().find(test);
        if (hit !== undefined) return hit.step;
      }
    }
    return undefined;
  };
  const first = dir === 1 ? scan(from + 1, total) : scan(1, from - 1);
  if (first !== undefined) return { step: first, wrapped: false };
  if (!wrap) return undefined;
  const again = dir === 1 ? scan(1, from) : scan(from, total);
  return again === undefined ? undefined : { step: again, wrapped: true };
}
