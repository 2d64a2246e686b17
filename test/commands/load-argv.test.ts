// parseLoadArgv (the yargs-free fast path of `vmtrace load`) against yargs with loadCommand's own builder.
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { loadCommand, parseLoadArgv, type LoadArgs } from '../../src/commands/load.js';

// What yargs makes of `load …argv` with loadCommand's builder (the handler only captures).
async function viaYargs(argv: readonly string[]): Promise<LoadArgs> {
  let got: LoadArgs | undefined;
  await yargs(['load', ...argv])
    .command({ ...loadCommand, handler: (a) => void (got = { ...a }) })
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  if (got === undefined) throw new Error('handler not called');
  return got;
}

const fields = (a: LoadArgs): unknown => ({ trace: a.trace, out: a.out, tui: a.tui, strict: a.strict, force: a.force });

describe('parseLoadArgv', () => {
  const plain: readonly (readonly string[])[] = [
    ['t.strace'],
    ['t.strace', '--out', 'x.db', '--no-tui', '--force'],
    ['--out=a b.db', '--strict', 'dir/trace'],
    ['--tui', '--out', 'x.db', 'trace.1234'],
    ['0755'],
  ];
  for (const argv of plain) {
    it(`reads ${JSON.stringify(argv)} as yargs does`, async () => {
      const fast = parseLoadArgv(argv);
      expect(fast).toBeDefined();
      expect(fields(fast as LoadArgs)).toEqual(fields(await viaYargs(argv)));
    });
  }

  const leftToYargs: readonly (readonly string[])[] = [
    [],
    ['--out', 'x.db'],
    ['a.strace', 'b.strace'],
    ['--help', 't.strace'],
    ['t.strace', '--out', 'a.db', '--out', 'b.db'],
    ['t.strace', '--tui', '--no-tui'],
    ['t.strace', '--out', '--force'],
    ['t.strace', '--out='],
    ['t.strace', '--ou', 'x'],
    ['t.strace', '--force=false'],
    ['--', '-t.strace'],
    ['-h'],
  ];
  for (const argv of leftToYargs) {
    it(`leaves ${JSON.stringify(argv)} to yargs`, () => {
      expect(parseLoadArgv(argv)).toBeUndefined();
    });
  }
});
