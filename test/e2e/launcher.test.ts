// bin/vmtrace, the command npm links: it starts the bundled CLI (dist/bundle, scripts/bundle.mjs)
// without NODE_EXTRA_CA_CERTS (Node reads that file at every start; vmtrace opens no TLS
// connection), and `run` gives the recorded program the user's value back. The bundle must
// behave exactly as the per-module build in dist/.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { straceWorks } from '../helpers/tools.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'vmtrace');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-launcher-'));
// Node warns on stderr at start-up when NODE_EXTRA_CA_CERTS names a file it cannot read: a visible sign that it read it.
const MISSING = join(dir, 'no-such-ca.pem');
const WARNING = 'Ignoring extra certs';

beforeAll(async () => {
  // tsc and the bundle (the only test file that bundles: others use dist/ alone)
  await execa('npm', ['run', 'build'], { cwd: ROOT, reject: false });
  expect(existsSync(join(ROOT, 'dist/cli.js'))).toBe(true);
  expect(existsSync(join(ROOT, 'dist/bundle/cli.js'))).toBe(true);
}, 120_000);

describe('bin/vmtrace', () => {
  it('is what package.json links as the command', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin).toEqual({ vmtrace: 'bin/vmtrace' });
  });

  it('runs the CLI through a symlink elsewhere (as npm links it), with the exit code passed through', async () => {
    const link = join(dir, 'vmtrace');
    symlinkSync(BIN, link);
    const ok = await execa(link, ['--help'], { reject: false });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('vmtrace <command>');
    const usage = await execa(link, ['no-such-command'], { reject: false });
    expect(usage.exitCode).toBe(2);
  });

  it("prints package.json's version for --version, from the bundle and from dist/cli.js alike", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const argv of [[BIN, '--version'], [process.execPath, join(ROOT, 'dist/cli.js'), '--version']]) {
      const r = await execa(argv[0] as string, argv.slice(1), { reject: false });
      expect(r).toMatchObject({ exitCode: 0, stdout: version, stderr: '' });
    }
    expect((await execa(BIN, ['--help'], { reject: false })).stdout).toContain('--version');
  });

  it.skipIf(!straceWorks)(`passes a --version after -- to the recorded program, not to vmtrace${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, async () => {
    const r = await execa(BIN, ['run', '--no-tui', '--out', join(dir, 'version.db'), '--', 'sh', '-c', 'printf "[%s]" "$1"', 'sh', '--version'], { env: { ...process.env, VMTRACE_DELAY_US: '50000' }, reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('[--version]');
  });

  it('starts Node without NODE_EXTRA_CA_CERTS (node dist/cli.js, for contrast, reads it)', async () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: MISSING };
    const direct = await execa(process.execPath, [join(ROOT, 'dist/cli.js'), '--help'], { env, reject: false });
    expect(direct.stderr).toContain(WARNING);
    const launched = await execa(BIN, ['--help'], { env, reject: false });
    expect(launched.exitCode).toBe(0);
    expect(launched.stderr).not.toContain(WARNING);
  });

  it.skipIf(!straceWorks)(`gives the recorded program the user's NODE_EXTRA_CA_CERTS back, and only that${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, async () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: MISSING, VMTRACE_DELAY_US: '50000' };
    const r = await execa(BIN, ['run', '--no-tui', '--out', join(dir, 'env.db'), '--', 'sh', '-c', 'printf "%s|%s" "$NODE_EXTRA_CA_CERTS" "${VMTRACE_NODE_EXTRA_CA_CERTS-unset}"'], { env, reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${MISSING}|unset`);
    expect(r.stderr).not.toContain(WARNING);
    expect(r.stderr).toMatch(/verify: 1 process, \d+\/\d+ regions match/);
    expect(r.stderr).toContain('captures: 1 exec, 1 exit (strace held each 50 ms)');
  });
});

describe('the bundle bin/vmtrace runs', () => {
  const BUNDLE = join(ROOT, 'dist', 'bundle');
  const TRACE = join(ROOT, 'traces', 'forks', 'trace.strace');
  // Both builds, each with a cache of its own (the load cache is keyed by trace, not by build).
  const both = async (args: string[]): Promise<[string, string]> => {
    const env = (name: string) => ({ ...process.env, VMTRACE_CACHE_DIR: join(dir, `cache-${name}`) });
    const a = await execa(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { env: env('dist'), reject: false });
    const b = await execa(BIN, args, { env: env('bundle'), reject: false });
    expect(b.exitCode).toBe(a.exitCode);
    expect(b.stderr).toBe(a.stderr);
    return [a.stdout, b.stdout];
  };

  it('has every file its code starts by URL next to it (the parse worker, the writer thread: else load silently runs them in one thread)', () => {
    const files = readdirSync(BUNDLE).filter((f) => f.endsWith('.js'));
    // `new URL('./X.js', import.meta.url)`, or threads/warm.ts's builtThreadUrl('X.js', import.meta.url).
    const starts = /(?:new URL\(["']\.\/|builtThreadUrl\(["'])([\w.-]+\.js)["'], import\.meta\.url\)/g;
    const wanted = new Set(files.flatMap((f) => [...readFileSync(join(BUNDLE, f), 'utf8').matchAll(starts)].map((m) => m[1] as string)));
    expect([...wanted]).toContain('parse-worker.js');
    expect([...wanted]).toContain('writer-thread.js');
    for (const w of wanted) expect(files).toContain(w);
  });

  it.each([
    ['maps --at all', ['maps', TRACE, '--pid', '0', '--at', 'all']],
    ['events --json', ['events', TRACE, '--json']],
    ['ps --json', ['ps', TRACE, '--json']],
    ['a usage error', ['maps']],
    ['a missing file', ['maps', join(dir, 'missing.strace')]],
    // yargs lays out help with string-width, which the bundle loads only for text beyond printable ASCII
    // (scripts/bundle.mjs): the top-level help holds some (`…`), each command's own help none.
    ['the help of all commands', ['--help']],
    ...['run', 'load', 'maps', 'events', 'ps', 'tui', 'verify'].map((c): [string, string[]] => [`${c} --help`, [c, '--help']]),
  ])('%s exactly as dist/cli.js does', async (_name, args) => {
    const [a, b] = await both(args.map((x) => (x === '0' ? pidOf(TRACE) : x)));
    expect(b).toBe(a);
  });

  it('load (through the parse worker) prints and stores the same as dist/cli.js', async () => {
    const [a, b] = ['dist', 'bundle'].map((n) => join(dir, `load-${n}.db`)) as [string, string];
    const viaDist = await execa(process.execPath, [join(ROOT, 'dist/cli.js'), 'load', TRACE, '--no-tui', '--out', a]);
    const viaBundle = await execa(BIN, ['load', TRACE, '--no-tui', '--out', b]);
    expect(viaBundle.stdout.replaceAll(b, a)).toBe(viaDist.stdout);
    const maps = await Promise.all([a, b].map((db) => execa(BIN, ['maps', db, '--pid', pidOf(TRACE), '--at', 'all'])));
    expect(maps[1]?.stdout).toBe(maps[0]?.stdout);
    expect(maps[0]?.stdout).toContain('# step');
  });
});

describe("the bundle's string-width stand-in", () => {
  // Its premise, for each copy of string-width the bundle holds: printable ASCII is as wide as it is long.
  const copies = ['node_modules/string-width', 'node_modules/cliui/node_modules/string-width', 'node_modules/wrap-ansi/node_modules/string-width']
    .map((d) => join(ROOT, d, 'index.js'))
    .filter((f) => existsSync(f));
  const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
  it.each(copies)('%s', async (file) => {
    const { default: stringWidth } = (await import(file)) as { default: (s: string) => number };
    for (const s of [...ascii, ascii.join(''), '', '  --pid     process id (default: the first process)  [number]']) expect(stringWidth(s)).toBe(s.length);
    expect(stringWidth('\u2026')).toBe(1); // beyond ASCII the real module answers
    expect(stringWidth('\u{1F600}')).toBe(2);
  });
});

// The first pid of a trace (its first line starts with it).
function pidOf(trace: string): string {
  return /^(\d+) /.exec(readFileSync(trace, 'utf8'))?.[1] ?? '0';
}
