#!/usr/bin/env node
// Entry point: builds yargs from src/commands/* and maps errors to exit codes (caught once, here).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { eventsCommand } from './commands/events.js';
import { loadCommand } from './commands/load.js';
import { mapsCommand } from './commands/maps.js';
import { psCommand } from './commands/ps.js';
import { runCommand } from './commands/run.js';
import { tuiCommand } from './commands/tui.js';
import { verifyCommand } from './commands/verify.js';
import { UsageError, VmtraceError } from './errors.js';
import { forOutput } from './render/terminal.js';

// Runs vmtrace with `argv` (without node and script); resolves to the exit code.
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await yargs([...argv])
      .scriptName('vmtrace')
      .command(runCommand)
      .command(loadCommand)
      .command(mapsCommand)
      .command(eventsCommand)
      .command(psCommand)
      .command(tuiCommand)
      .command(verifyCommand)
      .demandCommand(1, 'give a command (run, load, maps, events, ps, tui, verify)')
      .strict()
      .exitProcess(false)
      .fail((message: string | undefined, error: Error | undefined) => {
        throw error ?? new UsageError(message ?? 'bad command line');
      })
      .help()
      .version(false)
      .parseAsync();
    return 0;
  } catch (error) {
    if (error instanceof VmtraceError) {
      // Messages can quote trace text: never let its control bytes reach a terminal raw.
      process.stderr.write(`vmtrace: ${forOutput(error.message, process.stderr.isTTY === true)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`vmtrace: internal error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// True when this module is the program being run (not imported by a test).
function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false; // argv[1] is not a file (e.g. `node -e`)
  }
}

if (isMain()) {
  process.exitCode = await main(process.argv.slice(2));
}
