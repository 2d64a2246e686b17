// Processes in tree order (parents before children, by first step) with their depth and a one-line summary.
import type { ProcessView } from '../model/types.js';
import { baseName } from './format.js';

/** One row of the process tree. */
export interface TreeRow {
  readonly proc: ProcessView;
  readonly depth: number;
}

// Depth-first from the roots; children in the order they appeared.
export function treeOrder(procs: readonly ProcessView[]): TreeRow[] {
  const ids = new Set(procs.map((p) => p.procId));
  const children = new Map<number | undefined, ProcessView[]>();
  for (const p of [...procs].sort((a, b) => a.firstStep - b.firstStep || a.procId - b.procId)) {
    const parent = p.parent !== undefined && ids.has(p.parent) ? p.parent : undefined;
    const list = children.get(parent) ?? [];
    list.push(p);
    children.set(parent, list);
  }
  const out: TreeRow[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | undefined, depth: number): void => {
    for (const p of children.get(parent) ?? []) {
      if (seen.has(p.procId)) continue;
      seen.add(p.procId);
      out.push({ proc: p, depth });
      walk(p.procId, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

// How a task ended, in words.
export function endWords(p: ProcessView): string {
  const end = p.end;
  if (end === undefined) return 'running at trace end';
  if (end.how === 'killed') return `killed by ${end.signal ?? String(end.status ?? '?')}`;
  if (end.how === 'superseded') return 'replaced by execve in a thread';
  return end.status === undefined ? end.how : `${end.how} ${end.status}`;
}

// `1234 thread of 1233 · space 2 (shared with 1235) · cat · exited 0`.
export function procSummary(p: ProcessView, all: readonly ProcessView[]): string {
  const leader = all.find((o) => o.procId === p.leader);
  const parent = all.find((o) => o.procId === p.parent);
  const kind = p.leader !== p.procId ? `thread of ${leader?.pid ?? '?'}` : parent !== undefined ? `child of ${parent.pid}` : '';
  const last = p.spaces[p.spaces.length - 1];
  const sharers = last === undefined ? [] : all.filter((o) => o.procId !== p.procId && o.spaces.includes(last)).map((o) => o.pid);
  const space = last === undefined ? '' : `space ${p.spaces.join('→')}${sharers.length > 0 ? ` (shared with ${sharers.slice(0, 3).join(',')}${sharers.length > 3 ? '…' : ''})` : ''}`;
  const image = p.images.length > 0 ? p.images.map(baseName).join('→') : '';
  return [String(p.pid), kind, image, space, endWords(p)].filter((s) => s !== '').join(' · ');
}
