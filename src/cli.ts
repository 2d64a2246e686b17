#!/usr/bin/env node
// Entry point: builds yargs from src/commands/* and maps errors to exit codes (caught once, here).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
import { UsageError, VmtraceError } from './errors.js';
import { forOutput } from './render/terminal.js';
import { packageVersion } from './version.js';

/** Each command's module, imported only when needed: `run` must not wait for the TUI, load or maps code to load. */
const COMMANDS = {
  run: async (y: Argv) => y.command((await import('./commands/run.js')).runCommand),
  load: async (y: Argv) => y.command((await import('./commands/load.js')).loadCommand),
  maps: async (y: Argv) => y.command((await import('./commands/maps.js')).mapsCommand),
  events: async (y: Argv) => y.command((await import('./commands/events.js')).eventsCommand),
  ps: async (y: Argv) => y.command((await import('./commands/ps.js')).psCommand),
  tui: async (y: Argv) => y.command((await import('./commands/tui.js')).tuiCommand),
  verify: async (y: Argv) => y.command((await import('./commands/verify.js')).verifyCommand),
} as const satisfies Record<string, (y: Argv) => Promise<Argv>>;

/**
 * Commands whose plain command lines run without yargs: its load and parse would delay `run`'s target by ~120 ms of
 * CPU and `load`'s import by 40–65 ms. Each gives the command to run, or undefined (help, typos, unusual forms) for
 * yargs to parse and report.
 */
const FAST_PATHS: Readonly<Record<string, (rest: readonly string[]) => Promise<(() => Promise<void>) | undefined>>> = {
  run: async (rest) => {
    const { parseRunArgv, runRecording } = await import('./commands/run.js');
    const args = parseRunArgv(rest);
    return args === undefined ? undefined : () => runRecording(args);
  },
  load: async (rest) => {
    const { parseLoadArgv, runLoad } = await import('./commands/load.js');
    const args = parseLoadArgv(rest);
    return args === undefined ? undefined : () => runLoad(args);
  },
};

// The command modules to register: only the named one, or all of them (help, typos) when none is named.
function commandsFor(argv: readonly string[]): ((y: Argv) => Promise<Argv>)[] {
  const name = argv.find((a) => !a.startsWith('-'));
  const one = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
  return one !== undefined ? [one] : Object.values(COMMANDS);
}

/**
 * Whether `argv` is a `load` that imports whatever the cache holds (`--out`, `--force`): then, for a large trace,
 * its parse worker and writer thread boot on the other core while this one loads the code (threads/warm.ts,
 * early-read.ts). Not for a plain `load`, which reuses a cached DB: a process waits at exit for a thread still
 * booting (+~100 ms on a cache hit, measured).
 */
export function importsForSure(argv: readonly string[]): boolean {
  if (argv.find((a) => !a.startsWith('-')) !== 'load' || argv.includes('--help')) return false;
  return argv.some((a) => a === '--out' || a.startsWith('--out=') || a === '--force');
}

// Runs vmtrace with `argv` (without node and script); resolves to the exit code.
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (importsForSure(argv)) (await import('./ingest/early-read.js')).readTraceEarly(argv);
    const name = argv[0] ?? '';
    const fast = Object.hasOwn(FAST_PATHS, name) ? await FAST_PATHS[name]?.(argv.slice(1)) : undefined;
    if (fast !== undefined) {
      await fast();
      return 0;
    }
    const { default: yargs } = await import('yargs');
    let y: Argv = yargs([...argv]).scriptName('vmtrace');
    for (const register of commandsFor(argv)) y = await register(y);
    await y
      .demandCommand(1, 'give a command (run, load, maps, events, ps, tui, verify)')
      .strict()
      .exitProcess(false)
      .fail((message: string | undefined, error: Error | undefined) => {
        throw error ?? new UsageError(message ?? 'bad command line');
      })
      .help()
      .version(await packageVersion())
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
