// `vmtrace load TRACE [--out DB] [--no-tui] [--strict] [--force]`
import type { Argv, CommandModule } from 'yargs';
import { VmtraceError } from '../errors.js';
import { TraceDb } from '../store/trace-db.js';
import { openTui } from './open-tui.js';
import { loadTrace } from './shared-load.js';
import { stdoutOutput } from './shared-output.js';
import { formatLoadSummary } from './shared-summary.js';

export interface LoadArgs {
  trace: string;
  out?: string;
  tui: boolean;
  strict: boolean;
  force: boolean;
}

// `vmtrace load` as yargs runs it (cli.ts runs the plain forms through parseLoadArgv and runLoad without yargs).
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
  handler: (args) => runLoad(args),
};

/** `load`'s flags in their plain form, and the option each one sets. */
const PLAIN_FLAGS: Readonly<Record<string, readonly ['tui' | 'strict' | 'force', boolean]>> = {
  '--tui': ['tui', true],
  '--no-tui': ['tui', false],
  '--strict': ['strict', true],
  '--force': ['force', true],
};

// `load`'s arguments (after the word `load`) without yargs, when they are one TRACE and only the plain forms of the
// options (`--out X`, `--out=X`, `--tui`, `--no-tui`, `--strict`, `--force`), each at most once. Anything else (help,
// typos, `--`, a value that looks like an option) gives undefined, and yargs parses and reports it. yargs' load and
// parse took 40–65 ms of the main thread before the import could start (docs/bench.md, thirteenth round).
export function parseLoadArgv(argv: readonly string[]): LoadArgs | undefined {
  const args: Omit<LoadArgs, 'trace'> & { trace?: string } = { tui: true, strict: false, force: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('-')) {
      if (args.trace !== undefined || a === '') return undefined;
      args.trace = a;
      continue;
    }
    const flag = PLAIN_FLAGS[a];
    const name = flag?.[0] ?? (/^--out(?:=|$)/.test(a) ? 'out' : undefined);
    if (name === undefined || seen.has(name)) return undefined;
    seen.add(name);
    if (flag !== undefined) {
      args[flag[0]] = flag[1];
      continue;
    }
    const eq = a.indexOf('=');
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    args.out = value;
  }
  return args.trace === undefined ? undefined : { ...args, trace: args.trace };
}

// Imports, prints the summary, then opens the TUI when on a terminal.
export async function runLoad(args: LoadArgs): Promise<void> {
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
}

// True when the file had lines and every one of them was diagnosed (a PNG, a JSON file…).
function isNotStrace(db: TraceDb): boolean {
  const info = db.info();
  const { diagnosed } = db.parserCounts();
  return info.stepCount === 0 && info.lineCount > 0 && diagnosed === info.lineCount;
}
