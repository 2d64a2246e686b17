// What `run --no-tui` prints to stderr: files, processes, events, captures, the main
// process's final map and the verify line.
import { basename } from 'node:path';
import type { RecordResult } from '../record/recorder.js';
import type { OutputPaths } from '../record/output-files.js';
import type { PhaseClock } from '../record/phase-clock.js';
import { formatMaps } from '../render/maps.js';
import { escapeForTerminal } from '../render/terminal.js';
import type { TraceDb } from '../store/trace-db.js';
import { verifyLine } from './verify.js';

// "5 ms", or "exec 5 ms, exit 10 ms" when the two delays differ.
const ms = (us: number): string => `${us / 1000} ms`;
const delayText = (d: RecordResult['delays']): string => (d.execUs === d.exitUs ? ms(d.execUs) : `exec ${ms(d.execUs)}, exit ${ms(d.exitUs)}`);

// What became of the late captures: from a late exec capture only what execve itself mapped is taken (late-capture.ts).
const lateText = (late: number, used: number): string =>
  used === 0 ? 'not used' : `${used === late ? '' : `${used} of them `}used only for [stack], [vdso] and the like`;

/** `captures: 2 exec, 2 exit, 1 too late (used only for [stack], [vdso] and the like) (strace held each 5 ms)`. */
export function captureLine(c: RecordResult['captures'], delays: RecordResult['delays']): string {
  return `captures: ${c.exec} exec, ${c.exit} exit${c.late > 0 ? `, ${c.late} too late (${lateText(c.late, c.lateUsed)})` : ''}${c.failed > 0 ? `, ${c.failed} failed` : ''} (strace held each ${delayText(delays)})`;
}

// The summary text (escaped for a terminal when `tty`).
export function formatRunSummary(db: TraceDb, result: RecordResult, out: OutputPaths, tty: boolean, clock?: PhaseClock): string {
  clock?.mark('summary loaded');
  const info = db.info();
  const procs = db.processes();
  const leaders = procs.filter((p) => p.leader === p.procId).length;
  const lines = [
    `vmtrace: recorded ${result.program} → ${out.db} (raw trace ${basename(out.trace)})`,
    `processes: ${leaders} (${procs.length} tasks), events: ${info.stepCount}, diagnostics: ${info.diagnosticCount}, anomalies: ${info.anomalyCount}`,
    captureLine(result.captures, result.delays),
  ];
  const main = procs.find((p) => p.pid === result.rootPid) ?? procs[0];
  if (main !== undefined) {
    const exit = db.captures('exit').find((x) => x.pid === main.pid);
    const step = exit !== undefined ? exit.step - 1 : main.endStep !== undefined ? main.endStep - 1 : info.stepCount;
    const space = db.spaceOfProcAt(main.procId, step);
    const image = main.images[main.images.length - 1] ?? '?';
    lines.push(`final map of pid ${main.pid} ${basename(image)} (step ${step}):`);
    if (space !== undefined) lines.push(formatMaps(db.regionsAt(step, space)).replace(/\n$/, ''));
  }
  clock?.mark('summary');
  lines.push(verifyLine(db));
  clock?.mark('verify');
  const text = `${lines.join('\n')}\n`;
  return tty ? escapeForTerminal(text) : text;
}
