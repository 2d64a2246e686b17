// A trace made by attaching (`strace -p PID`) to a program already running: the built CLI must say
// that its maps lack what was mapped before the trace, in load, maps (stderr and JSON), and ps.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { has, straceWorks } from '../helpers/tools.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-attach-'));
const env = { VMTRACE_CACHE_DIR: join(dir, 'cache') };
const python = has('python3');
// The interpreter itself (python3 may be a shell shim that execs it: attached to that, the trace would show the exec).
const PYTHON = python ? execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() : '';

const cli = async (...args: string[]) => {
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, env });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

// Says it is ready, waits for the go file, maps 5 shared anonymous pages, writes their address and its own maps
// (the program traces/attach was recorded with).
const PROGRAM = join(ROOT, 'scripts', 'programs', 'attach.py');

beforeAll(async () => {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
});

// Attaching to a process that is not our child: Yama's ptrace_scope 1 and 2 allow it to root only, 3 to no one.
function attachAllowed(): boolean {
  let scope = 0;
  try {
    scope = Number(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim());
  } catch {
    scope = 0; // no Yama: ptrace's ordinary rules (same user, or root)
  }
  return scope === 0 || (scope < 3 && process.getuid?.() === 0);
}
const ready = straceWorks && python && attachAllowed();
const why = !straceWorks ? 'strace missing or ptrace not permitted' : !python ? 'no python3' : 'kernel.yama.ptrace_scope forbids attaching here';
describe.skipIf(!ready)(`a trace of an attached process${ready ? '' : ` (skipped: ${why})`}`, () => {
  it('is loaded with its processes marked as running before the trace', async () => {
    const go = join(dir, 'go');
    const out = join(dir, 'out.txt');
    const trace = join(dir, 'attach.strace');
    const target = execa(PYTHON, [PROGRAM, go, out], { reject: false });
    const pid = target.pid as number;
    let said = '';
    target.stdout?.on('data', (b: Buffer) => (said += b.toString()));
    for (let i = 0; i < 400 && !said.includes('ready'); i++) await sleep(25);
    expect(said).toContain('ready');
    const strace = execa('strace', ['-f', '-y', '-ttt', '-e', 'trace=%memory,%process', '-o', trace, '-p', String(pid)], { reject: false });
    let attached = '';
    strace.stderr?.on('data', (b: Buffer) => (attached += b.toString()));
    for (let i = 0; i < 200 && !attached.includes('attached'); i++) await sleep(25);
    expect(attached).toContain(`Process ${pid} attached`);
    writeFileSync(go, '');
    await target;
    await strace;
    expect(existsSync(out)).toBe(true);
    const [addrLine = '', ...truthLines] = readFileSync(out, 'utf8').split('\n');
    const truth = truthLines.filter((l) => l !== '');
    const addr = BigInt(`0x${addrLine}`);

    const load = await cli('load', trace, '--no-tui', '--out', join(dir, 'attach.db'));
    expect(load.exitCode).toBe(0);
    expect(load.stdout).toContain(`start not in the trace (no execve of it: strace -p, a cut trace, or a filter without execve): pid ${pid};`);

    // Every state shown lacks what was mapped before: one note, and far fewer regions than the kernel printed.
    const maps = await cli('maps', join(dir, 'attach.db'), '--at', 'all');
    expect(maps.exitCode).toBe(0);
    expect(maps.stderr).toBe(`vmtrace: note: pid ${pid}: its start is not in the trace (no execve of it: strace -p, a cut trace, or a filter without execve), so what it mapped before the trace shows it is missing; only regions the trace maps are shown`); // (execa drops the final newline)
    const states = maps.stdout.split(/^# step \d+\n/m).filter((t) => t !== '').map((t) => t.split('\n').filter((l) => l !== ''));
    expect(states.length).toBeGreaterThan(0);
    for (const shown of states) expect(shown.length).toBeLessThan(truth.length / 2);
    // The mapping made after the attach is there, where the kernel put it.
    const covers = (l: string) => {
      const [lo = '0', hi = '0'] = (l.split(' ')[0] ?? '').split('-');
      return BigInt(`0x${lo}`) <= addr && addr < BigInt(`0x${hi}`);
    };
    expect(truth.some(covers)).toBe(true);
    expect(states.some((shown) => shown.some(covers))).toBe(true);

    const json = await cli('maps', join(dir, 'attach.db'), '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ pid, startUnknown: true });
    const ps = await cli('ps', join(dir, 'attach.db'), '--json');
    expect(JSON.parse(ps.stdout.split('\n')[0] ?? '')).toMatchObject({ pid, startUnknown: true });
    const table = await cli('ps', join(dir, 'attach.db'));
    expect(table.stdout).toContain('(start not in the trace)');
  });
});

// The saved traces of scripts/record-attach.sh: `attach` (-o, one thread: 5 pages split in 3 by mprotect) and
// `attach-threads` (on stderr, `attached with 3 threads`: two threads map three 1 MiB regions each).
describe.each([
  { name: 'attach', regions: 3, threads: 1 },
  { name: 'attach-threads', regions: 6, threads: 3 },
])('traces/$name (saved, strace -f -p)', ({ name, regions, threads }) => {
  const TRACE = join(ROOT, 'traces', name, 'trace.strace');
  const meta = JSON.parse(readFileSync(join(ROOT, 'traces', name, 'meta.json'), 'utf8')) as { partialTruth: { file: string; pid: number; at: { line: number } } };
  const [addrLine = '', ...kernel] = readFileSync(join(ROOT, 'traces', name, meta.partialTruth.file), 'utf8').split('\n').filter((l) => l !== '');
  const { pid } = meta.partialTruth;
  // Shared anonymous mappings show as /dev/zero (deleted); their inode (the shmem file's) is in no trace: vmtrace prints 0.
  const SHMEM = /^(\S+ \S+ \S+ 00:01 )(\d+)( +)\/dev\/zero \(deleted\)$/;
  const noInode = (l: string) => l.replace(SHMEM, (_m, head: string, ino: string, pad: string) => `${head}INODE${' '.repeat(Math.max(1, ino.length + pad.length - 5))}/dev/zero (deleted)`);

  it('one process (its threads with it), marked as running before the trace; at the marker its shared mappings are the kernel lines', async () => {
    const db = join(dir, `saved-${name}.db`);
    const load = await cli('load', TRACE, '--no-tui', '--out', db);
    expect(load.exitCode).toBe(0);
    expect(load.stdout).toContain(`start not in the trace (no execve of it: strace -p, a cut trace, or a filter without execve): pid ${pid};`);
    expect(load.stdout).toContain(`processes: 1 (${threads} tasks)`);
    // Its anomalies (calls on memory mapped before the trace) are all said to be in such a process.
    const anomalies = /^anomalies: (\d+)(?: \((\d+) in processes whose start is not in the trace)?/m.exec(load.stdout);
    expect(anomalies).not.toBeNull();
    expect(anomalies?.[2] ?? '0').toBe(anomalies?.[1]);
    const ps = await cli('ps', db, '--json');
    expect(JSON.parse(ps.stdout)).toMatchObject({ pid, threads: expect.any(Array), startUnknown: true });
    expect((JSON.parse(ps.stdout) as { threads: unknown[] }).threads).toHaveLength(threads - 1);

    const events = await cli('events', db, '--json');
    const marker = events.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { step: number; line: number }).find((e) => e.line === meta.partialTruth.at.line);
    expect(marker).toBeDefined();
    const maps = await cli('maps', db, '--pid', String(pid), '--at', String(marker?.step));
    expect(maps.stderr).toContain(`vmtrace: note: pid ${pid}: its start is not in the trace`);
    const expected = kernel.filter((l) => SHMEM.test(l)).map(noInode);
    expect(expected).toHaveLength(regions);
    for (const a of addrLine.split(' ')) expect(expected.some((l) => l.startsWith(`${a}-`))).toBe(true);
    const shown = maps.stdout.split('\n').filter((l) => l !== '');
    expect(shown.filter((l) => SHMEM.test(l)).map(noInode)).toEqual(expected);
    // Nothing from before the trace: every region shown was made by a call in it.
    expect(shown.length).toBeLessThan(kernel.length / 2);
  });
});

describe('a trace that starts with its execve', () => {
  it('carries no such note', async () => {
    const cat = join(ROOT, 'traces', 'cat', 'trace.strace');
    const load = await cli('load', cat, '--no-tui');
    expect(load.exitCode).toBe(0);
    expect(load.stdout).not.toContain('start not in the trace');
    const maps = await cli('maps', cat);
    expect(maps.exitCode).toBe(0);
    expect(maps.stderr).toBe('');
    const json = await cli('maps', cat, '--format', 'json');
    expect(JSON.parse(json.stdout)).not.toHaveProperty('startUnknown');
    const ps = await cli('ps', cat, '--json');
    expect(JSON.parse(ps.stdout.split('\n')[0] ?? '')).not.toHaveProperty('startUnknown');
  });
});
