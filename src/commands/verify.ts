// `vmtrace verify DB`: per process with an exit capture, the reconstruction just before its
// exit_group against the kernel's maps read at that moment (or, when other threads' calls ended while
// the exit was held, at whichever of those steps the read matches); exit 1 on any mismatch.
import { basename } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { VmtraceError } from '../errors.js';
import { parseMapsText } from '../input/parse-maps.js';
import { TraceDb } from '../store/trace-db.js';
import { compareMaps, formatVerifyLine, formatVerifyReport, type MapsVerdict, type ProcessVerdict } from '../verify/index.js';
import { stdoutOutput } from './shared-output.js';

// The steps the kernel's exit-time read may show: the one before exit_group, and, when other tasks' calls ended
// while the exiting thread was held (they come between its entry line and its end in the trace, and the read was
// taken at some moment of the hold), each step before those.
function heldSteps(db: TraceDb, exitStep: number, entryLine: number | undefined): number[] {
  const steps = [Math.max(0, exitStep - 1)];
  if (entryLine === undefined) return steps;
  for (let s = exitStep - 1; s > 0; s--) {
    const e = db.event(s);
    if (e === undefined || e.line <= entryLine) break;
    steps.push(s - 1);
  }
  return steps;
}

// Fewer mismatches, then more regions matched; the later step on a tie.
const better = (a: MapsVerdict, b: MapsVerdict): boolean => a.mismatches.length < b.mismatches.length || (a.mismatches.length === b.mismatches.length && a.matched > b.matched);

// Compares every exit capture of an opened DB with the replay.
export function verifyTrace(db: TraceDb): ProcessVerdict[] {
  const procs = db.processes();
  const verdicts: ProcessVerdict[] = [];
  for (const c of db.captures('exit')) {
    const event = db.event(c.step);
    const procId = c.procId ?? event?.procId;
    const proc = procs.find((p) => p.procId === procId);
    const before = Math.max(0, c.step - 1);
    const space = event?.spaceId ?? (procId === undefined ? undefined : db.spaceOfProcAt(procId, before));
    const kernel = parseMapsText(c.text, `exit capture of pid ${c.pid}`);
    const steps = heldSteps(db, c.step, event?.event.entryLine);
    let step = before;
    let verdict = compareMaps(kernel, space === undefined ? [] : db.regionsAt(before, space));
    for (const s of steps.slice(1)) {
      if (verdict.mismatches.length === 0) break;
      const v = compareMaps(kernel, space === undefined ? [] : db.regionsAt(s, space));
      if (better(v, verdict)) [step, verdict] = [s, v];
    }
    const image = proc?.images[proc.images.length - 1];
    verdicts.push({
      pid: c.pid,
      name: image === undefined ? '?' : basename(image),
      step,
      ...(steps.length > 1 ? { held: { from: steps[steps.length - 1] as number, to: before } } : {}),
      verdict,
    });
  }
  return verdicts;
}

// The one-line summary `run` prints (never throws: a broken replay is itself the verdict).
export function verifyLine(db: TraceDb): string {
  try {
    return formatVerifyLine(verifyTrace(db));
  } catch (error) {
    if (error instanceof VmtraceError) return `verify: not possible (${error.message})`;
    throw error;
  }
}

interface VerifyArgs {
  db: string;
}

// Prints the report; exit status 1 when a region does not match (exceptions do not count).
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <db>',
  describe: 'compare the reconstruction with the kernel maps captured at each exit_group (DB from `vmtrace run`)',
  builder: (y: Argv) => y.positional('db', { type: 'string', demandOption: true, describe: 'event-log DB written by `vmtrace run`' }) as unknown as Argv<VerifyArgs>,
  handler: (args) => {
    const db = TraceDb.open(args.db);
    try {
      const all = verifyTrace(db);
      if (all.length === 0) throw new VmtraceError(`${args.db}: no exit captures to compare with (record with \`vmtrace run\`)`);
      stdoutOutput().write(`${formatVerifyReport(all)}${formatVerifyLine(all)}\n`);
      const bad = all.filter((p) => p.verdict.mismatches.length > 0).length;
      if (bad > 0) throw new VmtraceError(`${args.db}: ${bad} process(es) do not match the kernel's maps`);
    } finally {
      db.close();
    }
  },
};
