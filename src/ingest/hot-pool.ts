// The hot calls' events, reused: decodeHot makes a new object (and boxes for its doubles) per event, ~200 B, a
// fifth of the main thread's garbage on a big load; here an event the import has applied is refilled by the next
// record of its kind, its doubles written into the boxes it has. The import releases an event once nothing reads it
// any more: applied, it is no longer in any queue, and neither the replay nor the writer keeps an event.
import type { BrkEvent, MmapEvent, MprotectEvent, MremapEvent, MunmapEvent, SyscallResult, VmEvent } from '../model/events.js';
import { absent, decodeHot, ERRORS, HOT_SLOTS, int, NONE, num, ok, OK_ZERO, SYSCALLS } from './hot-events.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type OkResult = ReturnType<typeof ok>;

/** decodeHot with reuse: decode() refills an event given back by release(), of its kind, or makes one. */
export class HotEventPool {
  private readonly mmaps: Mutable<MmapEvent>[] = [];
  private readonly munmaps: Mutable<MunmapEvent>[] = [];
  private readonly mprotects: Mutable<MprotectEvent>[] = [];
  private readonly mremaps: Mutable<MremapEvent>[] = [];
  private readonly brks: Mutable<BrkEvent>[] = [];
  private readonly oks: OkResult[] = [];

  /** The event at record `i` of `hot` (as decodeHot gives it), or undefined when it was not encoded there. */
  decode(hot: Float64Array, i: number): VmEvent | undefined {
    // Each kind's fields written in its own case: the stores of one place would see five shapes (megamorphic). The
    // optional numbers are stored in two branches: a `number | undefined` value is boxed before it is stored, and a
    // helper taking a double is not inlined here (this function is past V8's inlining budget) and boxes it.
    const o = i * HOT_SLOTS;
    switch (hot[o]) {
      case 1: {
        const e = this.mmaps.pop();
        if (e === undefined) return decodeHot(hot, i);
        e.addr = num(hot[o + 11] as number);
        e.length = int(hot[o + 12] as number);
        e.prot = int(hot[o + 13] as number);
        e.flags = int(hot[o + 14] as number);
        e.offset = int(hot[o + 15] as number);
        e.step = int(hot[o + 2] as number);
        e.pid = int(hot[o + 3] as number);
        const time = hot[o + 4] as number;
        if (time === time) e.time = time;
        else e.time = undefined;
        e.line = int(hot[o + 5] as number);
        const entryLine = hot[o + 6] as number;
        if (entryLine === entryLine) e.entryLine = int(entryLine);
        else e.entryLine = undefined;
        const source = hot[o + 7] as number;
        if (source === source) e.source = int(source);
        else e.source = undefined;
        e.syscall = syscallOf(hot, o);
        e.result = this.result(hot, o);
        e.skipped = hot[o + 10] === 1 ? true : undefined;
        return e;
      }
      case 2: {
        const e = this.munmaps.pop();
        if (e === undefined) return decodeHot(hot, i);
        e.addr = num(hot[o + 11] as number);
        e.length = int(hot[o + 12] as number);
        e.step = int(hot[o + 2] as number);
        e.pid = int(hot[o + 3] as number);
        const time = hot[o + 4] as number;
        if (time === time) e.time = time;
        else e.time = undefined;
        e.line = int(hot[o + 5] as number);
        const entryLine = hot[o + 6] as number;
        if (entryLine === entryLine) e.entryLine = int(entryLine);
        else e.entryLine = undefined;
        const source = hot[o + 7] as number;
        if (source === source) e.source = int(source);
        else e.source = undefined;
        e.syscall = syscallOf(hot, o);
        e.result = this.result(hot, o);
        e.skipped = hot[o + 10] === 1 ? true : undefined;
        return e;
      }
      case 3: {
        const e = this.mprotects.pop();
        if (e === undefined) return decodeHot(hot, i);
        e.addr = num(hot[o + 11] as number);
        e.length = int(hot[o + 12] as number);
        e.prot = int(hot[o + 13] as number);
        e.step = int(hot[o + 2] as number);
        e.pid = int(hot[o + 3] as number);
        const time = hot[o + 4] as number;
        if (time === time) e.time = time;
        else e.time = undefined;
        e.line = int(hot[o + 5] as number);
        const entryLine = hot[o + 6] as number;
        if (entryLine === entryLine) e.entryLine = int(entryLine);
        else e.entryLine = undefined;
        const source = hot[o + 7] as number;
        if (source === source) e.source = int(source);
        else e.source = undefined;
        e.syscall = syscallOf(hot, o);
        e.result = this.result(hot, o);
        e.skipped = hot[o + 10] === 1 ? true : undefined;
        return e;
      }
      case 4: {
        const e = this.mremaps.pop();
        if (e === undefined) return decodeHot(hot, i);
        const newAddr = absent(hot[o + 15] as number);
        e.oldAddr = num(hot[o + 11] as number);
        e.oldLength = int(hot[o + 12] as number);
        e.newLength = int(hot[o + 13] as number);
        e.flags = int(hot[o + 14] as number);
        e.newAddr = newAddr === undefined ? undefined : num(newAddr);
        e.step = int(hot[o + 2] as number);
        e.pid = int(hot[o + 3] as number);
        const time = hot[o + 4] as number;
        if (time === time) e.time = time;
        else e.time = undefined;
        e.line = int(hot[o + 5] as number);
        const entryLine = hot[o + 6] as number;
        if (entryLine === entryLine) e.entryLine = int(entryLine);
        else e.entryLine = undefined;
        const source = hot[o + 7] as number;
        if (source === source) e.source = int(source);
        else e.source = undefined;
        e.syscall = syscallOf(hot, o);
        e.result = this.result(hot, o);
        e.skipped = hot[o + 10] === 1 ? true : undefined;
        return e;
      }
      case 5: {
        const e = this.brks.pop();
        if (e === undefined) return decodeHot(hot, i);
        e.addr = num(hot[o + 11] as number);
        e.step = int(hot[o + 2] as number);
        e.pid = int(hot[o + 3] as number);
        const time = hot[o + 4] as number;
        if (time === time) e.time = time;
        else e.time = undefined;
        e.line = int(hot[o + 5] as number);
        const entryLine = hot[o + 6] as number;
        if (entryLine === entryLine) e.entryLine = int(entryLine);
        else e.entryLine = undefined;
        const source = hot[o + 7] as number;
        if (source === source) e.source = int(source);
        else e.source = undefined;
        e.syscall = syscallOf(hot, o);
        e.result = this.result(hot, o);
        e.skipped = hot[o + 10] === 1 ? true : undefined;
        return e;
      }
      default:
        return undefined;
    }
  }

  /** Gives back an event decode() returned, which nothing reads any more: a later decode() refills it. */
  release(e: VmEvent): void {
    // (The lists are of mutable events: these are this pool's own, made by decodeHot.)
    if (e.kind === 'mmap') this.mmaps.push(e as Mutable<MmapEvent>);
    else if (e.kind === 'munmap') this.munmaps.push(e as Mutable<MunmapEvent>);
    else if (e.kind === 'mprotect') this.mprotects.push(e as Mutable<MprotectEvent>);
    else if (e.kind === 'mremap') this.mremaps.push(e as Mutable<MremapEvent>);
    else if (e.kind === 'brk') this.brks.push(e as Mutable<BrkEvent>);
    else return;
    const r = e.result;
    if (r.kind === 'ok' && r !== OK_ZERO) this.oks.push(r as OkResult);
  }

  // The result of record o: shared objects for errors, `= ?` and `= 0`, else an ok result given back with its event.
  private result(hot: Float64Array, o: number): SyscallResult {
    const code = hot[o + 8] as number;
    if (code !== 0) return code === 1 ? NONE : (ERRORS[code - 2] as SyscallResult);
    const value = num(hot[o + 9] as number);
    if (value === 0) return OK_ZERO;
    const r = this.oks.pop();
    if (r === undefined) return ok(value);
    r.value = value;
    return r;
  }
}

const syscallOf = (hot: Float64Array, o: number): string => SYSCALLS[hot[o + 1] as number] as string;
