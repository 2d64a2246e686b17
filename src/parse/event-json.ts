// eventJson(e) === JSON.stringify(e) for every event the parser makes, ~2× faster for the calls
// that fill a trace (mmap, munmap, mprotect, mremap, brk): the parse worker serialises every event
// and JSON.stringify was its largest single cost (~3 µs per event). The hot kinds are written key by
// key in the order their decoders create them (decode-memory.ts, then withBase); any other kind or
// shape (a spawn hint, a pkey) goes to JSON.stringify. test/parse/event-json.test.ts holds the two equal.

import type { SyscallCommon, SyscallResult, VmEvent } from '../model/events.js';
import { intText } from './int-text.js';

const resultJson = (r: SyscallResult): string => (r.kind === 'ok' ? `{"kind":"ok","value":${intText(r.value)}}` : JSON.stringify(r));

// The base fields (decode-types.ts withBase order); undefined ones are left out as JSON.stringify does.
function baseJson(e: SyscallCommon): string {
  let s = `,"step":${e.step},"pid":${e.pid}`;
  if (e.time !== undefined) s += `,"time":${intText(e.time)}`;
  s += `,"line":${e.line}`;
  if (e.entryLine !== undefined) s += `,"entryLine":${e.entryLine}`;
  if (e.source !== undefined) s += `,"source":${e.source}`;
  s += `,"syscall":${JSON.stringify(e.syscall)},"result":${resultJson(e.result)}`;
  if (e.skipped !== undefined) s += `,"skipped":${e.skipped}`;
  return `${s}}`;
}

/** The event as JSON text, equal to JSON.stringify(e). */
export function eventJson(e: VmEvent): string {
  if (e.spawnedBy !== undefined) return JSON.stringify(e);
  switch (e.kind) {
    case 'mmap': {
      if (e.seen !== undefined) return JSON.stringify(e);
      const file = e.file === undefined ? '' : `,"file":${JSON.stringify(e.file)}`;
      return `{"kind":"mmap","addr":${intText(e.addr)},"length":${e.length},"prot":${e.prot},"flags":${e.flags},"offset":${e.offset}${file}${baseJson(e)}`;
    }
    case 'munmap':
      return `{"kind":"munmap","addr":${intText(e.addr)},"length":${e.length}${baseJson(e)}`;
    case 'mprotect':
      if (e.pkey !== undefined) return JSON.stringify(e);
      return `{"kind":"mprotect","addr":${intText(e.addr)},"length":${e.length},"prot":${e.prot}${baseJson(e)}`;
    case 'mremap': {
      const to = e.newAddr === undefined ? '' : `,"newAddr":${intText(e.newAddr)}`;
      return `{"kind":"mremap","oldAddr":${intText(e.oldAddr)},"oldLength":${e.oldLength},"newLength":${e.newLength},"flags":${e.flags}${to}${baseJson(e)}`;
    }
    case 'brk':
      return `{"kind":"brk","addr":${intText(e.addr)}${baseJson(e)}`;
    default:
      return JSON.stringify(e);
  }
}
