// Entry of the TUI: checks the terminal, puts React in production mode, then loads and mounts the UI.
import { UsageError } from '../errors.js';
import type { TuiSource } from './source.js';

/** Options of runTui. */
export interface RunOptions {
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly env?: NodeJS.ProcessEnv;
  /** Start at this step / with this process selected. */
  readonly initial?: { readonly step?: number; readonly selected?: number };
}

// Opens the TUI over `source` and resolves when the user quits.
export async function runTui(source: TuiSource, options: RunOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  if (stdout.isTTY !== true || stdin.isTTY !== true) throw new UsageError('the TUI needs a terminal (stdin and stdout must be a TTY)');
  // React picks its build when first loaded: the development one (prop checks, dev stacks) made every
  // keypress ~30 % slower. Nothing here imports React statically, so setting it now still counts.
  process.env.NODE_ENV ??= 'production';
  const { mountTui } = await import('./mount.js');
  await mountTui(source, { ...options, stdout, stdin });
}
