// `vmtrace maps DB|TRACE [--pid P] [--at SPEC] [--format maps|pmap|gdb|json]`
import type { Argv, CommandModule } from 'yargs';
import { openDbOrTrace } from './shared-open.js';
import { MAPS_FORMATS, renderMaps, type MapsFormat } from './shared-maps.js';
import { stdoutOutput } from './shared-output.js';

interface MapsArgs {
  source: string;
  pid?: number;
  at: string;
  format: MapsFormat;
}

// Prints the address space of a pid at the chosen step(s).
export const mapsCommand: CommandModule<object, MapsArgs> = {
  command: 'maps <source>',
  describe: 'print a process address space as /proc/PID/maps (or pmap, gdb, json) at a step',
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'event-log DB or trace' })
      .option('pid', { type: 'number', describe: 'process id (default: the first process)' })
      .option('at', { type: 'string', default: 'last', describe: 'step N (state after event N), last (last state while alive), A..B, or all (every step that changed the space)' })
      .option('format', { choices: MAPS_FORMATS, default: 'maps' as MapsFormat }) as unknown as Argv<MapsArgs>,
  handler: async (args) => {
    const { db, dbPath } = await openDbOrTrace(args.source);
    try {
      const onNote = (text: string): void => void process.stderr.write(`vmtrace: note: ${text}\n`);
      stdoutOutput().write(renderMaps(db, { pid: args.pid, at: args.at, format: args.format, dbName: args.source === dbPath ? dbPath : args.source, onNote }));
    } finally {
      db.close();
    }
  },
};
