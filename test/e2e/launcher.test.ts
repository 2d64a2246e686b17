// bin/vmtrace, the command npm links: it starts the built CLI without NODE_EXTRA_CA_CERTS (Node
// reads that file at every start; vmtrace opens no TLS connection) and `run` gives the recorded
// program the user's value back.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
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
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
  expect(existsSync(join(ROOT, 'dist/cli.js'))).toBe(true);
});

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
  });
});
