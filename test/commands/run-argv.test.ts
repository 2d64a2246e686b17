// parseRunArgv (the yargs-free fast path of `vmtrace run`) against yargs with runCommand's own builder.
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { parseRunArgv, runCommand, type RunArgs } from '../../src/commands/run.js';

// What yargs makes of `run …argv` with runCommand's builder (the handler only captures).
async function viaYargs(argv: readonly string[]): Promise<RunArgs> {
  let got: RunArgs | undefined;
  await yargs(['run', ...argv])
    .command({ ...runCommand, handler: (a) => void (got = { ...a, '--': [...(a['--'] ?? [])] }) }) // a copy: yargs reuses the object
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  if (got === undefined) throw new Error('handler not called');
  return got;
}

const fields = (a: RunArgs): unknown => ({ cmd: (a['--'] ?? []).map(String), out: a.out, tui: a.tui, force: a.force, strace: a.strace });

describe('parseRunArgv', () => {
  const plain: readonly (readonly string[])[] = [
    ['--', 'cat', '/proc/self/maps'],
    ['--no-tui', '--', 'cat'],
    ['--tui', '--force', '--out', 'x.db', '--', 'cat', '--help', '-n', '12'],
    ['--out=a b.db', '--strace', '/usr/bin/strace', '--no-tui', '--', 'sh', '-c', 'echo 1 -- 2'],
    ['--strace=/s', '--force', '--', 'python3', '-c', '1', '--'],
    ['--', '0755', '1e3'],
  ];
  for (const argv of plain) {
    it(`reads ${JSON.stringify(argv)} as yargs does`, async () => {
      const fast = parseRunArgv(argv);
      expect(fast).toBeDefined();
      expect(fields(fast as RunArgs)).toEqual(fields(await viaYargs(argv)));
    });
  }

  const leftToYargs: readonly (readonly string[])[] = [
    [],
    ['cat'],
    ['--help', '--', 'cat'],
    ['--out', 'a.db', '--out', 'b.db', '--', 'cat'],
    ['--tui', '--no-tui', '--', 'cat'],
    ['--out', '--', 'cat'],
    ['--out='],
    ['--ou', 'x', '--', 'cat'],
    ['--noTui', '--', 'cat'],
    ['-h'],
    ['--force=false', '--', 'cat'],
  ];
  for (const argv of leftToYargs) {
    it(`leaves ${JSON.stringify(argv)} to yargs`, () => {
      expect(parseRunArgv(argv)).toBeUndefined();
    });
  }
});
