// `vmtrace ps DB|TRACE [--json]`
import type { Argv, CommandModule } from 'yargs';
import { openDbOrTrace } from './shared-open.js';
import { stdoutOutput } from './shared-output.js';
import { formatPs, psRows } from './shared-ps.js';

interface PsArgs {
  source: string;
  json: boolean;
}

// Prints the processes of the trace.
export const psCommand: CommandModule<object, PsArgs> = {
  command: 'ps <source>',
  describe: 'list processes: pid, ppid, threads, address spaces, exit, images',
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'event-log DB or trace' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line' }) as unknown as Argv<PsArgs>,
  handler: async (args) => {
    const { db } = await openDbOrTrace(args.source);
    try {
      stdoutOutput().write(formatPs(psRows(db), args.json));
    } finally {
      db.close();
    }
  },
};
