// The text `load` prints after an import.
import { beganBeforeTrace } from '../model/tasks.js';
import type { ProcessView } from '../model/types.js';
import type { TraceDb } from '../store/trace-db.js';
import { procAt } from './shared-maps.js';

const FIRST_FEW = 5;

// Summary: files, DB, processes, events, the line tally, first diagnostics and anomalies.
export function formatLoadSummary(db: TraceDb, dbPath: string, reused: boolean): string {
  const info = db.info();
  const out: string[] = [];
  const files = info.sources.map((s) => s.path);
  out.push(`trace: ${files.length === 1 ? files[0] : `${files.length} files (${files[0] ?? ''} …)`}`);
  out.push(`db: ${dbPath}${reused ? ' (cached, trace unchanged)' : ''}`);
  if (info.command !== undefined) out.push(`command: ${info.command}`);
  const flags = info.flags.length > 0 ? ` [${info.flags.join(' ')}]` : '';
  if (info.straceVersion !== undefined || flags !== '') out.push(`strace: ${info.straceVersion ?? 'version unknown'}${flags}`);
  const procs = db.processes();
  const leaders = procs.filter((p) => p.leader === p.procId).length;
  out.push(`processes: ${leaders} (${procs.length} tasks)`);
  const before = procs.filter((p) => p.leader === p.procId && p.startUnknown === true).map((p) => p.pid);
  if (before.length > 0) {
    const pids = before.length > FIRST_FEW ? `${before.slice(0, FIRST_FEW).join(', ')} … (${before.length})` : before.join(', ');
    out.push(`  start not in the trace (no execve of it: strace -p, a cut trace, or a filter without execve): pid ${pids}; ${before.length === 1 ? 'its maps show' : 'their maps show'} only what the trace maps (vmtrace ps)`);
  }
  out.push(`events: ${info.stepCount}`);
  const tally = lineTally(db);
  out.push(`lines read: ${info.lineCount}${tally === '' ? '' : ` = ${tally}`}`);
  out.push(`diagnostics: ${info.diagnosticCount}`);
  const sources = info.sources;
  for (const d of db.diagnostics(FIRST_FEW)) {
    const file = sources[d.source]?.path ?? 'trace';
    out.push(`  ${file}:${d.line}: ${d.reason}: ${JSON.stringify(d.text.slice(0, 120))}`);
  }
  if (info.diagnosticCount > FIRST_FEW) out.push(`  … ${info.diagnosticCount - FIRST_FEW} more (vmtrace events --json shows the log)`);
  out.push(`anomalies: ${info.anomalyCount}${before.length > 0 ? beforeShare(db, procs) : ''}`);
  for (const a of db.anomalies(FIRST_FEW)) {
    const e = db.event(a.step);
    const where = e === undefined ? '' : ` (${info.sources[e.source]?.path ?? 'trace'}:${e.line})`;
    out.push(`  step ${a.step}${where}: ${a.message}`);
  }
  if (info.anomalyCount > FIRST_FEW) out.push(`  … ${info.anomalyCount - FIRST_FEW} more (vmtrace events shows them)`);
  return `${out.join('\n')}\n`;
}

// How many anomalies fell in a process's first space while that space began before the trace: there a call on memory
// the trace never showed mapped, or a thread with no clone, is expected rather than a contradiction.
function beforeShare(db: TraceDb, procs: readonly ProcessView[]): string {
  const all = db.anomalies(Number.MAX_SAFE_INTEGER);
  let n = 0;
  for (const a of all) {
    const pid = db.event(a.step)?.pid;
    const proc = pid === undefined ? undefined : procAt(procs.filter((p) => p.pid === pid), a.step);
    if (proc !== undefined && beganBeforeTrace(proc, db.spaceOfProcAt(proc.procId, a.step))) n++;
  }
  return n === 0 ? '' : ` (${n} in processes whose start is not in the trace, where it cannot show all they did)`;
}

// "N event lines + N consumed + N diagnosed" from the parser's counts, when it reported them.
function lineTally(db: TraceDb): string {
  const counts = db.parserCounts();
  const { eventLines, consumed, diagnosed } = counts;
  if (typeof eventLines === 'number' && typeof consumed === 'number' && typeof diagnosed === 'number') {
    return `${eventLines} event lines + ${consumed} consumed + ${diagnosed} diagnosed`;
  }
  const parts = Object.entries(counts)
    .filter(([k, v]) => typeof v === 'number' && k !== 'lines' && k !== 'total')
    .map(([k, v]) => `${String(v)} ${k}`);
  return parts.join(' + ');
}
