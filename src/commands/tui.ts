// `vmtrace tui DB|TRACE [--pid P] [--at N]`: the full-screen view (a TRACE is loaded through the DB cache first).
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { openDbOrTrace } from './shared-open.js';

interface TuiArgs {
  source: string;
  pid?: number;
  at?: number;
}

// Opens the TUI on a DB file (used by `tui`, and by `load`/`run` on a terminal).
export async function openTuiOn(dbOrTrace: string, start: { pid?: number; at?: number } = {}): Promise<void> {
  // A terminal is interactive even when a CI variable was inherited: ink (is-in-ci, read when
  // ink is imported) would otherwise draw nothing until exit.
  if (process.stdout.isTTY === true) {
    for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) if (key in process.env) process.env[key] = '0';
  }
  // Ink (and its layout engine) costs ~0.4 s to load: only pay for it when the TUI really opens.
  const [{ dbSource }, { runTui }] = await Promise.all([import('../tui/db-source.js'), import('../tui/run.js')]);
  const { db } = await openDbOrTrace(dbOrTrace);
  try {
    const source = dbSource(db);
    const selected = start.pid === undefined ? undefined : source.processes().find((p) => p.pid === start.pid)?.procId;
    if (start.pid !== undefined && selected === undefined) throw new UsageError(`--pid ${start.pid}: no such pid in ${dbOrTrace}`);
    await runTui(source, { initial: { step: start.at, selected } });
  } finally {
    db.close();
  }
}

// The yargs command module.
export const tuiCommand: CommandModule<object, TuiArgs> = {
  command: 'tui <source>',
  describe: 'scrub through the address-space history full screen (event-log DB or trace)',
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'event-log DB or trace' })
      .option('pid', { type: 'number', describe: 'select this process first' })
      .option('at', { type: 'number', describe: 'start at step N' }) as unknown as Argv<TuiArgs>,
  handler: async (args) => {
    await openTuiOn(args.source, { pid: args.pid, at: args.at });
  },
};
