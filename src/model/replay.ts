// The replay: events in step order → tasks, address spaces and their VMAs.
// Implements the Replay contract of ./types.ts; save()/restoreReplay give
// checkpoints that continue exactly like an uninterrupted replay.

import { assertUnreachable, type CloneEvent, type ExecveEvent, type FdEvent, type MremapEvent, type Pid, type SyscallResult, type VmEvent } from './events.js';
import { emptyList } from './empty-list.js';
import { FdTable } from './fd-table.js';
import { loadLayout } from './layout.js';
import { CLONE, MAP, MREMAP } from './linux.js';
import { NO_MESSAGES, applyAio, applyMmap, applyMremap, applyMunmap, applyRemapFilePages, applyShmat, applyShmdt } from './ops-map.js';
import { applyAnonName, applyBrk, applyMadvise, applyMlock, applyMprotect } from './ops-modify.js';
import { restoreState, saveState } from './replay-state.js';
import { AddressSpace } from './space.js';
import { taskView, type Task } from './tasks.js';
import type { Anomaly, ProcessView, ProcId, Replay, RegionView, SpaceId, StepEffect } from './types.js';
import { withVma } from './vma.js';

/** Everything a replay holds; saved and restored as a whole. */
export interface ReplayCore {
  step: number;
  nextProc: number;
  nextSpace: number;
  nextAnon: number;
  nextFile: number;
  nextFdTable: number;
  sawFirstTask: boolean;
  readonly tasks: Map<ProcId, Task>;
  readonly pids: Map<Pid, ProcId>;
  readonly spaces: Map<SpaceId, AddressSpace>;
  readonly fdTables: Map<number, FdTable>;
  readonly preApplied: Set<number>;
}

const NONE: readonly VmEvent[] = emptyList();
// Shared by every effect without anomalies (most of them): one allocation less per event. (Not frozen, and of
// the hidden class of a full list: see empty-list.ts.)
const NO_ANOMALIES: readonly Anomaly[] = emptyList();
const NO_RANGES: readonly { start: number; end: number }[] = emptyList();

// Paths that open the calling task's own executable.
const PROC_EXE = /^\/proc\/(self|thread-self|\d+)\/exe$/;

// Whether `o` (a call in flight) may have freed part of [lo, hi): a munmap of it, or an mremap moving or shrinking
// away from it. Only those are applied early: an unrelated call in flight keeps its own order.
function frees(o: VmEvent, lo: number, hi: number): boolean {
  if (o.kind === 'munmap') return o.addr < hi && o.addr + o.length > lo;
  if (o.kind === 'mremap') return o.oldAddr < hi && o.oldAddr + o.oldLength > lo;
  return false;
}

// Whether `o` (a call in flight) returns memory in [lo, hi): an mmap or mremap that succeeded there.
function creates(o: VmEvent, lo: number, hi: number): boolean {
  if ((o.kind !== 'mmap' && o.kind !== 'mremap') || o.result.kind !== 'ok') return false;
  const size = o.kind === 'mmap' ? o.length : o.newLength;
  return o.result.value < hi && o.result.value + size > lo;
}

class ReplayEngine implements Replay {
  readonly ids = {
    nextAnonVma: (): number => this.core.nextAnon++,
    nextFileId: (): string => `f${this.core.nextFile++}`,
  };
  core: ReplayCore = {
    step: 0,
    nextProc: 1,
    nextSpace: 1,
    nextAnon: 1,
    nextFile: 1,
    nextFdTable: 1,
    sawFirstTask: false,
    tasks: new Map(),
    pids: new Map(),
    spaces: new Map(),
    fdTables: new Map(),
    preApplied: new Set(),
  };
  /** The current event's anomalies: one list, emptied per event (a new `[]` per event changed hidden class at its first message). */
  private readonly anomalies: string[] = emptyList();
  /** Spaces the current event touched, each once: the first `touchedCount` slots (usually one; a Set cost more per event). */
  private readonly touchedSpaces: SpaceId[] = [];
  private touchedCount = 0;

  get step(): number {
    return this.core.step;
  }

  apply(event: VmEvent, upcoming: readonly VmEvent[] = NONE, from = 0, to = upcoming.length): StepEffect {
    // Events come in many shapes, so each property read of one is a slow generic lookup: step and pid read once.
    const step = event.step;
    const pid = event.pid;
    this.core.step = step;
    if (this.anomalies.length !== 0) this.anomalies.length = 0; // effect() copies what it keeps
    this.touchedCount = 0;
    // (Nearly always empty: the size test is cheaper than a delete.)
    if (this.core.preApplied.size !== 0 && this.core.preApplied.delete(step)) return this.effect(pid);
    this.execute(event, pid, step, upcoming, from, to);
    return this.effect(pid);
  }

  private effect(pid: Pid): StepEffect {
    const space = this.spaceOfPid(pid);
    let touched: readonly { start: number; end: number }[] = NO_RANGES;
    let changed = false;
    for (let i = 0; i < this.touchedCount; i++) {
      const id = this.touchedSpaces[i] as SpaceId;
      const s = this.core.spaces.get(id);
      const t = s === undefined ? NO_RANGES : s.takeTouched();
      if (t.length > 0 || s === undefined) changed = true;
      // (The undefined test first: `===` between a number and undefined deoptimized code that had seen numbers only.)
      if (space !== undefined && id === space) touched = t;
    }
    const anomalies = this.anomalies.length === 0 ? NO_ANOMALIES : this.anomalyList();
    // No object spread here: it runs once per event (V8's spread path is slow).
    return space === undefined ? { changed, touched, anomalies } : { space, changed, touched, anomalies };
  }

  // The current event's anomalies as a new list (a loop: a list of objects, like NO_ANOMALIES; see empty-list.ts).
  private anomalyList(): readonly Anomaly[] {
    const list: Anomaly[] = [];
    for (let i = 0; i < this.anomalies.length; i++) list.push({ step: this.core.step, message: this.anomalies[i] as string });
    return list;
  }

  regions(space: SpaceId, like?: readonly RegionView[]): readonly RegionView[] {
    return this.core.spaces.get(space)?.regions(like) ?? [];
  }

  spaceOfPid(pid: Pid): SpaceId | undefined {
    const proc = this.core.pids.get(pid);
    return proc === undefined ? undefined : this.core.tasks.get(proc)?.space;
  }

  procOfPid(pid: Pid): ProcId | undefined {
    return this.core.pids.get(pid);
  }

  processes(): readonly ProcessView[] {
    return [...this.core.tasks.values()].map(taskView);
  }

  save(): Uint8Array {
    return saveState(this.core);
  }

  // ---- event dispatch ----

  // `upcoming[from..to)`: the events that follow e (a window of the caller's queue, not a copy); pid and step are e's.
  private execute(e: VmEvent, pid: Pid, step: number, upcoming: readonly VmEvent[], from: number, to: number): void {
    const kind = e.kind;
    if (kind === 'end') {
      // A child can exit before its parent's clone returns: create it first so it ends.
      if (!this.core.pids.has(pid)) this.applyCreator(pid, upcoming, from, to) ?? this.applyHint(pid, step, e.spawnedBy);
      return this.endTask(pid, step, { how: e.how, status: e.status, ...(e.signal === undefined ? {} : { signal: e.signal }) });
    }
    if (kind === 'superseded') return this.supersede(pid, e.by, step);
    const task = this.taskFor(e, pid, step, upcoming, from, to);
    const space = this.spaceOf(task);
    this.touchSpace(space.id);
    const fds = this.fdTable(task);
    // A property read, not `'skipped' in e`: the `in` test on the many event shapes was a slow generic lookup.
    const skipped = (e as { readonly skipped?: boolean }).skipped === true;
    if (skipped) return;
    switch (kind) {
      case 'mmap':
        if (e.result.kind === 'ok' && (e.flags & (MAP.FIXED | MAP.FIXED_NOREPLACE)) === 0) {
          const lo = e.result.value;
          const hi = lo + e.length;
          if (space.tree.overlapsAny(lo, hi)) this.applyInFlight(e, upcoming, from, to, space.id, true, lo, hi);
        }
        return this.note(applyMmap(space, e, fds));
      case 'munmap':
        this.createdInFlight(e, e.result, e.addr, e.length, space, upcoming, from, to);
        return this.note(applyMunmap(space, e));
      case 'mprotect':
        this.createdInFlight(e, e.result, e.addr, e.length, space, upcoming, from, to);
        return this.note(applyMprotect(space, e));
      case 'mremap':
        this.createdInFlight(e, e.result, e.oldAddr, e.oldLength, space, upcoming, from, to);
        this.freedInFlight(e, space, upcoming, from, to);
        return this.note(applyMremap(space, e));
      case 'brk':
        return this.note(applyBrk(space, e, this.ids.nextAnonVma));
      case 'madvise':
        return this.note(applyMadvise(space, e));
      case 'mlock':
        return this.note(applyMlock(space, e));
      case 'remap_file_pages':
        return this.note(applyRemapFilePages(space, e));
      case 'shmat':
        return this.note(applyShmat(space, e));
      case 'shmdt':
        return this.note(applyShmdt(space, e));
      case 'aio':
        return this.note(applyAio(space, e));
      case 'anon_name':
        return this.note(applyAnonName(space, e));
      case 'execve':
        return this.exec(task, e);
      case 'clone':
        return this.clone(task, e);
      case 'fd':
        return this.fdOp(task, fds, e);
      case 'personality':
        space.bits = e.mode === '32' ? 32 : 64;
        return;
      case 'exit':
      case 'syscall':
      case 'signal':
        return;
      default:
        return assertUnreachable(e);
    }
  }

  private touchSpace(id: SpaceId): void {
    for (let i = 0; i < this.touchedCount; i++) if (this.touchedSpaces[i] === id) return;
    this.touchedSpaces[this.touchedCount++] = id;
  }

  private note(messages: readonly string[]): void {
    if (messages === NO_MESSAGES) return;
    // (An index loop: for…of took the iterator's slow path on the shared empty list, once per event.)
    for (let i = 0; i < messages.length; i++) this.anomalies.push(messages[i] as string);
  }

  // A call on memory the model does not have mapped: another task's mmap/mremap that
  // returns this range may still be in flight (its result printed later).
  // (`result` is e's, read by the caller where e's kind is known.)
  private createdInFlight(e: VmEvent, result: SyscallResult, addr: number, length: number, space: AddressSpace, upcoming: readonly VmEvent[], from: number, to: number): void {
    if (result.kind !== 'ok' || space.tree.find(addr) !== undefined) return;
    this.applyInFlight(e, upcoming, from, to, space.id, false, addr, addr + Math.max(length, 1));
  }

  // An mremap that moved (not MREMAP_FIXED) or grew in place got a range the kernel found free. When the model
  // still has something there, another task's munmap/mremap in flight had freed it first (its line completes
  // later): apply it now, as mmap does, instead of placing over it and letting it unmap the new region.
  private freedInFlight(e: MremapEvent, space: AddressSpace, upcoming: readonly VmEvent[], from: number, to: number): void {
    if (e.result.kind !== 'ok' || (e.flags & MREMAP.FIXED) !== 0) return;
    const target = e.result.value;
    const inPlace = target === e.oldAddr;
    const lo = inPlace ? e.oldAddr + e.oldLength : target;
    const hi = inPlace ? e.oldAddr + e.newLength : target + e.newLength;
    if (hi > lo && space.tree.overlapsAny(lo, hi)) this.applyInFlight(e, upcoming, from, to, space.id, true, lo, hi);
  }

  // strace-output.md §10: apply the calls of other tasks of the same space that
  // were already in flight when this one completed: those that free part of [lo, hi) (`freeing`), else those that
  // return memory there. (Not a predicate closure: its context, made at every call of the callers (most events), was
  // ~80 MB of garbage per 1M events.)
  private applyInFlight(e: VmEvent, upcoming: readonly VmEvent[], from: number, to: number, space: SpaceId, freeing: boolean, lo: number, hi: number): void {
    for (let i = from; i < to; i++) {
      const o = upcoming[i] as VmEvent;
      if (o.pid === e.pid || this.core.preApplied.has(o.step)) continue;
      if ((o.entryLine ?? o.line) >= e.line || (o.source ?? 0) !== (e.source ?? 0)) continue;
      if (this.spaceOfPid(o.pid) !== space || !(freeing ? frees(o, lo, hi) : creates(o, lo, hi))) continue;
      this.execute(o, o.pid, o.step, NONE, 0, 0);
      this.core.preApplied.add(o.step);
    }
  }

  // The task a line's pid names; creates one at first sight (after letting a
  // not-yet-returned clone that will create it run first).
  private taskFor(e: VmEvent, pid: Pid, step: number, upcoming: readonly VmEvent[], from: number, to: number): Task {
    const known = this.core.pids.get(pid);
    if (known !== undefined) return this.mustTask(known);
    const created = this.applyCreator(pid, upcoming, from, to) ?? this.applyHint(pid, step, e.spawnedBy);
    if (created !== undefined) return this.mustTask(created);
    // Unless the trace shows its exec, its start is not in the trace: its space holds only what the trace maps.
    return this.creatorless(pid, step, e.kind !== 'execve' || e.result.kind !== 'ok');
  }

  // A task no clone in the trace made (the first one, or reported): in a space of its own.
  private creatorless(pid: Pid, step: number, startUnknown: boolean): Task {
    if (this.core.sawFirstTask) this.anomalies.push(`pid ${pid} appears without a clone that created it`);
    this.core.sawFirstTask = true;
    const task = this.newTask(pid, step, undefined, undefined, this.newSpace().id, this.newFdTable());
    if (startUnknown) task.startUnknown = true;
    return task;
  }

  // Apply early the not-yet-returned clone in `upcoming` that creates `pid`; its new task.
  private applyCreator(pid: Pid, upcoming: readonly VmEvent[], from: number, to: number): ProcId | undefined {
    let creator: VmEvent | undefined;
    for (let i = from; i < to && creator === undefined; i++) {
      const o = upcoming[i] as VmEvent;
      if (o.kind === 'clone' && o.result.kind === 'ok' && o.result.value === pid && !this.core.preApplied.has(o.step)) creator = o;
    }
    if (creator === undefined || !this.core.pids.has(creator.pid)) return undefined;
    this.execute(creator, creator.pid, creator.step, NONE, 0, 0);
    this.core.preApplied.add(creator.step);
    return this.core.pids.get(pid);
  }

  // Create `pid` as the child of the task whose clone was in flight on its first line
  // (further away than the lookahead window reaches); the clone itself is then a no-op.
  private applyHint(pid: Pid, step: number, hint: VmEvent['spawnedBy']): ProcId | undefined {
    if (hint === undefined) return undefined;
    // A thread of a process strace attached to (`attached with N threads`): that process may not have shown yet.
    const parentId = this.core.pids.get(hint.pid) ?? (hint.attached === true ? this.creatorless(hint.pid, step, true).procId : undefined);
    if (parentId === undefined) return undefined;
    const parent = this.mustTask(parentId);
    this.clone(parent, { kind: 'clone', syscall: 'clone', step, pid: hint.pid, line: 0, flags: hint.flags, result: { kind: 'ok', value: pid } });
    const created = this.core.pids.get(pid);
    if (created !== undefined) this.mustTask(created).hinted = true;
    return created;
  }

  private mustTask(id: ProcId): Task {
    const t = this.core.tasks.get(id);
    if (t === undefined) throw new Error(`replay invariant: no task ${id}`);
    return t;
  }

  private spaceOf(t: Task): AddressSpace {
    const s = this.core.spaces.get(t.space);
    if (s === undefined) throw new Error(`replay invariant: no space ${t.space}`);
    return s;
  }

  private fdTable(t: Task): FdTable {
    let f = this.core.fdTables.get(t.fds);
    if (f === undefined) {
      f = new FdTable(this.ids);
      this.core.fdTables.set(t.fds, f);
    }
    return f;
  }

  private newSpace(): AddressSpace {
    const s = new AddressSpace(this.core.nextSpace++, this.ids);
    this.core.spaces.set(s.id, s);
    return s;
  }

  private newFdTable(from?: FdTable): number {
    const id = this.core.nextFdTable++;
    this.core.fdTables.set(id, from === undefined ? new FdTable(this.ids) : from.copy());
    return id;
  }

  private newTask(pid: Pid, step: number, parent: ProcId | undefined, leader: ProcId | undefined, space: SpaceId, fds: number): Task {
    const procId = this.core.nextProc++;
    const task: Task = { procId, pid, leader: leader ?? procId, ...(parent === undefined ? {} : { parent }), space, fds, spaces: [space], images: [], firstStep: step, alive: true };
    this.core.tasks.set(procId, task);
    this.core.pids.set(pid, procId);
    const s = this.core.spaces.get(space);
    if (s !== undefined) s.users++;
    return task;
  }

  private release(spaceId: SpaceId): void {
    const s = this.core.spaces.get(spaceId);
    if (s === undefined) return;
    s.users--;
    if (s.users <= 0 && s.tree.size > 0) {
      s.tree.clear();
      this.touchSpace(s.id);
      s.touch(0, Number.MAX_SAFE_INTEGER);
    }
  }

  private clone(parent: Task, e: CloneEvent): void {
    if (e.result.kind !== 'ok') return;
    const tid = e.result.value;
    const existing = this.core.pids.get(tid);
    if (existing !== undefined) {
      const t = this.mustTask(existing);
      if (t.hinted === true && t.parent === parent.procId) t.hinted = false;
      else this.anomalies.push(`clone returned ${tid}, which is already a live task`);
      return;
    }
    // A hinted child that already ended before this clone returned.
    for (const t of this.core.tasks.values()) {
      if (t.hinted === true && !t.alive && t.pid === tid && t.parent === parent.procId) {
        t.hinted = false;
        return;
      }
    }
    const thread = (e.flags & CLONE.THREAD) !== 0;
    let space = parent.space;
    if ((e.flags & CLONE.VM) === 0) {
      const copy = this.spaceOf(parent).forkCopy(this.core.nextSpace++);
      this.core.spaces.set(copy.id, copy);
      space = copy.id;
    }
    const fds = (e.flags & CLONE.FILES) !== 0 ? parent.fds : this.newFdTable(this.fdTable(parent));
    const child = this.newTask(tid, e.step, parent.procId, thread ? parent.leader : undefined, space, fds);
    // A copy (or a share) of a space that began before the trace is just as incomplete.
    if (parent.startUnknown === true && parent.space === parent.spaces[0]) child.startUnknown = true;
  }

  private exec(task: Task, e: ExecveEvent): void {
    if (e.result.kind !== 'ok') return;
    for (const other of this.core.tasks.values()) {
      if (other.alive && other !== task && other.leader === task.leader) this.endTask(other.pid, e.step, { how: 'vanished' });
    }
    task.leader = task.procId;
    const space = this.newSpace();
    if (e.layout !== undefined) loadLayout(space, e.layout, this.ids.nextAnonVma);
    space.touch(0, Number.MAX_SAFE_INTEGER);
    this.touchSpace(space.id);
    space.users++;
    this.release(task.space);
    task.space = space.id;
    task.spaces.push(space.id);
    task.images.push(e.path);
    task.fds = this.newFdTable(this.fdTable(task));
  }

  private endTask(pid: Pid, step: number, end: NonNullable<Task['end']>): void {
    const id = this.core.pids.get(pid);
    if (id === undefined) return;
    const t = this.mustTask(id);
    t.alive = false;
    t.endStep = step;
    t.end = end;
    this.core.pids.delete(pid);
    this.touchSpace(t.space);
    this.release(t.space);
  }

  // `+++ superseded by execve in pid BY +++` on the leader's line: the exec'ing
  // thread takes the leader's pid; the old leader is gone.
  private supersede(leaderPid: Pid, by: Pid, step: number): void {
    const thread = this.core.pids.get(by);
    this.endTask(leaderPid, step, { how: 'superseded' });
    if (thread === undefined) return;
    const t = this.mustTask(thread);
    this.core.pids.delete(by);
    t.pid = leaderPid;
    this.core.pids.set(leaderPid, t.procId);
  }

  // The file the task's current image was mapped from (what /proc/self/exe opens).
  private imageFile(task: Task): { path: string; dev?: string; inode?: number } | undefined {
    const image = task.images[task.images.length - 1];
    if (image === undefined) return undefined;
    const mapped = this.spaceOf(task).vmas().find((v) => v.file !== undefined && v.file.id.startsWith('exec'));
    return mapped?.file === undefined ? { path: image } : { path: mapped.file.path, dev: mapped.file.dev, inode: mapped.file.inode };
  }

  private fdOp(task: Task, fds: FdTable, e: FdEvent): void {
    if (e.result.kind !== 'ok') return;
    switch (e.op) {
      case 'open': {
        const exe = e.path !== undefined && PROC_EXE.test(e.path) ? this.imageFile(task) : undefined;
        if (exe !== undefined) fds.open(e.result.value, exe.path, exe);
        else fds.open(e.result.value, e.path, { ...(e.dev === undefined ? {} : { dev: e.dev }), ...(e.inode === undefined ? {} : { inode: e.inode }) });
        return;
      }
      case 'close':
        if (e.fd !== undefined) fds.close(e.fd);
        return;
      case 'dup':
        if (e.fd !== undefined) fds.dup(e.fd, e.newFd ?? e.result.value);
        return;
      case 'unlink':
      case 'rename':
        if (e.path !== undefined) this.renameFiles(e.path, e.op === 'rename' ? e.newPath : undefined);
        return;
      default:
        return assertUnreachable(e.op);
    }
  }

  // A mapped file was unlinked (shown ` (deleted)`) or renamed (shown under its new path).
  private renameFiles(path: string, newPath: string | undefined): void {
    for (const s of this.core.spaces.values()) {
      if (s.users <= 0) continue;
      s.mapAll((v) => {
        if (v.file === undefined || v.file.path !== path || v.file.deleted) return v;
        return withVma(v, { file: newPath === undefined ? { ...v.file, deleted: true } : { ...v.file, path: newPath } });
      });
      this.touchSpace(s.id);
    }
  }

}

// A fresh replay, before any event.
export function createReplay(): Replay {
  return new ReplayEngine();
}

// A replay continuing from `saved` (the value of an earlier `save()`).
export function restoreReplay(saved: Uint8Array): Replay {
  const engine = new ReplayEngine();
  engine.core = restoreState(saved, engine.ids);
  return engine;
}
