// `vmtrace load TRACE [--out DB] [--no-tui] [--strict] [--force]`
import type { Argv, CommandModule } from 'yargs';
import { VmtraceError } from '../errors.js';
import { TraceDb } from '../store/trace-db.js';
import { openTui } from './open-tui.js';
import { loadTrace } from './shared-load.js';
import { stdoutOutput } from './shared-output.js';
import { formatLoadSummary } from './shared-summary.js';

interface LoadArgs {
  trace: string;
  out?: string;
  tui: boolean;
  strict: boolean;
  force: boolean;
}

// Imports, prints the summary, then opens the TUI when on a terminal.
export const loadCommand: CommandModule<object, LoadArgs> = {
  command: 'load <trace>',
  describe: 'import a strace file (or -ff prefix / directory) into an event-log DB and print a summary',
  builder: (y: Argv) =>
    y
      .positional('trace', { type: 'string', demandOption: true, describe: 'trace file, -ff prefix or directory' })
      .option('out', { type: 'string', describe: 'DB file to write (default: a cache entry reused while the trace is unchanged)' })
      .option('tui', { type: 'boolean', default: true, describe: 'open the TUI afterwards (--no-tui to skip)' })
      .option('strict', { type: 'boolean', default: false, describe: 'fail on the first line that cannot be parsed' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out file' }) as unknown as Argv<LoadArgs>,
  handler: async (args) => {
    const result = await loadTrace(args.trace, { out: args.out, force: args.force, strict: args.strict });
    const out = stdoutOutput();
    const db = TraceDb.open(result.dbPath);
    try {
      out.write(formatLoadSummary(db, result.dbPath, result.reused));
      if (args.strict && db.info().diagnosticCount > 0) throw new VmtraceError(`${args.trace}: ${db.info().diagnosticCount} diagnostics (--strict)`);
      if (isNotStrace(db)) throw new VmtraceError(`${args.trace}: not a strace trace (none of its ${db.info().lineCount} lines could be read as strace output)`);
    } finally {
      db.close();
    }
    if (args.tui && out.isTty) await openTui(result.dbPath);
  },
};

// True when the file had lines and every one of them was diagnosed (a PNG, a JSON file…).
function isNotStrace(db: TraceDb): boolean {
  const info = db.info();
  const { diagnosed } = db.parserCounts();
  return info.stepCount === 0 && info.lineCount > 0 && diagnosed === info.lineCount;
}
