// `vmtrace events DB|TRACE [--pid P] [--json]`
import type { Argv, CommandModule } from 'yargs';
import { printEvents } from './shared-events.js';
import { openDbOrTrace } from './shared-open.js';
import { stdoutOutput } from './shared-output.js';

interface EventsArgs {
  source: string;
  pid?: number;
  json: boolean;
}

// Prints the event log.
export const eventsCommand: CommandModule<object, EventsArgs> = {
  command: 'events <source>',
  describe: 'print the event log (step, pid, raw line, anomalies)',
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'event-log DB or trace' })
      .option('pid', { type: 'number', describe: 'only this pid' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line' }) as unknown as Argv<EventsArgs>,
  handler: async (args) => {
    const { db } = await openDbOrTrace(args.source);
    try {
      const out = stdoutOutput();
      printEvents(db, { pid: args.pid, json: args.json }, (t) => out.write(t));
    } finally {
      db.close();
    }
  },
};
