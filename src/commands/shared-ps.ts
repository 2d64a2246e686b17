// `vmtrace ps`: one row per process (thread-group leader).
import type { ProcessView } from '../model/types.js';
import type { TraceDb } from '../store/trace-db.js';

/** One process as `ps --json` prints it. */
export interface PsRow {
  readonly pid: number;
  readonly ppid?: number;
  readonly procId: number;
  readonly threads: readonly number[];
  readonly spaces: readonly number[];
  readonly images: readonly string[];
  readonly firstStep: number;
  readonly endStep?: number;
  readonly exit?: string;
  /** Already running when the trace began (ProcessView.startUnknown): its first space lacks what it mapped before. */
  readonly startUnknown?: true;
}

// How a task ended, in words (`exited 0`, `killed SIGKILL`, …).
export function describeEnd(p: ProcessView): string | undefined {
  const end = p.end;
  if (end === undefined) return undefined;
  if (end.how === 'killed') return `killed ${end.signal ?? String(end.status ?? '')}`.trim();
  return end.status === undefined ? end.how : `${end.how} ${end.status}`;
}

// Rows for every thread-group leader, in first-seen order.
export function psRows(db: TraceDb): PsRow[] {
  const procs = db.processes();
  const byId = new Map(procs.map((p) => [p.procId, p]));
  return procs
    .filter((p) => p.leader === p.procId)
    .map((p) => ({
      pid: p.pid,
      ppid: p.parent === undefined ? undefined : byId.get(p.parent)?.pid,
      procId: p.procId,
      threads: procs.filter((t) => t.leader === p.procId && t.procId !== p.procId).map((t) => t.pid),
      spaces: p.spaces,
      images: p.images,
      firstStep: p.firstStep,
      endStep: p.endStep,
      exit: describeEnd(p),
      ...(p.startUnknown === true ? { startUnknown: true as const } : {}),
    }));
}

// The `ps` table (or JSON lines).
export function formatPs(rows: readonly PsRow[], json: boolean): string {
  if (json) return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const head = `${'PID'.padStart(7)} ${'PPID'.padStart(7)} ${'THR'.padStart(4)} ${'SPACES'.padEnd(10)} ${'EXIT'.padEnd(14)} IMAGES\n`;
  return (
    head +
    rows
      .map((r) => {
        const spaces = r.spaces.join(',');
        const row = `${String(r.pid).padStart(7)} ${(r.ppid === undefined ? '-' : String(r.ppid)).padStart(7)} ${String(r.threads.length + 1).padStart(4)} ${spaces.padEnd(10)} ${(r.exit ?? '-').padEnd(14)} ${[...(r.startUnknown === true ? ['(start not in the trace)'] : []), ...r.images].join(' → ')}`;
        return `${row.trimEnd()}\n`;
      })
      .join('')
  );
}
