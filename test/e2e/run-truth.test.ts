// `run` end to end on real programs: some step of the reconstruction equals what the program
// printed of its own /proc maps (every column, dev:inode included), and `verify` matches the
// kernel's exit-time maps except the named exceptions.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyTrace } from '../../src/commands/verify.js';
import type { CaptureStats } from '../../src/record/live-import.js';
import { outputPaths } from '../../src/record/output-files.js';
import { recordCommand } from '../../src/record/recorder.js';
import { formatMaps } from '../../src/render/maps.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { formatVerifyReport } from '../../src/verify/index.js';
import { has, straceWorks } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-run-e2e-'));
const gcc = has('gcc');
const DELAYS = { execUs: 50_000, exitUs: 50_000 };
let n = 0;

async function run(command: string, args: string[], seccomp?: boolean, delays = DELAYS): Promise<{ db: TraceDb; out: string; rootPid?: number; path: string; captures: CaptureStats }> {
  const base = join(dir, `t${++n}`);
  const fd = openSync(`${base}.out`, 'w');
  try {
    const r = await recordCommand({ command, args, out: outputPaths(`${base}.db`), stdio: [0, fd, 2], delays, seccomp });
    expect(r.exitCode).toBe(0);
    return { db: TraceDb.open(`${base}.db`), out: readFileSync(`${base}.out`, 'utf8'), rootPid: r.rootPid, path: `${base}.db`, captures: r.captures };
  } finally {
    closeSync(fd);
  }
}

// True when some step of some space of the task `pid` renders exactly `maps`.
function someStepEquals(db: TraceDb, pid: number | undefined, maps: string): boolean {
  const steps = db.stepCount();
  for (const p of db.processes().filter((x) => pid === undefined || x.pid === pid)) {
    for (const space of p.spaces) {
      for (let s = p.firstStep; s <= (p.endStep ?? steps); s++) if (formatMaps(db.regionsAt(s, space)) === maps) return true;
    }
  }
  return false;
}

// Splits stdout made of `== PID ==` headers, each followed by that task's maps.
function sections(out: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const part of out.split(/^== (\d+) ==\n/m).slice(1).reduce<string[][]>((acc, x, i) => (i % 2 === 0 ? [...acc, [x]] : (acc[acc.length - 1]?.push(x), acc)), [])) {
    m.set(Number(part[0]), part[1] ?? '');
  }
  return m;
}

function compile(name: string, source: string, flags: string[] = []): string {
  const c = join(dir, `${name}.c`);
  writeFileSync(c, source);
  execFileSync('gcc', ['-O1', '-o', join(dir, name), c, ...flags]);
  return join(dir, name);
}

const DUMP = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
static void dump(void) { char b[1 << 16]; int fd = open("/proc/self/maps", O_RDONLY); ssize_t k, t = 0;
  while ((k = read(fd, b + t, sizeof b - t)) > 0) t += k; close(fd);
  char h[64]; int l = snprintf(h, sizeof h, "== %d ==\\n", getpid()); write(1, h, l); write(1, b, t); }
`;

describe.skipIf(!straceWorks)(`vmtrace run, end to end${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, () => {
  it('cat /proc/self/maps: a step of cat equals its output, line for line; verify matches', async () => {
    const { db, out, rootPid } = await run('cat', ['/proc/self/maps']);
    expect(someStepEquals(db, rootPid, out)).toBe(true);
    const v = verifyTrace(db);
    expect(formatVerifyReport(v)).toMatch(/^pid \d+ cat \(step \d+\): (\d+)\/\1 regions match\n$/);
    db.close();
  });

  it('the target runs under a seccomp filter by default (strace --seccomp-bpf), without one when off; maps exact both ways', async () => {
    for (const seccomp of [undefined, false]) {
      const { db, out, rootPid, path } = await run('sh', ['-c', 'grep -E "^(Seccomp|NoNewPrivs):" /proc/$$/status; cat /proc/$$/maps'], seccomp);
      const [status, maps] = [out.split('\n').slice(0, 2).join('\n'), out.split('\n').slice(2).join('\n')];
      expect(status).toMatch(seccomp === false ? /^NoNewPrivs:\t0\nSeccomp:\t0$/ : /^NoNewPrivs:\t1\nSeccomp:\t2$/);
      const sql = new Database(path, { readonly: true });
      const row = sql.prepare("SELECT value FROM meta WHERE key = 'recordedWith'").get() as { value: string };
      sql.close();
      expect((JSON.parse(row.value) as { strace: string[] }).strace.includes('--seccomp-bpf')).toBe(seccomp !== false);
      expect(someStepEquals(db, rootPid, maps)).toBe(true);
      db.close();
    }
  });

  it("sh -c 'cat /proc/$$/maps': the shell's own map, printed by its child", async () => {
    const { db, out, rootPid } = await run('sh', ['-c', 'cat /proc/$$/maps']);
    expect(someStepEquals(db, rootPid, out)).toBe(true);
    db.close();
  });

  it("execs held 1 µs, so every exec capture is read late: the shell's map is still exact, [stack] and [vdso] from the late reads", async () => {
    // The shell sleeps first, so its maps are read while it lives on, after ld.so has mapped libc (too late to be its
    // exec-time layout). The layout is inferred from the ELF files; the regions execve made itself come from that read.
    const { db, out, rootPid, captures } = await run('sh', ['-c', 'sleep 0.2; cat /proc/$$/maps'], undefined, { execUs: 1, exitUs: 50_000 });
    expect(captures.late).toBeGreaterThanOrEqual(1);
    expect(captures.lateUsed).toBeGreaterThanOrEqual(1);
    expect(out).toMatch(/\[vdso\]\n/);
    expect(someStepEquals(db, rootPid, out)).toBe(true);
    const v = verifyTrace(db);
    expect(formatVerifyReport(v)).not.toMatch(/mismatch/);
    db.close();
  });

  it.skipIf(!gcc)(`a multithreaded program${gcc ? '' : ' (skipped: no gcc)'}`, async () => {
    const prog = compile('threads', `${DUMP}#include <pthread.h>
static void *work(void *a) { void *p = malloc(1 << 20); (void)p; return a; }
int main(void) { pthread_t t[3]; for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, work, 0);
  for (int i = 0; i < 3; i++) pthread_join(t[i], 0); dump(); return 0; }
`, ['-pthread']);
    const { db, out, rootPid } = await run(prog, []);
    expect(someStepEquals(db, rootPid, sections(out).get(rootPid ?? 0) ?? '?')).toBe(true);
    db.close();
  });

  it.skipIf(!gcc)(`memory moved or made read-only without being written: the kernel's merges are exceptions the model marked, not mismatches${gcc ? '' : ' (skipped: no gcc)'}`, async () => {
    // Never-written memory: mremap gives it its new address as pgoff, so the page mapped below merges with it;
    // made read-only, it loses VM_ACCOUNT (kernels > 6.1), so the fresh r-- page above merges with it. The model
    // guesses "written" (it keeps them apart), and must say that the guess decided it.
    const prog = compile('unwritten', `${DUMP}#include <sys/mman.h>
int main(void) { long P = 4096; int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  char *area = mmap(0, 64 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *src = mmap(area + 40 * P, 3 * P, rw, anon, -1, 0);
  mremap(src, 3 * P, 7 * P, MREMAP_MAYMOVE | MREMAP_FIXED, area + 10 * P);
  mmap(area + 2 * P, 8 * P, rw, anon, -1, 0);
  mmap(area + 30 * P, P, rw, anon, -1, 0);
  mprotect(area + 30 * P, P, PROT_READ);
  mmap(area + 31 * P, P, PROT_READ, anon, -1, 0);
  dump(); return 0; }
`, ['-D_GNU_SOURCE']);
    const { db, out, rootPid } = await run(prog, []);
    const v = verifyTrace(db);
    const report = formatVerifyReport(v);
    expect(v, report).toHaveLength(1);
    expect(v[0]?.verdict.mismatches, report).toEqual([]);
    expect(v[0]?.verdict.exceptions.some((e) => /written/.test(e.reason)), report).toBe(true);
    // What the program printed is the kernel's merged shape, which no step shows (the model kept them apart).
    expect(someStepEquals(db, rootPid, sections(out).get(rootPid ?? 0) ?? '?')).toBe(false);
    db.close();
  });

  it.skipIf(!gcc)(`a file mapped, then deleted at once (as sem_open does): dev:inode from the mapping${gcc ? '' : ' (skipped: no gcc)'}`, async () => {
    // open, mmap and unlink within microseconds: no stat of the path can come in time, but the mapping still names the
    // file, with its dev:inode, in /proc/PID/maps. Printed maps show it as "PATH (deleted)".
    const prog = compile('sem', `${DUMP}#include <sys/mman.h>
int main(int argc, char **argv) { (void)argc; char name[256]; snprintf(name, sizeof name, "%s/sem.XXXXXX", argv[1]);
  int fd = mkstemp(name); if (fd < 0 || ftruncate(fd, 4096) != 0) return 1;
  int *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0); unlink(name); close(fd); *p = 1;
  dump(); return 0; }
`);
    const { db, out, rootPid } = await run(prog, [dir]);
    const maps = sections(out).get(rootPid ?? 0) ?? '?';
    expect(maps).toMatch(/^\S+ rw-s 00000000 [0-9a-f]+:[0-9a-f]+ [1-9]\d* +\S+\/sem\.\w{6} \(deleted\)$/m);
    expect(someStepEquals(db, rootPid, maps)).toBe(true);
    db.close();
  });

  it.skipIf(!gcc)(`memfd, shared anonymous memory and a SysV segment: what no trace line says, read from the live mappings${gcc ? '' : ' (skipped: no gcc)'}`, async () => {
    // A memfd's dev:inode (its file is born deleted), the shmem inode of MAP_SHARED|MAP_ANONYMOUS memory, a SysV
    // segment's size and key (from shmget, not traced): without the live reads these were 00:00 0, inode 0 and one page.
    const prog = compile('shared', `${DUMP}#include <sys/mman.h>
#include <sys/shm.h>
int main(void) { long P = 4096;
  int m = memfd_create("vmtrace-test", 0); if (m < 0 || ftruncate(m, 8 * P) != 0) return 1;
  char *a = mmap(0, 8 * P, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0); a[0] = 1;
  char *b = mmap(0, 4 * P, PROT_READ, MAP_PRIVATE, m, 4 * P); (void)b;
  char *z = mmap(0, 3 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); z[0] = 1;
  int id = shmget(0x5eed, 3 * P, IPC_CREAT | 0600); char *s = shmat(id, 0, 0); if (s == (void *)-1) return 1; s[0] = 1;
  shmctl(id, IPC_RMID, 0);
  dump(); return 0; }
`, ['-D_GNU_SOURCE']);
    const { db, out, rootPid } = await run(prog, []);
    const maps = sections(out).get(rootPid ?? 0) ?? '?';
    expect(maps).toMatch(/ \/memfd:vmtrace-test \(deleted\)\n/);
    expect(maps).toMatch(/ rw-s 00000000 00:01 [1-9]\d* +\/dev\/zero \(deleted\)\n/);
    expect(maps).toMatch(/ rw-s 00000000 00:01 \d+ +\/SYSV00005eed \(deleted\)\n/);
    expect(someStepEquals(db, rootPid, maps)).toBe(true);
    const report = formatVerifyReport(verifyTrace(db));
    expect(report).not.toMatch(/mismatch|uncertain/);
    db.close();
  });

  it.skipIf(!gcc)(`a program that forks and vforks${gcc ? '' : ' (skipped: no gcc)'}`, async () => {
    const prog = compile('forks', `${DUMP}#include <sys/wait.h>
#include <sys/mman.h>
int main(void) { mmap(0, 1 << 16, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  pid_t c = fork(); if (c == 0) { mmap(0, 1 << 14, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); dump(); _exit(0); }
  waitpid(c, 0, 0);
  pid_t v = vfork(); if (v == 0) { execl("/bin/true", "true", (char *)0); _exit(1); }
  waitpid(v, 0, 0); dump(); return 0; }
`);
    const { db, out } = await run(prog, []);
    const s = sections(out);
    expect(s.size).toBe(2);
    for (const [pid, maps] of s) expect(someStepEquals(db, pid, maps), `pid ${pid}`).toBe(true);
    db.close();
  });
});

describe.skipIf(!straceWorks)(`vmtrace verify on real runtimes${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, () => {
  const cases: [string, string, string[], boolean][] = [
    ['python3', 'python3', ['-c', 'import json, sqlite3'], has('python3')],
    ['node', process.execPath, ['-e', 'const a = []; for (let i = 0; i < 1e5; i++) a.push({ i }); Buffer.alloc(1 << 24)'], true],
    ['java', 'java', ['-version'], has('java', ['-version'])],
  ];
  for (const [name, cmd, args, present] of cases) {
    it.skipIf(!present)(`${name}: every exit capture matches, exceptions listed by name${present ? '' : ` (skipped: ${name} not installed)`}`, async () => {
      const { db } = await run(cmd, args);
      const v = verifyTrace(db);
      const report = formatVerifyReport(v);
      expect(v.length, report).toBeGreaterThan(0);
      for (const p of v) {
        expect(p.verdict.mismatches, report).toEqual([]);
        for (const e of p.verdict.exceptions) expect(e.name).not.toBe('');
      }
      db.close();
    }, 180_000);
  }
});
