// One text line → a line record: leader + a classified body (no pairing,
// no argument decoding; see joiner.ts and decode-*.ts).

import { parseLeader, type Leader } from './leader.js';
import { findClose } from './scan.js';

const UNFINISHED = ' <unfinished ...>';
const PID_CHANGED = ' <pid changed to ';
const ATTACHED_MIDLINE = 'strace: Process ';

/** What a line's body is. */
export type LineBody =
  /** `name(args) = R`: `text` is the whole call from the name on; `close` is the index of its `)`. */
  | { readonly kind: 'call'; readonly name: string; readonly text: string; readonly close: number }
  /** `name(args <unfinished ...>`: `text` ends where ` <unfinished ...>` began. */
  | { readonly kind: 'unfinished'; readonly name: string; readonly text: string; readonly pidChangedTo?: number }
  /** `<... name resumed>rest`: `rest` is what follows (a `<unfinished ...>` removed). */
  | { readonly kind: 'resumed'; readonly name: string; readonly rest: string }
  | { readonly kind: 'signal'; readonly signal: string; readonly stopped: boolean; readonly info?: string }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'killed'; readonly signal: string; readonly core: boolean }
  | { readonly kind: 'superseded'; readonly by: number }
  | { readonly kind: 'personality'; readonly pid: number; readonly mode: '64' | '32' | 'x32' }
  | { readonly kind: 'frame' }
  /** `threads`: from `attached with N threads` (strace -p of a running multithreaded process). */
  | { readonly kind: 'attached'; readonly pid: number; readonly threads?: number }
  | { readonly kind: 'detached'; readonly pid: number }
  /** `????(` – syscall number unreadable. */
  | { readonly kind: 'unknown-nr' }
  | { readonly kind: 'empty' }
  /** A call cut by `strace: Process N attached` in the middle; `head` waits for the next line. */
  | { readonly kind: 'fragment'; readonly head: string; readonly attached?: number }
  | { readonly kind: 'garbage'; readonly reason: string };

/** A classified line. */
export interface LineRecord {
  readonly leader: Leader;
  readonly body: LineBody;
}

const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

function garbage(reason: string): LineBody {
  return { kind: 'garbage', reason };
}

function parseMessage(b: string): LineBody | undefined {
  // `strace: Process N attached[ with M threads]` / `detached`; ≤4.10 without `strace: `.
  const m = b.startsWith('strace: ') ? b.slice(8) : b;
  if (!m.startsWith('Process ')) return undefined;
  const sp = m.indexOf(' ', 8);
  const pid = Number(m.slice(8, sp));
  if (sp < 0 || !Number.isSafeInteger(pid)) return undefined;
  const what = m.slice(sp + 1);
  if (what.startsWith('attached')) {
    const threads = /^attached with (\d+) threads$/.exec(what);
    return threads === null ? { kind: 'attached', pid } : { kind: 'attached', pid, threads: Number(threads[1]) };
  }
  if (what.startsWith('detached')) return { kind: 'detached', pid };
  return undefined;
}

function parseEnd(b: string): LineBody {
  if (!b.endsWith(' +++')) return garbage('unterminated +++ line');
  const inner = b.slice(4, -4);
  if (inner.startsWith('exited with ')) {
    const n = Number(inner.slice(12));
    return Number.isSafeInteger(n) ? { kind: 'exited', status: n } : garbage('bad exit status');
  }
  if (inner.startsWith('killed by ')) {
    const rest = inner.slice(10);
    const core = rest.endsWith(' (core dumped)');
    return { kind: 'killed', signal: core ? rest.slice(0, -14) : rest.trim(), core };
  }
  if (inner.startsWith('superseded by execve in pid ')) {
    const n = Number(inner.slice(28));
    return Number.isSafeInteger(n) ? { kind: 'superseded', by: n } : garbage('bad superseded pid');
  }
  return garbage('unknown +++ line');
}

function parseSignal(b: string): LineBody {
  if (!b.endsWith(' ---')) return garbage('unterminated --- line');
  const inner = b.slice(4, -4);
  if (inner.startsWith('stopped by ')) return { kind: 'signal', signal: inner.slice(11), stopped: true };
  const sp = inner.indexOf(' ');
  return sp < 0 ? { kind: 'signal', signal: inner, stopped: false } : { kind: 'signal', signal: inner.slice(0, sp), stopped: false, info: inner.slice(sp + 1) };
}

function parsePersonality(b: string): LineBody {
  // `[ Process PID=4340 runs in 32 bit mode. ]`
  const pidEnd = b.indexOf(' ', 14);
  const pid = Number(b.slice(14, pidEnd));
  const mode = b.includes('runs in 64 bit') ? '64' : b.includes('runs in 32 bit') ? '32' : b.includes('runs in x32') ? 'x32' : undefined;
  if (!Number.isSafeInteger(pid) || mode === undefined || !b.endsWith(' ]')) return garbage('bad personality line');
  return { kind: 'personality', pid, mode };
}

// The call whose name starts at `from` in `s` (the body, read in place: indexes below are into `s`,
// and a match found before `from`, inside the leader, does not count).
function parseCall(s: string, from: number): LineBody {
  let i = from;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  if (i === from || s.charCodeAt(i) !== 40) return garbage('not a strace line');
  const name = s.slice(from, i);
  // Both endings below end in `>`; a complete call seldom does (tested first: this runs on every call line).
  if (s.charCodeAt(s.length - 1) === 62) {
    if (s.endsWith(UNFINISHED)) return { kind: 'unfinished', name, text: s.slice(from, s.length - UNFINISHED.length) };
    if (s.endsWith(' ...>')) {
      const pc = s.lastIndexOf(PID_CHANGED);
      const to = Number(s.slice(pc + PID_CHANGED.length, s.length - 5));
      if (pc > from && Number.isSafeInteger(to)) return { kind: 'unfinished', name, text: s.slice(from, pc), pidChangedTo: to };
    }
  }
  const close = findClose(s, i + 1);
  if (close < 0) {
    const at = s.lastIndexOf(ATTACHED_MIDLINE);
    if (at > from) {
      const msg = parseMessage(s.slice(at));
      return { kind: 'fragment', head: s.slice(from, at), attached: msg?.kind === 'attached' ? msg.pid : undefined };
    }
    return garbage('argument list not closed (line cut?)');
  }
  return { kind: 'call', name, text: from === 0 ? s : s.slice(from), close: close - from };
}

// `<... NAME resumed>REST` starting at `from` in `s`.
function parseResumed(s: string, from: number): LineBody {
  const end = s.indexOf(' resumed>', from + 5);
  if (end < 0) return garbage('bad resumed line');
  const name = s.slice(from + 5, end);
  // The rest is joined to the entry text verbatim: arguments are trimmed later, so
  // ≤4.26's `resumed> )` and 5.0+'s `resumed>)` both work, and clone3's ` => {…}` keeps its space.
  let rest = s.slice(end + 9);
  const r0 = rest.charCodeAt(0);
  if (r0 === 32 && rest.startsWith(' <unfinished ...>')) rest = rest.slice(17);
  else if (r0 === 60 && rest.startsWith('<unfinished ...>')) rest = rest.slice(16);
  return { kind: 'resumed', name, rest };
}

// Classifies the body text s[from…]. Calls and resumed halves, nearly every line of a trace, are
// read in place; the rarer kinds get the body cut out.
export function parseBody(s: string, from = 0): LineBody {
  const c = s.charCodeAt(from);
  if (c === 60) return s.startsWith('<... ', from) ? parseResumed(s, from) : garbage('not a strace line');
  const message = (c === 115 && s.startsWith('strace: ', from)) || (c === 80 && s.startsWith('Process ', from));
  if (isNameChar(c) && !message) return parseCall(s, from);
  return parseOther(from === 0 ? s : s.slice(from));
}

function parseOther(b: string): LineBody {
  if (b.length === 0) return { kind: 'empty' };
  switch (b.charCodeAt(0)) {
    case 45: // -
      return b.startsWith('--- ') ? parseSignal(b) : garbage('not a strace line');
    case 43: // +
      return b.startsWith('+++ ') ? parseEnd(b) : garbage('not a strace line');
    case 91: // [
      return b.startsWith('[ Process PID=') ? parsePersonality(b) : garbage('not a strace line');
    case 32:
      if (b.startsWith(' > ')) return { kind: 'frame' };
      return b.trim() === '' ? { kind: 'empty' } : garbage('not a strace line');
    case 63: // ?
      return b.startsWith('????(') ? { kind: 'unknown-nr' } : garbage('not a strace line');
    default: {
      if (b.startsWith('strace: ') || b.startsWith('Process ')) {
        if (b.startsWith('strace: [ Process PID=')) return parsePersonality(b.slice(8));
        return parseMessage(b) ?? garbage('strace message');
      }
      return parseCall(b, 0);
    }
  }
}

// Parses one line (without newline or `\r`).
export function parseLine(text: string): LineRecord {
  const leader = parseLeader(text);
  return { leader, body: parseBody(text, leader.body) };
}
