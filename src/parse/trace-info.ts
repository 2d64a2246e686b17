// What a trace tells about how it was made: strace options, a version hint and
// the tracee personality, gathered while lines are parsed.

import type { Leader, PrefixStyle, TimeStyle } from './leader.js';
import type { ResultTail } from './result.js';

/** Detected strace options and facts about a trace (JSON-friendly). */
export interface TraceInfo {
  /** Pid prefixes seen: `bracket` = `[pid N]` (stderr -f), `plain` = `N ` (-o -f); `ff` when read as per-pid files. */
  readonly prefixes: readonly (PrefixStyle | 'ff')[];
  readonly timestamps: TimeStyle;
  readonly timestampsNs: boolean;
  /** -T */
  readonly durations: boolean;
  readonly durationsNs: boolean;
  /** -i */
  readonly instructionPointers: boolean;
  /** -n */
  readonly syscallNumbers: boolean;
  /** -y / -yy */
  readonly fdPaths: 'none' | 'y' | 'yy';
  /** -k */
  readonly stackTraces: boolean;
  /** -X */
  readonly xlat: 'abbrev' | 'raw' | 'verbose';
  /** Syscalls printed fully raw (`-e raw=NAME`). */
  readonly rawSyscalls: readonly string[];
  /** -N (6.16+) */
  readonly namedArgs: boolean;
  /** -Y (5.15+) */
  readonly pidComms: boolean;
  /** The options above as strace flag words (`-f`, `-ttt`, `-T`, `-y`, …). */
  readonly flags: readonly string[];
  /** Version constraints read from the output (`<=4.26`, `>=5.2`, …), joined with `, `. */
  readonly versionHint?: string;
  readonly personality?: '64' | '32' | 'x32';
  /** How personality was found: a `runs in` line, or syscall names (mmap2 ⇒ 32). */
  readonly personalitySource?: 'runs-in' | 'syscalls';
  /** The pid used for lines of a trace that never names its first tracee (0 unless ParserOptions.defaultPid). */
  readonly unnamedPid?: number;
  /** Real pid that unprefixed lines turned out to have (when the trace names it later). */
  readonly firstPid?: number;
  readonly truncatedStrings: number;
  readonly injected: number;
  readonly delayed: number;
  /** `????(` lines. */
  readonly unknownSyscallNumbers: number;
  /** -k frame lines. */
  readonly frames: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || c === 95;
const CLONE_CALLS = new Set(['clone', 'clone2', 'clone3', 'fork', 'vfork']);

// The %memory calls whose arguments tell -e raw= and -X output apart. (A switch, not a Set: the name
// is a fresh string at every event, which a Set lookup would hash each time.)
function isRawLengthCall(name: string): boolean {
  switch (name) {
    case 'mmap': case 'mmap2': case 'munmap': case 'mprotect': case 'madvise':
    case 'mremap': case 'mlock': case 'munlock': case 'msync': case 'mincore':
      return true;
    default:
      return false;
  }
}

/** Accumulates TraceInfo facts. */
export class InfoTracker {
  private readonly prefixes = new Set<PrefixStyle | 'ff'>();
  private readonly raw = new Set<string>();
  private readonly hints = new Set<string>();
  /** The last prefix and hint added (already in their sets): every line repeats them. */
  private lastPrefix: PrefixStyle | undefined;
  private lastHint: string | undefined;
  readonly data: Mutable<Omit<TraceInfo, 'prefixes' | 'rawSyscalls' | 'flags' | 'versionHint'>> = {
    timestamps: 'none', timestampsNs: false, durations: false, durationsNs: false, instructionPointers: false,
    syscallNumbers: false, fdPaths: 'none', stackTraces: false, xlat: 'abbrev', namedArgs: false, pidComms: false,
    truncatedStrings: 0, injected: 0, delayed: 0, unknownSyscallNumbers: 0, frames: 0,
  };

  addPrefix(p: PrefixStyle | 'ff'): void {
    this.prefixes.add(p);
  }

  hint(h: string): void {
    if (h === this.lastHint) return;
    this.hints.add(h);
    this.lastHint = h;
  }

  leader(l: Leader): void {
    if (l.prefix !== 'none' && l.prefix !== this.lastPrefix) {
      this.prefixes.add(l.prefix);
      this.lastPrefix = l.prefix;
    }
    const d = this.data;
    if (l.timeStyle !== 'none' && d.timestamps !== l.timeStyle) {
      if (d.timestamps === 'none' || l.timeStyle === 't-r' || (d.timestamps === 't' && l.timeStyle === 'tt')) d.timestamps = l.timeStyle;
    }
    if (l.timeNs) d.timestampsNs = true;
    if (l.nr !== undefined) d.syscallNumbers = true;
    if (l.ip !== undefined) d.instructionPointers = true;
    if (l.comm !== undefined) d.pidComms = true;
  }

  call(name: string, text: string, args: readonly string[], tail: ResultTail): void {
    const d = this.data;
    if (tail.duration !== undefined) d.durations = true;
    if (tail.durationNs) d.durationsNs = true;
    if (tail.injected !== undefined) d.injected++;
    if (tail.delayed) d.delayed++;
    // -Y decorates clone results with `<comm>`, which is not -y.
    if (tail.fd !== undefined && d.fdPaths === 'none' && !CLONE_CALLS.has(name)) d.fdPaths = 'y';
    if (name === 'mmap2' && this.data.personalitySource !== 'runs-in') {
      d.personality = '32';
      d.personalitySource = 'syscalls';
    }
    // (Each test is skipped when it cannot change anything: this runs once per event.)
    if (d.fdPaths !== 'yy' && text.includes('<')) for (const a of args) this.arg(a);
    // clone names its args on every version; -N is seen on the first arg of other calls.
    const first = args[0];
    if (!d.namedArgs && first !== undefined && isNameStart(first.charCodeAt(0)) && name !== 'clone' && name !== 'clone2' && /^[a-z_][a-z0-9_]*=[^=]/.test(first)) d.namedArgs = true;
    if (text.includes('"...')) d.truncatedStrings++;
    if (args.length >= 2 && isRawLengthCall(name)) {
      const flagsArg = name === 'mmap' || name === 'mmap2' || name === 'mprotect' ? args[2] : undefined;
      if (args[1]?.startsWith('0x') && args.every((a) => a === '0' || a.startsWith('0x'))) this.raw.add(name);
      else if (flagsArg !== undefined && flagsArg.includes('/*')) d.xlat = 'verbose';
      else if (flagsArg !== undefined && flagsArg.startsWith('0x') && d.xlat === 'abbrev') d.xlat = 'raw';
    }
    if (name === 'clone' && text.includes('parent_tid=[')) this.hints.add('>=5.2');
    if (name === 'clone' && text.includes('parent_tidptr=')) this.hints.add('<=5.1');
  }

  private arg(a: string): void {
    const d = this.data;
    const lt = a.indexOf('<');
    if (lt > 0 && a.endsWith('>') && (/^\d+</.test(a) || a.startsWith('AT_FDCWD<'))) {
      const nested = a.indexOf('<', lt + 1);
      if (nested > 0 && a.charCodeAt(nested + 1) !== 60) d.fdPaths = 'yy';
      else if (d.fdPaths === 'none') d.fdPaths = 'y';
    }
  }

  // Snapshot for callers (flags derived from what was seen).
  snapshot(): TraceInfo {
    const d = this.data;
    const flags: string[] = [];
    if (this.prefixes.has('bracket') || this.prefixes.has('plain') || this.prefixes.has('ff')) flags.push(this.prefixes.has('ff') ? '-ff' : '-f');
    if (this.prefixes.has('plain') || this.prefixes.has('ff')) flags.push('-o');
    const t: Record<TimeStyle, string[]> = { none: [], t: ['-t'], tt: ['-tt'], ttt: ['-ttt'], r: ['-r'], 't-r': ['-t', '-r'] };
    flags.push(...t[d.timestamps]);
    if (d.durations) flags.push('-T');
    if (d.syscallNumbers) flags.push('-n');
    if (d.instructionPointers) flags.push('-i');
    if (d.fdPaths !== 'none') flags.push(`-${d.fdPaths}`);
    if (d.stackTraces) flags.push('-k');
    if (d.xlat !== 'abbrev') flags.push(`-X${d.xlat}`);
    if (this.raw.size > 0) flags.push(`-eraw=${[...this.raw].join(',')}`);
    if (d.namedArgs) flags.push('-N');
    if (d.pidComms) flags.push('-Y');
    return {
      ...d, prefixes: [...this.prefixes], rawSyscalls: [...this.raw], flags,
      versionHint: this.hints.size > 0 ? [...this.hints].sort().join(', ') : undefined,
    };
  }
}
