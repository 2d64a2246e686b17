// TraceParser: lines in, typed events out, in completion order. Pairs
// `<unfinished ...>` with `<... NAME resumed>` by pid, follows the live
// tracees for unprefixed lines, handles the multithreaded-execve pid change
// and `strace: Process N attached` printed inside a half line. Never throws
// on input; every line ends up in an event, a consumed line or a diagnostic.
// (Longer than the usual file: it is the one place that holds pairing state.)

import type { VmEvent } from '../model/events.js';
import { decodeCall, type CallPlace } from './decode.js';
import { decodePlain } from './decode-plain.js';
import { asciiText } from './ascii-text.js';
import { makeDiagnostic, type Diagnostic } from './diagnostic.js';
import { FastPending } from './fast-pending.js';
import { parseBody, parseLine, type LineBody } from './line.js';
import { HOT_CALL, HOT_RESUMED, HOT_UNFINISHED, hotLine, hotName, NOT_HOT, scanHotLine } from './hot-line.js';
import { parseLeader, pidEpoch, pidEpochLeader, type Leader } from './leader.js';
import { PidTracker } from './pids.js';
import { RecentNumbers } from './recent.js';
import { InfoTracker, type TraceInfo } from './trace-info.js';
import { signalNumber } from './tables.js';
import { TimeTracker } from './time.js';
import { CLONE } from '../model/linux.js';

/** What glibc's pthread_create passes to clone: the threads `attached with N threads` brings were made so. */
const ATTACHED_THREAD_FLAGS = CLONE.VM | CLONE.FS | CLONE.FILES | CLONE.SIGHAND | CLONE.THREAD | CLONE.SYSVSEM;

/** Options of a TraceParser. */
export interface ParserOptions {
  /** Default source index (file of a -ff set); 0 when absent. */
  readonly source?: number;
  /** Pid of each source (the `.PID` of -ff files): unprefixed lines of that source belong to it. */
  readonly sourcePids?: readonly (number | undefined)[];
  /** Pid for a trace that never names its first tracee (no -f); 0 when absent. */
  readonly defaultPid?: number;
}

/** Line accounting: after end(), lines = eventLines + consumed + diagnosed. */
export interface ParserCounts {
  readonly lines: number;
  /** Lines that are part of an event (both halves of a split call). */
  readonly eventLines: number;
  /** Lines with no event: -k frames, attach/detach messages, empty lines, `????(`. */
  readonly consumed: number;
  /** Lines that became only a diagnostic. */
  readonly diagnosed: number;
  /** Lines waiting for their other half (0 after end()). */
  readonly pending: number;
}

interface Pending {
  readonly name: string;
  /** The call's text as far as the line gave it (pendingText: held as `bytes` until something needs it). */
  text: string;
  /** The byte fast path's unfinished half: its text is bytes[from, to) (ASCII), not yet made; else undefined. */
  bytes: Uint8Array | undefined;
  from: number;
  to: number;
  readonly entryLine: number;
  readonly source: number;
  readonly weight: number;
  readonly pidChangedTo?: number;
  /** Whether the byte fast path read the call's arguments (a0…a4: hot-line.ts hotLine's), for its resumed half. */
  readonly hot: boolean;
  readonly a0: number;
  readonly a1: number;
  readonly a2: number;
  readonly a3: number;
  readonly a4: number;
}

/** A Pending whose fields the fast path writes again (FastPending reuses them). */
type Reused = { -readonly [K in keyof Pending]: Pending[K] };

// A Reused for the fast path to fill in, its fields in the order of every other Pending (one hidden class).
const blankPending = (): Reused => ({
  name: '', text: '', bytes: undefined, from: 0, to: 0, entryLine: 0, source: 0, weight: 0, pidChangedTo: undefined,
  hot: false, a0: 0, a1: 0, a2: 0, a3: 0, a4: 0,
});

interface Fragment { readonly head: string; readonly line: number; readonly source: number; readonly attached?: number }

const CLONE_LIKE = new Set(['clone', 'clone3', 'fork', 'vfork']);
/** What push returns for the many lines that complete no event (one shared array, not one per line). */
const NO_EVENTS: readonly VmEvent[] = Object.freeze([]);
/** What InfoTracker.leader reads of every leader the byte fast path takes (`N SECONDS.MICROS `). */
const PID_EPOCH: Leader = { prefix: 'plain', pid: 0, comm: undefined, timeStyle: 'ttt', time: 0, timeNs: false, nr: undefined, ip: undefined, body: 0 };

/** Streaming strace text parser (see ParserOptions, ParserCounts, TraceInfo). */
export class TraceParser {
  /** Grows as lines are pushed (never cleared): callers remember how many they have read. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly pending = new Map<number, Pending>();
  /**
   * Unfinished halves the fast path took, not yet in `pending`: settle() moves them there (all newer than
   * what `pending` holds, so it keeps the order calls came in) before anything else reads it.
   */
  private readonly fastPending = new FastPending<Reused>();
  private readonly pids: PidTracker;
  private readonly infoTracker = new InfoTracker();
  private readonly time = new TimeTracker();
  private readonly source: number;
  private fragment: Fragment | undefined;
  private step = 0;
  private out: readonly VmEvent[] = NO_EVENTS;
  private readonly seenPids = new Set<number>();
  /** Some of seenPids, checked first (no hashing). */
  private readonly seenRecently = new RecentNumbers();
  /** Pids a returned clone created (their first lines need no hint). */
  private readonly cloned = new Set<number>();
  private readonly spawnHints = new Map<number, NonNullable<VmEvent['spawnedBy']>>();
  /**
   * `strace: Process P attached with N threads` (`strace -p` of a running multithreaded process): its other N−1
   * threads are attached without a word, and their pids first show on lines of their own. Each new pid that no
   * clone explains is taken as one of them while exactly one such process has threads left to place.
   */
  private attachedThreads: { readonly pid: number; left: number } | undefined;
  private attachedAmbiguous = false;
  private c = { lines: 0, eventLines: 0, consumed: 0, diagnosed: 0 };
  /** Set by pushBytes: the line completed a hot call, written as a record instead of an event. */
  wroteHot = false;
  /** Set by pushBytes: the form (hot-line.ts) of a line the fast path took, else NOT_HOT. */
  fastForm = NOT_HOT;
  /** Set by pushBytes: the text of a line the fast path did not take ('' when it took it: no text made). */
  lineText = '';

  constructor(private readonly options: ParserOptions = {}) {
    this.source = options.source ?? 0;
    this.pids = new PidTracker(options.defaultPid ?? 0);
    if (options.sourcePids?.some((p) => p !== undefined) === true) this.infoTracker.addPrefix('ff');
  }

  get info(): TraceInfo {
    const s = this.infoTracker.snapshot();
    return { ...s, unnamedPid: this.pids.placeholderUsed ? this.pids.placeholder : undefined, firstPid: this.pids.firstPid };
  }

  get counts(): ParserCounts {
    this.settle();
    let pending = this.fragment === undefined ? 0 : 1;
    for (const p of this.pending.values()) pending += p.weight;
    return { ...this.c, pending };
  }

  // Feeds one line (without newline); returns the events it completed, in step order. `leader`, when
  // given, is what parseLeader(text) gives (a reader that has the line's bytes reads it from them:
  // leader.ts scanPidEpoch and pidEpochLeader).
  push(text: string, lineNo: number, source: number = this.source, leader?: Leader): readonly VmEvent[] {
    this.settle();
    this.out = NO_EVENTS;
    this.c.lines++;
    const cr = text.charCodeAt(text.length - 1) === 13;
    const t = cr ? text.slice(0, -1) : text;
    const f = this.fragment;
    if (f !== undefined) {
      this.fragment = undefined;
      if (f.source === source && isContinuation(t)) {
        this.line(f.head + t, lineNo, source, 2, f.line);
        // The attach message was printed inside the line: the new task is live only after it.
        if (f.attached !== undefined) this.pids.attach(f.attached);
        return this.out;
      }
      if (f.attached !== undefined) this.pids.attach(f.attached);
      this.diagnose(f.line, f.source, 'error', 'call cut by an attach message and never continued', f.head, 1);
    }
    this.line(t, lineNo, source, 1, undefined, cr ? undefined : leader);
    return this.out;
  }

  /**
   * push() of an ASCII line given as its bytes b[start, end). The lines the byte fast path reads
   * (hot-line.ts) are taken without text, objects or the general path's parsing when the parser's
   * state allows (a task seen before, no call of its own pending before a call, its own pending before
   * a resumed half, time not going back…); one that completes a hot call writes it as a record at
   * out[o…] (hot-record.ts; room needed) instead of returning an event, and sets wroteHot. Any other
   * line's text is made (lineText) and pushed. Every line leaves the same state, events (records
   * aside), diagnostics and counts as push. An unfinished half it takes keeps its bytes until they are
   * needed: the caller calls release(b) before it reuses them.
   */
  pushBytes(b: Uint8Array, start: number, end: number, lineNo: number, source: number, out: Float64Array, o: number): readonly VmEvent[] {
    this.wroteHot = false;
    const form = scanHotLine(b, start, end);
    if (form !== NOT_HOT && this.fast(form, b, start, lineNo, source, out, o)) {
      this.fastForm = form;
      this.lineText = '';
      return NO_EVENTS;
    }
    this.fastForm = NOT_HOT;
    const text = asciiText(b, start, end);
    this.lineText = text;
    return this.push(text, lineNo, source, hotLine.body < 0 ? undefined : pidEpochLeader(hotLine.body));
  }

  /** The caller of pushBytes is about to reuse `b`: the pending calls still held as its bytes get their text. */
  release(b: Uint8Array): void {
    this.settle();
    for (const p of this.pending.values()) if (p.bytes === b) pendingText(p);
  }

  // The byte fast path of a line scanHotLine read as `form`: false, and nothing changed, when the
  // parser's state needs the general path (see pushBytes); else what line() and task() would do.
  private fast(form: number, b: Uint8Array, start: number, lineNo: number, source: number, out: Float64Array, o: number): boolean {
    const h = hotLine;
    const pid = pidEpoch.pid;
    const time = pidEpoch.time;
    // pidOf gives the leader's pid unchanged (no placeholder, so no alias); a new task may get a spawn hint.
    if (this.fragment !== undefined || this.pids.placeholderUsed) return false;
    if (!this.seenRecently.has(pid) && !this.seenPids.has(pid)) return false;
    if (this.spawnHints.size > 0 && this.spawnHints.has(pid)) return false;
    if (!this.time.canTake(time)) return false; // (going back: a diagnostic)
    // (A task's call is in fastPending or in the map, never both; the map is mostly empty.)
    const k = this.fastPending.find(pid);
    const p = k >= 0 ? this.fastPending.at(k) : this.pending.size === 0 ? undefined : this.pending.get(pid);
    if (form === HOT_RESUMED ? p === undefined || !p.hot || p.name !== hotName(h.name) : p !== undefined) return false;
    this.c.lines++;
    this.infoTracker.leader(PID_EPOCH);
    this.time.take(time);
    this.pids.named(pid, false);
    if (!this.seenRecently.has(pid)) this.seenRecently.add(pid);
    if (form === HOT_UNFINISHED) {
      // (Full: the calls held move to the map first, which then keeps every call in the order they came.)
      if (!this.fastPending.hasRoom()) this.settle();
      const s = this.fastPending.reuse() ?? blankPending();
      s.name = hotName(h.name);
      s.text = '';
      s.bytes = b;
      s.from = start + h.body;
      s.to = start + h.textEnd;
      s.entryLine = lineNo;
      s.source = source;
      s.weight = 1;
      s.pidChangedTo = undefined;
      s.hot = h.args;
      s.a0 = h.a0;
      s.a1 = h.a1;
      s.a2 = h.a2;
      s.a3 = h.a3;
      s.a4 = h.a4;
      this.fastPending.add(pid, s);
      return true;
    }
    if (form === HOT_CALL) {
      this.record(out, o, pid, lineNo, NaN, source, undefined, 1);
      return true;
    }
    // `resumed>)`: ≥5.0's spacing.
    this.infoTracker.hint('>=5.0');
    const q = p as Reused;
    this.record(out, o, pid, lineNo, q.entryLine !== lineNo ? q.entryLine : NaN, source, q, q.weight + 1);
    if (k >= 0) this.fastPending.removeAt(k);
    else this.pending.delete(pid);
    return true;
  }

  // Moves the calls the fast path holds aside into `pending`, where the general path looks.
  private settle(): void {
    if (this.fastPending.size > 0) this.fastPending.settle(this.pending);
  }

  // emit() of the hot call hotLine names (result hotLine.value, time pidEpoch.time) as a record
  // (hot-events.ts encodeHot's slots), its arguments those of `entry` (its unfinished half) or else
  // hotLine's. (Numbers read here, not passed: a double passed to a function not inlined is boxed.)
  private record(out: Float64Array, o: number, pid: number, line: number, entryLine: number, source: number, entry: Pending | undefined, weight: number): void {
    const h = hotLine;
    const kind = h.kind;
    const args = entry ?? h;
    const a0 = args.a0;
    const a1 = args.a1;
    const a2 = args.a2;
    const a3 = args.a3;
    const a4 = args.a4;
    const time = pidEpoch.time;
    this.step++;
    this.c.eventLines += weight;
    this.wroteHot = true;
    out[o + 1] = h.syscall;
    out[o + 2] = this.step;
    out[o + 3] = pid;
    out[o + 4] = time;
    out[o + 5] = line;
    out[o + 6] = entryLine;
    out[o + 7] = source;
    out[o + 8] = h.result;
    out[o + 9] = h.value;
    out[o + 10] = 0;
    out[o + 11] = a0;
    if (kind !== 5) out[o + 12] = a1;
    if (kind === 1 || kind === 3 || kind === 4) out[o + 13] = a2;
    if (kind === 1 || kind === 4) {
      out[o + 14] = a3;
      out[o + 15] = a4;
    }
    out[o] = kind;
  }

  // End of input: flushes unfinished calls as events with result none (+ a diagnostic each).
  end(): readonly VmEvent[] {
    this.settle();
    this.out = NO_EVENTS;
    const f = this.fragment;
    if (f !== undefined) {
      this.fragment = undefined;
      this.diagnose(f.line, f.source, 'error', 'call cut by an attach message and never continued', f.head, 1);
    }
    const rest = [...this.pending.entries()].sort((a, b) => a[1].source - b[1].source || a[1].entryLine - b[1].entryLine);
    this.pending.clear();
    for (const [pid, p] of rest) this.flush(pid, p, 'warning', 'unfinished call never resumed (trace ends)', undefined);
    return this.out;
  }

  private line(t: string, lineNo: number, source: number, weight: number, firstLine: number | undefined, given?: Leader): void {
    const leader = given ?? parseLeader(t);
    this.infoTracker.leader(leader);
    const time = this.time.at(leader);
    if (this.time.backwards) this.diagnostics.push(makeDiagnostic(lineNo, source, 'warning', 'timestamp goes backwards', t));
    const body = parseBody(t, leader.body);
    switch (body.kind) {
      case 'empty':
      case 'unknown-nr':
      case 'frame':
        if (body.kind === 'frame') {
          this.infoTracker.data.stackTraces = true;
          this.infoTracker.data.frames++;
        }
        if (body.kind === 'unknown-nr') this.infoTracker.data.unknownSyscallNumbers++;
        this.c.consumed += weight;
        return;
      case 'attached':
        this.pids.attach(body.pid);
        if (body.threads !== undefined && body.threads > 1) {
          if (this.attachedThreads !== undefined && this.attachedThreads.left > 0) this.attachedAmbiguous = true;
          else this.attachedThreads = { pid: body.pid, left: body.threads - 1 };
        }
        this.c.consumed += weight;
        return;
      case 'detached':
        this.pids.end(body.pid);
        this.c.consumed += weight;
        return;
      case 'garbage':
        this.diagnose(lineNo, source, 'error', body.reason, t, weight);
        return;
      case 'fragment':
        // `wait4(1706, strace: Process 1706 attached`: the call continues on the next line.
        this.fragment = { head: t.slice(0, leader.body) + body.head, line: lineNo, source, attached: body.attached };
        return;
      default:
        this.task(leader, body, t, { line: lineNo, source, weight, firstLine, time });
    }
  }

  private pidOf(leader: Leader, body: LineBody, source: number, lineNo: number, t: string): number {
    if (leader.pid !== undefined) {
      // Whether the line may be the placeholder task's matters only once the placeholder is in use.
      if (!this.pids.placeholderUsed) return this.pids.named(leader.pid, false);
      const ph = this.pending.get(this.pids.placeholder);
      const mayBe = ph === undefined || !CLONE_LIKE.has(ph.name) || (body.kind === 'resumed' && body.name === ph.name);
      return this.pids.named(leader.pid, mayBe);
    }
    const fromSource = this.options.sourcePids?.[source];
    if (fromSource !== undefined) return this.pids.named(fromSource, false);
    const u = this.pids.unnamed();
    if (u.ambiguous && body.kind !== 'superseded') this.diagnostics.push(makeDiagnostic(lineNo, source, 'warning', `line without pid while several tracees are live; assumed ${u.pid}`, t));
    return u.pid;
  }

  private task(leader: Leader, body: LineBody, t: string, at: LineAt): void {
    const pid = body.kind === 'superseded' && leader.pid === undefined && this.options.sourcePids?.[at.source] === undefined ? this.supersededPid(body.by) : this.pidOf(leader, body, at.source, at.line, t);
    if (!this.seenRecently.has(pid)) {
      if (!this.seenPids.has(pid)) {
        this.seenPids.add(pid);
        if (!(this.seenPids.size > 1 && this.hintSpawn(pid, at))) this.hintAttachedThread(pid);
      }
      this.seenRecently.add(pid);
    }
    switch (body.kind) {
      case 'call':
        this.flushSame(pid, at);
        if (!this.completePlain(body.name, body.text, body.close, body.text, body.close + 1, pid, at.time, at.line, at.source, at.firstLine, at.weight)) {
          this.complete(body.text, pid, at.time, at.line, at.source, t, at.firstLine, at.weight, body.close);
        }
        return;
      case 'unfinished': {
        this.flushSame(pid, at);
        this.pending.set(pid, {
          name: body.name, text: body.text, bytes: undefined, from: 0, to: 0, entryLine: at.firstLine ?? at.line, source: at.source, weight: at.weight, pidChangedTo: body.pidChangedTo,
          hot: false, a0: 0, a1: 0, a2: 0, a3: 0, a4: 0,
        });
        return;
      }
      case 'resumed':
        this.resumed(pid, body.name, body.rest, at, t);
        return;
      case 'signal':
        this.emit({ kind: 'signal', signal: body.signal, stopped: body.stopped, info: body.info, step: this.step + 1, pid, time: at.time, line: at.line, source: at.source }, at.weight);
        return;
      case 'exited':
      case 'killed':
        this.flushDead(pid, at);
        this.pids.end(pid);
        if (body.kind === 'exited') this.emit({ kind: 'end', how: 'exited', status: body.status, step: this.step + 1, pid, time: at.time, line: at.line, source: at.source }, at.weight);
        else this.emit({ kind: 'end', how: 'killed', status: signalNo(body.signal), signal: body.signal, core: body.core || undefined, step: this.step + 1, pid, time: at.time, line: at.line, source: at.source }, at.weight);
        return;
      case 'superseded':
        this.superseded(pid, body.by, at);
        return;
      case 'personality':
        this.infoTracker.data.personality = body.mode;
        this.infoTracker.data.personalitySource = 'runs-in';
        this.emit({ kind: 'personality', mode: body.mode, step: this.step + 1, pid: leader.pid === undefined ? this.pids.named(body.pid, false) : pid, time: at.time, line: at.line, source: at.source }, at.weight);
        return;
      default:
        this.diagnose(at.line, at.source, 'error', `unexpected line kind ${body.kind}`, t, at.weight);
    }
  }

  // A new pid while exactly one clone-like call of another task is in flight: that call is
  // (most likely) creating it. The hint rides on the task's first event.
  // (True when a clone-like call is in flight: that one explains the pid, hinted or not.)
  private hintSpawn(pid: number, at: LineAt): boolean {
    let found: { readonly pid: number; readonly p: Pending } | undefined;
    for (const [other, p] of this.pending) {
      if (other === pid || !CLONE_LIKE.has(p.name)) continue;
      if (found !== undefined) return true; // several in flight: no guess
      found = { pid: other, p };
    }
    if (found === undefined || this.cloned.has(pid)) return found !== undefined;
    const place: CallPlace = { step: 0, pid: found.pid, time: undefined, line: at.line, entryLine: undefined, source: at.source };
    const r = decodeCall(`${pendingText(found.p)}) = ${pid}`, place);
    if (r.ok && r.event.kind === 'clone') this.spawnHints.set(pid, { pid: found.pid, flags: r.event.flags });
    return true;
  }

  // A new pid that no clone explains, while one process attached `with N threads` has threads left: one of those.
  private hintAttachedThread(pid: number): void {
    const a = this.attachedThreads;
    if (a === undefined || a.left === 0 || this.attachedAmbiguous || pid === a.pid || this.cloned.has(pid)) return;
    a.left--;
    this.spawnHints.set(pid, { pid: a.pid, flags: ATTACHED_THREAD_FLAGS, attached: true });
  }

  // Adds a pending spawn hint to the first event of its task.
  private withHint(e: VmEvent): VmEvent {
    const hint = this.spawnHints.get(e.pid);
    if (hint === undefined) return e;
    this.spawnHints.delete(e.pid);
    return { ...e, spawnedBy: hint };
  }

  private supersededPid(by: number): number {
    const others = this.pids.others(by);
    return others[0] ?? by;
  }

  private resumed(pid: number, name: string, rest: string, at: LineAt, t: string): void {
    if (name === '????') {
      this.c.consumed += at.weight;
      return;
    }
    let key = pid;
    let p = this.pending.get(pid);
    if (p === undefined && (name === 'execve' || name === 'execveat')) {
      // Multithreaded execve without a `superseded` line: the exec'ing thread's entry is under its old tid.
      for (const [k, q] of this.pending) {
        if (q.name === name && (q.pidChangedTo === pid || q.pidChangedTo === undefined)) {
          key = k;
          p = q;
          if (q.pidChangedTo === pid) break;
        }
      }
    }
    if (p === undefined || p.name !== name) {
      this.diagnose(at.line, at.source, 'warning', p === undefined ? `<... ${name} resumed> with no start` : `<... ${name} resumed> does not match pending ${p.name}`, t, at.weight);
      return;
    }
    this.pending.delete(key);
    if (key !== pid) this.pids.end(key);
    // ≤4.26 printed `resumed> )`; 5.0+ `resumed>)` (clone3's ` => {…}` has its own space).
    const r0 = rest.charCodeAt(0);
    if (r0 === 32 && !rest.startsWith(' =>')) this.infoTracker.hint('<=4.26');
    else if (r0 === 41) this.infoTracker.hint('>=5.0');
    // `resumed>)`: the arguments all came with the first half, which the fast path reads as it is.
    const weight = p.weight + at.weight;
    const text = pendingText(p);
    if (rest.charCodeAt(0) === 41 && this.completePlain(name, text, text.length, rest, 1, pid, at.time, at.line, at.source, p.entryLine, weight)) return;
    this.complete(text + rest, pid, at.time, at.line, at.source, t, p.entryLine, weight);
  }

  private superseded(pid: number, by: number, at: LineAt): void {
    const old = this.pending.get(pid);
    if (old !== undefined) {
      this.pending.delete(pid);
      this.flush(pid, old, 'info', 'call of a thread ended by another thread\'s execve', at);
    }
    const moving = this.pending.get(by);
    if (moving !== undefined) {
      this.pending.delete(by);
      this.pending.set(pid, moving);
    }
    this.pids.end(by);
    this.emit({ kind: 'superseded', by, step: this.step + 1, pid, time: at.time, line: at.line, source: at.source }, at.weight);
  }

  private flushSame(pid: number, at: LineAt): void {
    const p = this.pending.get(pid);
    if (p === undefined) return;
    this.pending.delete(pid);
    this.flush(pid, p, 'warning', 'unfinished call never resumed (pid started another call)', at);
  }

  private flushDead(pid: number, at: LineAt): void {
    const p = this.pending.get(pid);
    if (p === undefined) return;
    this.pending.delete(pid);
    this.flush(pid, p, 'info', 'unfinished call ended by the task\'s death', at);
  }

  // Emits a never-resumed call as an event with result none (args as far as printed).
  private flush(pid: number, p: Pending, severity: Diagnostic['severity'], reason: string, at: LineAt | undefined): void {
    const head = pendingText(p);
    const text = `${head}) = ?`;
    this.diagnostics.push(makeDiagnostic(p.entryLine, p.source, severity, at === undefined ? reason : `${reason} (line ${at.line})`, head));
    this.complete(text, pid, undefined, p.entryLine, p.source, head, undefined, p.weight);
  }

  // The next event's place.
  private placeAt(pid: number, time: number | undefined, line: number, source: number, entryLine: number | undefined): CallPlace {
    return { step: this.step + 1, pid, time, line, entryLine: entryLine !== undefined && entryLine !== line ? entryLine : undefined, source };
  }

  // The fast path of complete() for a plain memory call (decode-plain.ts), whose arguments end at
  // `close` in `args` and whose result follows `tailFrom` in `tail`; false (and nothing done) for
  // any other call. Such calls have nothing for InfoTracker.call, nor are they clones.
  private completePlain(name: string, args: string, close: number, tail: string, tailFrom: number, pid: number, time: number | undefined, line: number, source: number, entryLine: number | undefined, weight: number): boolean {
    const e = decodePlain(name, args, name.length, close, tail, tailFrom, this.placeAt(pid, time, line, source, entryLine));
    if (e === undefined) return false;
    this.emit(e, weight);
    return true;
  }

  // Decodes a whole call text (at `line` of `source`; `raw` is what a diagnostic quotes) into the next event.
  private complete(text: string, pid: number, time: number | undefined, line: number, source: number, raw: string, entryLine: number | undefined, weight: number, close = -1): void {
    const r = decodeCall(text, this.placeAt(pid, time, line, source, entryLine), close);
    if (!r.ok) {
      this.diagnose(line, source, 'error', r.reason, raw, weight);
      return;
    }
    this.infoTracker.call(r.name, text, r.args, r.tail);
    if (r.problem !== undefined) this.diagnostics.push(makeDiagnostic(line, source, 'error', r.problem, raw));
    const e = r.event;
    if (e.kind === 'clone' && e.result.kind === 'ok') {
      this.pids.announce(e.result.value);
      this.cloned.add(e.result.value);
    }
    this.emit(e, weight);
  }

  // The next event: numbered, given its spawn hint, added to what push returns.
  private emit(e: VmEvent, weight: number): void {
    this.step++;
    const event = this.spawnHints.size > 0 ? this.withHint(e) : e;
    // Most lines complete at most one event: a one-element literal, not an empty array grown by push.
    if (this.out === NO_EVENTS) this.out = [event];
    else (this.out as VmEvent[]).push(event);
    this.c.eventLines += weight;
  }

  private diagnose(line: number, source: number, severity: Diagnostic['severity'], reason: string, text: string, weight: number): void {
    this.diagnostics.push(makeDiagnostic(line, source, severity, reason, text));
    this.c.diagnosed += weight;
  }
}

interface LineAt { readonly line: number; readonly source: number; readonly weight: number; readonly firstLine: number | undefined; readonly time: number | undefined }

// The rest of a line cut by `strace: Process N attached`: ` <unfinished ...>`, `) = 3`, `, child_tidptr=…) = N`…
// — anything that is not a line of its own.
function isContinuation(t: string): boolean {
  if (t.startsWith(' > ')) return false;
  if (t.startsWith(' ')) return true;
  return parseLine(t).body.kind === 'garbage';
}

// A pending call's text, made from its bytes (and kept) the first time it is needed.
function pendingText(p: Pending): string {
  const b = p.bytes;
  if (b !== undefined) {
    p.text = asciiText(b, p.from, p.to);
    p.bytes = undefined;
  }
  return p.text;
}

function signalNo(name: string): number {
  return signalNumber(name) ?? 0;
}
