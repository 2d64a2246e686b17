// The built CLI over traces/: load summary (every line accounted), maps/ps/events, --strict.
import { execa } from 'execa';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CAT = join(ROOT, 'traces', 'cat', 'trace.strace');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-cli-traces-'));
const env = { VMTRACE_CACHE_DIR: join(dir, 'cache') };


const run = async (...args: string[]) => {
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, env });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

beforeAll(async () => {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
});

describe('CLI on traces/cat', () => {
  it('has the trace', () => expect(existsSync(CAT)).toBe(true));

  it('load accounts for every line and caches the DB', async () => {
    const first = await run('load', CAT, '--no-tui');
    expect(first.exitCode).toBe(0);
    const m = /^lines read: (\d+) = (\d+) event lines \+ (\d+) consumed \+ (\d+) diagnosed$/m.exec(first.stdout);
    expect(m).not.toBeNull();
    const [total, a, b, c] = (m ?? []).slice(1).map(Number) as [number, number, number, number];
    expect(total).toBe(a + b + c);
    expect(first.stdout).toMatch(/^events: \d+$/m);
    const second = await run('load', CAT, '--no-tui');
    expect(second.stdout).toContain('(cached, trace unchanged)');
  });

  it('maps prints kernel-format lines; ps and events run', async () => {
    const maps = await run('maps', CAT);
    expect(maps.exitCode).toBe(0);
    const lines = maps.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).toMatch(/^[0-9a-f]{8,}-[0-9a-f]{8,} [r-][w-][x-][ps] [0-9a-f]{8,} [0-9a-f]{2,}:[0-9a-f]{2,} \d+ ( {0,72}\S.*)?$/);
    const ps = await run('ps', CAT, '--json');
    expect(ps.exitCode).toBe(0);
    expect(JSON.parse(ps.stdout.split('\n')[0] ?? '')).toMatchObject({ pid: 8836 });
    const events = await run('events', CAT, '--pid', '8836');
    expect(events.exitCode).toBe(0);
    expect(events.stdout.split('\n')[0]).toMatch(/^\s+1\s+8836 .*execve\(/);
  });

  it('--strict fails on a damaged trace, naming file and line', async () => {
    const bad = join(dir, 'bad.strace');
    writeFileSync(bad, '1234  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n\u0000\u0001 garbage line\n');
    const r = await run('load', bad, '--no-tui', '--strict', '--out', join(dir, 'bad.db'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^vmtrace: ${bad.replace(/[.]/g, '\\.')}:2: `));
    const lenient = await run('load', bad, '--no-tui', '--out', join(dir, 'bad2.db'));
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stdout).toMatch(/^diagnostics: 1\n {2}.*bad\.strace:2: /m);
  });
});
