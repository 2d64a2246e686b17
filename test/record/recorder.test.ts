// The recorder on real programs under the real strace (parser real, replay a toy: this file
// checks the capture mechanism, exit statuses and faults, not the reconstruction).
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { parseMapsText } from '../../src/input/parse-maps.js';
import { outputPaths } from '../../src/record/output-files.js';
import { recordCommand, type RecordOptions, type RecordResult } from '../../src/record/recorder.js';
import { defaultParser } from '../../src/ingest/defaults.js';
import type { ParserLike } from '../../src/ingest/types.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';
import { has, straceWorks } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'vmtrace-rec-'));
// Generous delays: the machine running the tests may be loaded (docs/recording.md).
const DELAYS = { execUs: 50_000, exitUs: 50_000 };
const python = has('python3');
let n = 0;

async function record(command: string, args: string[], extra: Partial<RecordOptions> = {}): Promise<RecordResult & { out: string; err: string; db: string }> {
  const base = join(dir, `r${++n}`);
  const outFd = openSync(`${base}.out`, 'w');
  const errFd = openSync(`${base}.err`, 'w');
  try {
    const r = await recordCommand({ command, args, out: outputPaths(`${base}.db`), stdio: [0, outFd, errFd], delays: DELAYS, ingest: { replay: toyReplayFactory }, ...extra });
    return { ...r, out: readFileSync(`${base}.out`, 'utf8'), err: readFileSync(`${base}.err`, 'utf8'), db: `${base}.db` };
  } finally {
    closeSync(outFd);
    closeSync(errFd);
  }
}

// The real parser, 2 ms per line (Atomics.wait: a real block of the importing thread), `seen` told of each line.
function slowParser(seen: (lineNo: number) => void = () => undefined): ParserLike {
  const parser = defaultParser();
  const block = new Int32Array(new SharedArrayBuffer(4));
  return {
    push(text, lineNo, source) {
      Atomics.wait(block, 0, 0, 2);
      seen(lineNo);
      return parser.push(text, lineNo, source);
    },
    end: () => parser.end(),
    get diagnostics() {
      return parser.diagnostics;
    },
    get info() {
      return parser.info;
    },
  };
}

async function recordError(f: () => Promise<unknown>): Promise<RecordError> {
  try {
    await f();
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  throw new Error('expected a RecordError');
}

describe.skipIf(!straceWorks)(`recordCommand${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, () => {
  it('captures cat at exec time (before ld.so) and at exit_group (libc mapped), output untouched', async () => {
    const r = await record('cat', ['/proc/self/maps']);
    expect(r.exitCode).toBe(0);
    expect(r.captures).toMatchObject({ exec: 1, exit: 1, late: 0, failed: 0 });
    const printed = parseMapsText(r.out, 'cat output');
    const catLine = printed.find((x) => x.name === '/usr/bin/cat');
    expect(catLine).toBeDefined();
    const db = TraceDb.open(r.db);
    try {
      const [exec] = db.captures('exec');
      const [exit] = db.captures('exit');
      const execRegions = parseMapsText(exec?.text ?? '');
      // Right after execve: the image and the interpreter, no libc yet.
      expect(execRegions.some((x) => x.name === '/usr/bin/cat' && x.dev === catLine?.dev && x.inode === catLine?.inode)).toBe(true);
      expect(execRegions.some((x) => x.name.includes('ld-linux'))).toBe(true);
      expect(execRegions.some((x) => x.name.includes('libc.so'))).toBe(false);
      expect(parseMapsText(exit?.text ?? '').some((x) => x.name.includes('libc.so'))).toBe(true);
      expect(exec?.pid).toBe(r.rootPid);
      const execve = db.event(exec?.step ?? 0)?.event;
      expect(execve?.kind === 'execve' ? [execve.path, execve.layout?.source] : undefined).toEqual(['/usr/bin/cat', 'captured']);
      expect(db.event(exit?.step ?? 0)?.event.kind).toBe('exit');
    } finally {
      db.close();
    }
    // The raw strace text is kept next to the DB, with the delayed execve in it.
    expect(readFileSync(r.db.replace(/\.db$/, '.strace'), 'utf8')).toMatch(/execve\("\/usr\/bin\/cat".*= 0 \(DELAYED\)/);
  });

  it('records how strace was called, with the delays it held each tracee for', async () => {
    const r = await record('true', []);
    expect(r.delays).toEqual(DELAYS);
    const sql = new Database(r.db, { readonly: true });
    try {
      const row = sql.prepare("SELECT value FROM meta WHERE key = 'recordedWith'").get() as { value: string } | undefined;
      const recorded = JSON.parse(row?.value ?? '{}') as { strace?: string[]; delays?: unknown };
      expect(recorded.delays).toEqual(DELAYS);
      expect(recorded.strace).toContain('inject=execve:delay_exit=50000');
      expect(recorded.strace).toContain('inject=exit_group:delay_enter=50000');
      expect(recorded.strace?.some((a) => a.includes('.fifo'))).toBe(false); // no paths of this run
    } finally {
      sql.close();
    }
  });

  it('never makes the target wait for the import: it ends while a slow parser is still near the start', async () => {
    const marker = join(dir, 'target-done');
    let seenAt: number | undefined;
    let lines = 0;
    const slow = slowParser((lineNo) => {
      lines = lineNo;
      if (seenAt === undefined && existsSync(marker)) seenAt = lineNo;
    });
    // 150 opens and closes by the shell itself (no exec, no delay): more trace than the FIFO's 64 KiB
    // buffer, so an import that held the reader back would stall strace and the target with it.
    const loop = `i=0; while [ $i -lt 150 ]; do : > ${marker}.tmp; i=$((i+1)); done; : > ${marker}`;
    const r = await record('sh', ['-c', loop], { ingest: { parser: slow, replay: toyReplayFactory } });
    expect(r.exitCode).toBe(0);
    expect(statSync(r.db.replace(/\.db$/, '.strace')).size).toBeGreaterThan(64 * 1024);
    expect(lines).toBeGreaterThan(600);
    // The marker is the target's last act; the import saw it before reaching a quarter of the trace.
    expect(seenAt).toBeDefined();
    expect(seenAt).toBeLessThan(lines / 4);
  });

  it.skipIf(!python)(`identifies a file opened, mapped, then deleted before the import reaches it${python ? '' : ' (skipped: python3 not installed)'}`, async () => {
    // The reader thread stats each opened path as the line goes by; the import, held back here by a slow
    // parser, reaches the open only after the program unlinked the file (it used to stat it then: gone).
    const file = join(dir, 'mapped-then-deleted');
    const program = [
      'import mmap, os, sys, time',
      "for _ in range(300): os.close(os.open('/dev/null', os.O_RDONLY))",
      'fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)',
      "os.write(fd, b'x' * 4096)",
      'st = os.fstat(fd)',
      "print(f'{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x} {st.st_ino}', flush=True)",
      'time.sleep(0.2)',
      'm = mmap.mmap(fd, 4096)',
      'os.close(fd)',
      'os.unlink(sys.argv[1])',
    ].join('\n');
    const r = await record('python3', ['-c', program, file], { ingest: { parser: slowParser(), replay: toyReplayFactory } });
    expect(r.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    const [devText, inodeText] = r.out.trim().split(' ');
    const inode = Number(inodeText);
    const sql = new Database(r.db, { readonly: true });
    try {
      expect(sql.prepare('SELECT dev, inode FROM files WHERE path = ?').get(file)).toEqual({ dev: devText, inode });
    } finally {
      sql.close();
    }
    const db = TraceDb.open(r.db);
    try {
      const mapped = db.events(1, db.stepCount()).map((e) => e.event).find((e) => e.kind === 'mmap' && e.file?.path === file);
      expect(mapped?.kind === 'mmap' ? [mapped.file?.dev, mapped.file?.inode] : undefined).toEqual([devText, inode]);
    } finally {
      db.close();
    }
  });

  it("keeps the target's stderr free of strace's own messages", async () => {
    const r = await record('sh', ['-c', 'echo out; echo err >&2; /bin/true; echo err2 >&2']);
    expect(r.out).toBe('out\n');
    expect(r.err).toBe('err\nerr2\n');
    expect(r.captures.exec).toBe(2); // sh, then /bin/true in the child
  });

  it('passes the exit status through, and 128+N for a signal', async () => {
    expect((await record('sh', ['-c', 'exit 3'])).exitCode).toBe(3);
    const killed = await record('sh', ['-c', 'kill -TERM $$']);
    expect([killed.exitCode, killed.signal]).toEqual([143, 'SIGTERM']);
  });

  it('fails like a shell for a missing (127) or non-executable (126) command, writing nothing', async () => {
    const missing = await recordError(() => record('no-such-command-xyz', []));
    expect([missing.exitCode, missing.message]).toEqual([127, 'no-such-command-xyz: command not found']);
    writeFileSync(join(dir, 'plain'), 'echo hi\n');
    const plain = await recordError(() => record(join(dir, 'plain'), []));
    expect(plain.exitCode).toBe(126);
    expect(existsSync(join(dir, `r${n}.db`))).toBe(false);
  });

  it('never overwrites without force', async () => {
    const out = outputPaths(join(dir, 'keep.db'));
    writeFileSync(out.db, 'precious');
    const e = await recordError(() => recordCommand({ command: 'true', args: [], out, stdio: [0, 1, 2], ingest: { replay: toyReplayFactory } }));
    expect(e.message).toMatch(/keep\.db: a file already exists; use --force/);
    expect(readFileSync(out.db, 'utf8')).toBe('precious');
    expect(existsSync(out.trace)).toBe(false);
    const devnull = openSync('/dev/null', 'w');
    const r = await recordCommand({ command: 'true', args: [], out, force: true, stdio: [0, devnull, devnull], ingest: { replay: toyReplayFactory } });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(out.db).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('reports a missing strace with how to install it', async () => {
    const e = await recordError(() => record('true', [], { strace: join(dir, 'no-strace') }));
    expect(e.message).toMatch(/strace not found .*apt-get install strace.*--strace PATH/);
  });

  it('names the setting when ptrace is refused, and says when strace dies', async () => {
    const fake = (name: string, body: string): string => {
      const p = join(dir, name);
      writeFileSync(p, `#!/bin/sh\n${body}\n`);
      chmodSync(p, 0o755);
      return p;
    };
    const eperm = fake('strace-eperm', 'echo "strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted" >&2; exit 1');
    expect((await recordError(() => record('true', [], { strace: eperm }))).message).toMatch(/kernel\.yama\.ptrace_scope.*CAP_SYS_PTRACE.*seccomp/);
    expect(existsSync(join(dir, `r${n}.db`)) || existsSync(join(dir, `r${n}.strace`))).toBe(false); // nothing recorded, nothing left
    const dies = fake('strace-dies', 'kill -KILL $$');
    expect((await recordError(() => record('true', [], { strace: dies }))).message).toBe('strace died (killed by SIGKILL)');
  });
});
