// A deliberately tiny Replay (mmap/munmap per pid, space = pid) to test the store's
// checkpoint/restore plumbing independently of src/model. Not a model of Linux.
import type { VmEvent } from '../../src/model/events.js';
import type { ProcessView, RegionView, Replay, StepEffect } from '../../src/model/types.js';
import type { ReplayFactory } from '../../src/store/types.js';

interface State {
  step: number;
  spaces: [number, RegionView[]][];
  firstStep: [number, number][];
}

function carve(list: RegionView[], start: number, end: number): RegionView[] {
  const out: RegionView[] = [];
  for (const r of list) {
    if (r.end <= start || r.start >= end) out.push(r);
    else {
      if (r.start < start) out.push({ ...r, end: start });
      if (r.end > end) out.push({ ...r, start: end });
    }
  }
  return out;
}

class ToyReplay implements Replay {
  private readonly spaces: Map<number, RegionView[]>;
  private readonly first: Map<number, number>;
  step: number;
  constructor(state?: State) {
    this.spaces = new Map(state?.spaces ?? []);
    this.first = new Map(state?.firstStep ?? []);
    this.step = state?.step ?? 0;
  }
  apply(event: VmEvent, _upcoming?: readonly VmEvent[]): StepEffect {
    this.step = event.step;
    if (!this.first.has(event.pid)) this.first.set(event.pid, event.step);
    const list = this.spaces.get(event.pid) ?? [];
    if (event.kind === 'mmap' && event.result.kind === 'ok') {
      const start = event.result.value;
      const end = start + event.length;
      const perms = `${event.prot & 1 ? 'r' : '-'}${event.prot & 2 ? 'w' : '-'}${event.prot & 4 ? 'x' : '-'}p`;
      const r: RegionView = { start, end, perms, offset: 0, dev: event.file?.dev ?? '00:00', inode: event.file?.inode ?? 0, name: event.file?.path ?? '' };
      this.spaces.set(event.pid, [...carve(list, start, end), r].sort((a, b) => a.start - b.start));
      return { space: event.pid, changed: true, touched: [{ start, end }], anomalies: [] };
    }
    if (event.kind === 'munmap') {
      const end = event.addr + event.length;
      const hit = list.some((r) => r.start < end && r.end > event.addr);
      this.spaces.set(event.pid, carve(list, event.addr, end));
      return hit
        ? { space: event.pid, changed: true, touched: [{ start: event.addr, end }], anomalies: [] }
        : { space: event.pid, changed: false, touched: [], anomalies: [{ step: event.step, message: 'munmap of nothing' }] };
    }
    this.spaces.set(event.pid, list);
    return { space: event.pid, changed: false, touched: [], anomalies: [] };
  }
  regions(space: number): readonly RegionView[] {
    return this.spaces.get(space) ?? [];
  }
  spaceOfPid(pid: number): number | undefined {
    return this.spaces.has(pid) ? pid : undefined;
  }
  procOfPid(pid: number): number | undefined {
    return this.spaces.has(pid) ? pid : undefined;
  }
  processes(): readonly ProcessView[] {
    return [...this.first.entries()].map(([pid, firstStep]) => ({ procId: pid, pid, leader: pid, spaces: [pid], images: [], firstStep }));
  }
  save(): Uint8Array {
    const state: State = { step: this.step, spaces: [...this.spaces.entries()], firstStep: [...this.first.entries()] };
    return new TextEncoder().encode(JSON.stringify(state));
  }
}

// Factory for the toy replay.
export const toyReplayFactory: ReplayFactory = {
  create: () => new ToyReplay(),
  restore: (saved) => new ToyReplay(JSON.parse(new TextDecoder().decode(saved)) as State),
};
