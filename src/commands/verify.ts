// `vmtrace verify DB`: per process with an exit capture, the reconstruction just before its
// exit_group against the kernel's maps read at that moment; exit 1 on any mismatch.
import { basename } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { VmtraceError } from '../errors.js';
import { parseMapsText } from '../input/parse-maps.js';
import { TraceDb } from '../store/trace-db.js';
import { compareMaps, formatVerifyLine, formatVerifyReport, type ProcessVerdict } from '../verify/index.js';
import { stdoutOutput } from './shared-output.js';

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
    const model = space === undefined ? [] : db.regionsAt(before, space);
    const image = proc?.images[proc.images.length - 1];
    verdicts.push({
      pid: c.pid,
      name: image === undefined ? '?' : basename(image),
      step: before,
      verdict: compareMaps(parseMapsText(c.text, `exit capture of pid ${c.pid}`), model),
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
