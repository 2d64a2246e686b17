// `vmtrace run [--out DB] [--no-tui] [--force] [--strace PATH] -- CMD [ARGS…]`
import type { Argv, CommandModule } from 'yargs';
import { UsageError, VmtraceError } from '../errors.js';
import { defaultDbPath, outputPaths } from '../record/output-files.js';
import { createPhaseClock } from '../record/phase-clock.js';
import { recordCommand, type RecordResult } from '../record/recorder.js';
import { targetEnv } from '../record/target-env.js';

/** The target's own non-zero status, passed through as vmtrace's (the message says which). */
export class TargetExit extends VmtraceError {}

export interface RunArgs {
  /** Everything after `--`, as raw strings. */
  '--'?: (string | number)[];
  out?: string;
  tui: boolean;
  force: boolean;
  strace?: string;
}

// The error carrying a non-zero target status, or undefined for 0.
export function targetExit(result: RecordResult): TargetExit | undefined {
  if (result.exitCode === 0) return undefined;
  const how = result.signal !== undefined ? `killed by ${result.signal}` : `exited with status ${result.exitCode}`;
  return new TargetExit(`${result.program} ${how}`, { exitCode: result.exitCode });
}

/** `run`'s flags in their plain form, and the option each one sets. */
const PLAIN_FLAGS: Readonly<Record<string, readonly ['tui' | 'force', boolean]>> = { '--tui': ['tui', true], '--no-tui': ['tui', false], '--force': ['force', true] };

// `run`'s arguments (after the word `run`) without yargs, when they use only the plain forms
// (`--out X`, `--out=X`, `--strace X`, `--strace=X`, `--no-tui`, `--tui`, `--force`, then `--` CMD…), each
// option at most once. Anything else (help, typos, abbreviations, repeats, no `--`) gives undefined and
// yargs parses and reports it. yargs costs ~120 ms of CPU to load, all before the target could start.
export function parseRunArgv(argv: readonly string[]): RunArgs | undefined {
  const args: RunArgs = { tui: true, force: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return { ...args, '--': argv.slice(i + 1) };
    const flag = PLAIN_FLAGS[a];
    const eq = a.indexOf('=');
    const name = flag?.[0] ?? /^--(out|strace)(?:=|$)/.exec(a)?.[1];
    if (name === undefined || seen.has(name)) return undefined;
    seen.add(name);
    if (flag !== undefined) {
      args[flag[0]] = flag[1];
      continue;
    }
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (name === 'out') args.out = value;
    else args.strace = value;
  }
  return undefined; // no `--`: yargs says what is missing
}

// Records, then opens the TUI on a terminal or prints the summary to stderr.
export async function runRecording(args: RunArgs): Promise<void> {
  const [cmd, ...rest] = (args['--'] ?? []).map(String);
  if (cmd === undefined || cmd === '') throw new UsageError('run: give the command after --: vmtrace run [options] -- CMD [ARGS…]');
  const clock = createPhaseClock();
  clock.mark('cli ready');
  const out = outputPaths(args.out ?? defaultDbPath(cmd, new Date()));
  const tui = args.tui && process.stdout.isTTY === true;
  // The summary's code (the store's readers, the renderer, verify) loads while the target runs, after the import's.
  type SummaryCode = Promise<[typeof import('../store/trace-db.js'), typeof import('./shared-run-summary.js')]>;
  let summaryCode: SummaryCode | undefined;
  const loadSummaryCode = (): SummaryCode => (summaryCode ??= Promise.all([import('../store/trace-db.js'), import('./shared-run-summary.js')]));
  // (A load failure while preloading is reported by the await below.)
  const whileRunning = tui ? undefined : (): void => void loadSummaryCode().catch(() => undefined);
  const result = await recordCommand({ command: cmd, args: rest, out, force: args.force, strace: args.strace, clock, whileRunning, env: targetEnv(process.env) });
  if (tui) {
    const { openTui } = await import('./open-tui.js');
    await openTui(out.db);
  } else {
    const [{ TraceDb }, { formatRunSummary }] = await loadSummaryCode();
    const db = TraceDb.open(out.db);
    try {
      process.stderr.write(formatRunSummary(db, result, out, process.stderr.isTTY === true, clock));
    } finally {
      db.close();
    }
  }
  clock.report();
  const exit = targetExit(result);
  if (exit !== undefined) throw exit;
}

// The yargs command (help, and every form parseRunArgv leaves to yargs).
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'run a program under strace, recording its address spaces live: vmtrace run [options] -- CMD [ARGS…]',
  builder: (y: Argv) =>
    y
      // CMD and its arguments come after `--`, untouched (no option parsing, no number conversion).
      .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
      .option('out', { type: 'string', describe: 'DB to write; the raw trace goes next to it as .strace (default ./vmtrace-CMD-TIME.db)' })
      .option('tui', { type: 'boolean', default: true, describe: 'open the TUI afterwards on a terminal (--no-tui: print a summary)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace existing output files' })
      .option('strace', { type: 'string', describe: 'strace binary to use' }) as unknown as Argv<RunArgs>,
  handler: runRecording,
};
