// A hand-written in-memory TuiSource for UI tests (not the pipeline: regions are stated, not replayed).
import type { VmEvent } from '../../src/model/events.js';
import type { ProcessView, RegionView, StepEffect } from '../../src/model/types.js';
import type { TimelineMarker, TuiEvent, TuiSource } from '../../src/tui/source.js';

/** One step of the fixture: its event and what it does to one space's regions. */
export interface FixtureStep {
  readonly raw: string;
  readonly procId: number;
  readonly pid: number;
  readonly space?: number;
  readonly event: VmEvent;
  /** Regions added to `space`. */
  readonly add?: readonly RegionView[];
  /** Starts of regions removed from `space`. */
  readonly remove?: readonly number[];
  /** Copy another space into `space` (fork). */
  readonly copyFrom?: number;
  readonly time?: number;
}

const region = (start: number, end: number, perms: string, offset: number, name: string, inode = 0): RegionView => ({
  start,
  end,
  perms,
  offset,
  dev: name.startsWith('/') ? 'fe:00' : '00:00',
  inode,
  name,
});

// Builds a TuiSource from steps and processes; the regions at each step are the cumulative result.
export function memorySource(command: string, steps: readonly FixtureStep[], procs: readonly ProcessView[]): TuiSource & { calls: { regionsAt: number } } {
  const snapshots: Map<number, RegionView[]>[] = [new Map()];
  for (const s of steps) {
    const prev = snapshots[snapshots.length - 1] ?? new Map<number, RegionView[]>();
    const next = new Map([...prev].map(([k, v]) => [k, [...v]]));
    if (s.space !== undefined) {
      let list = s.copyFrom === undefined ? (next.get(s.space) ?? []) : [...(next.get(s.copyFrom) ?? [])];
      list = list.filter((r) => !(s.remove ?? []).includes(r.start)).concat(s.add ?? []);
      next.set(s.space, list.sort((a, b) => a.start - b.start));
    }
    snapshots.push(next);
  }
  const events: TuiEvent[] = steps.map((s, i) => {
    const changed = (s.add?.length ?? 0) > 0 || (s.remove?.length ?? 0) > 0 || s.copyFrom !== undefined;
    return { step: i + 1, pid: s.pid, procId: s.procId, time: s.time, raw: s.raw, changed, anomalies: [], event: s.event };
  });
  const calls = { regionsAt: 0 };
  const markers: TimelineMarker[] = events.flatMap((e): TimelineMarker[] =>
    e.event.kind === 'execve' ? [{ step: e.step, kind: 'exec' }] : e.event.kind === 'clone' ? [{ step: e.step, kind: 'fork' }] : e.event.kind === 'end' ? [{ step: e.step, kind: 'exit' }] : [],
  );
  return {
    calls,
    info: () => ({ command, stepCount: steps.length, firstTime: steps[0]?.time, lastTime: steps[steps.length - 1]?.time }),
    event: (step) => events[step - 1],
    events: (from, to, procId) => events.filter((e) => e.step >= from && e.step <= to && (procId === undefined || e.procId === procId)),
    processes: () => procs,
    regionsAt: (step, space) => {
      calls.regionsAt++;
      return snapshots[Math.max(0, Math.min(step, steps.length))]?.get(space) ?? [];
    },
    effectAt: (step): StepEffect | undefined => {
      const s = steps[step - 1];
      if (s === undefined) return undefined;
      const touched = [...(s.add ?? []).map((r) => ({ start: r.start, end: r.end }))];
      for (const start of s.remove ?? []) {
        const r = snapshots[step - 1]?.get(s.space ?? -1)?.find((x) => x.start === start);
        if (r !== undefined) touched.push({ start: r.start, end: r.end });
      }
      return { space: s.space, changed: events[step - 1]?.changed ?? false, touched, anomalies: [] };
    },
    spaceOfProcAt: (procId, step) => {
      const p = procs.find((x) => x.procId === procId);
      if (p === undefined || p.firstStep > step) return undefined;
      return p.spaces[p.spaces.length - 1];
    },
    changedSteps: () => events.filter((e) => e.changed).map((e) => e.step),
    markers: () => markers,
  };
}

const T0 = 1_700_000_000_000_000;
const ok = (value: number) => ({ kind: 'ok', value }) as const;
const common = (step: number, pid: number) => ({ step, pid, line: step, time: T0 + step * 150 });

/** Regions cat has right after its execve (values in /proc/PID/maps form). */
export const EXEC_REGIONS: readonly RegionView[] = [
  region(0x55d0c0a00000, 0x55d0c0a02000, 'r--p', 0, '/usr/bin/cat', 260131),
  region(0x55d0c0a02000, 0x55d0c0a07000, 'r-xp', 0x2000, '/usr/bin/cat', 260131),
  region(0x7f3c1a400000, 0x7f3c1a401000, 'r--p', 0, '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', 339000),
  region(0x7ffd5a3c0000, 0x7ffd5a3e1000, 'rw-p', 0, '[stack]'),
];
/** The anonymous page mmap'd at step 3. */
export const ANON = region(0x7f3c1a3fe000, 0x7f3c1a400000, 'rw-p', 0, '');
/** libc's first mapping at step 5. */
export const LIBC = region(0x7f3c1a200000, 0x7f3c1a226000, 'r--p', 0, '/usr/lib/x86_64-linux-gnu/libc.so.6', 339380);
/** libc's text at step 6. */
export const LIBC_TEXT = region(0x7f3c1a226000, 0x7f3c1a39b000, 'r-xp', 0x26000, '/usr/lib/x86_64-linux-gnu/libc.so.6', 339380);

const CAT_PROC: ProcessView = { procId: 1, pid: 100, leader: 1, spaces: [1], images: ['/usr/bin/cat'], firstStep: 1, endStep: 12, end: { how: 'exited', status: 0 } };
const CHILD_PROC: ProcessView = { procId: 2, pid: 101, parent: 1, leader: 2, spaces: [2], images: [], firstStep: 7, endStep: 10, end: { how: 'exited', status: 0 } };

// cat forking a child that unmaps a page and exits: 12 steps, 2 processes (`startUnknown`: both marked as
// running before the trace, as for a trace made with `strace -p`).
export function catSource(startUnknown = false): ReturnType<typeof memorySource> {
  const steps: FixtureStep[] = [
    { pid: 100, procId: 1, space: 1, raw: 'execve("/usr/bin/cat", ["cat", "f"], 0x7ffd5a3df0a8 /* 20 vars */) = 0', event: { ...common(1, 100), kind: 'execve', syscall: 'execve', result: ok(0), path: '/usr/bin/cat', argv: ['cat', 'f'] }, add: EXEC_REGIONS },
    { pid: 100, procId: 1, space: 1, raw: 'brk(NULL)                               = 0x55d0c1000000', event: { ...common(2, 100), kind: 'brk', syscall: 'brk', result: ok(0x55d0c1000000), addr: 0 } },
    { pid: 100, procId: 1, space: 1, raw: 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f3c1a3fe000', event: { ...common(3, 100), kind: 'mmap', syscall: 'mmap', result: ok(ANON.start), addr: 0, length: 8192, prot: 3, flags: 0x22, offset: 0 }, add: [ANON] },
    { pid: 100, procId: 1, space: 1, raw: 'openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x86_64-linux-gnu/libc.so.6>', event: { ...common(4, 100), kind: 'fd', syscall: 'openat', result: ok(3), op: 'open', path: '/usr/lib/x86_64-linux-gnu/libc.so.6' } },
    { pid: 100, procId: 1, space: 1, raw: 'mmap(NULL, 155648, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0) = 0x7f3c1a200000', event: { ...common(5, 100), kind: 'mmap', syscall: 'mmap', result: ok(LIBC.start), addr: 0, length: 155648, prot: 1, flags: 0x802, offset: 0, file: { fd: 3, path: '/usr/lib/x86_64-linux-gnu/libc.so.6' } }, add: [LIBC] },
    { pid: 100, procId: 1, space: 1, raw: 'mmap(0x7f3c1a226000, 1396736, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0x26000) = 0x7f3c1a226000', event: { ...common(6, 100), kind: 'mmap', syscall: 'mmap', result: ok(LIBC_TEXT.start), addr: LIBC_TEXT.start, length: 1396736, prot: 5, flags: 0x812, offset: 0x26000, file: { fd: 3, path: '/usr/lib/x86_64-linux-gnu/libc.so.6' } }, add: [LIBC_TEXT] },
    { pid: 100, procId: 1, space: 2, copyFrom: 1, raw: 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f3c1a3fea10) = 101', event: { ...common(7, 100), kind: 'clone', syscall: 'clone', result: ok(101), flags: 0x1200011 } },
    { pid: 101, procId: 2, space: 2, raw: '[pid   101] munmap(0x7f3c1a3fe000, 8192) = 0', event: { ...common(8, 101), kind: 'munmap', syscall: 'munmap', result: ok(0), addr: ANON.start, length: 8192 }, remove: [ANON.start] },
    { pid: 101, procId: 2, space: 2, raw: '[pid   101] exit_group(0)               = ?', event: { ...common(9, 101), kind: 'exit', syscall: 'exit_group', result: { kind: 'none' }, group: true, status: 0 } },
    { pid: 101, procId: 2, raw: '[pid   101] +++ exited with 0 +++', event: { ...common(10, 101), kind: 'end', how: 'exited', status: 0 } },
    { pid: 100, procId: 1, space: 1, raw: 'munmap(0x7f3c1a200000, 155648)          = 0', event: { ...common(11, 100), kind: 'munmap', syscall: 'munmap', result: ok(0), addr: LIBC.start, length: 155648 }, remove: [LIBC.start] },
    { pid: 100, procId: 1, raw: '+++ exited with 0 +++', event: { ...common(12, 100), kind: 'end', how: 'exited', status: 0 } },
  ];
  const procs = startUnknown ? [CAT_PROC, CHILD_PROC].map((p) => ({ ...p, startUnknown: true as const })) : [CAT_PROC, CHILD_PROC];
  return memorySource('cat f', steps, procs);
}
