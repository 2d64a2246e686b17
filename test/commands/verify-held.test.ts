// verify when other threads run while the exiting one is held in exit_group: the kernel's maps were read at some
// moment of the hold, so each state from the last call before the exit's entry line to the one before its end may be
// what it shows. The live import is fed the lines and the capture as the reader thread sends them.
import { describe, expect, it } from 'vitest';
import { verifyTrace } from '../../src/commands/verify.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { formatVerifyReport } from '../../src/verify/index.js';
import { importLines } from '../helpers/live-lines.js';

const LINES = [
  '100 1.000001 mmap(0x7f0000000000, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000',
  '100 1.000002 clone(child_stack=0x7f0000001000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM) = 101',
  '100 1.000003 exit_group(0 <unfinished ...>',
  '101 1.000004 mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000010000',
  '100 1.000005 <... exit_group resumed>) = ?',
  '101 1.000006 +++ exited with 0 +++',
  '100 1.000007 +++ exited with 0 +++',
];
const BEFORE_THREAD_MMAP = '7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \n';
const AFTER_THREAD_MMAP = `${BEFORE_THREAD_MMAP}7f0000010000-7f0000011000 r--p 00000000 00:00 0 \n`;

// A recording of LINES whose exit capture (read while pid 100 was held at exit_group's entry) shows `maps`.
function recorded(maps: string): TraceDb {
  return TraceDb.open(importLines(LINES, 'exit_group(0', { kind: 'exit', pid: 100, line: 3, text: maps, held: true, latencyUs: 300 }).path);
}

describe('verify of an exit held while another thread ran', () => {
  it("matches a read taken before the other thread's call ended, naming the steps it could show", () => {
    const db = recorded(BEFORE_THREAD_MMAP);
    const [v] = verifyTrace(db);
    expect(v?.verdict.mismatches).toEqual([]);
    expect(v?.held).toEqual({ from: 2, to: 3 });
    expect(v?.step).toBe(2);
    expect(formatVerifyReport(verifyTrace(db))).toMatch(/^pid 100 \? \(step 2 of 2–3: other threads' calls ended while the exit was held\): 1\/1 regions match\n$/);
    db.close();
  });

  it('matches a read taken after it, at the step before exit_group', () => {
    const db = recorded(AFTER_THREAD_MMAP);
    const [v] = verifyTrace(db);
    expect(v?.verdict.mismatches).toEqual([]);
    expect(v?.step).toBe(3);
    db.close();
  });

  it('still reports a read that no step of the hold shows', () => {
    const db = recorded('7f0000000000-7f0000003000 rw-p 00000000 00:00 0 \n');
    const [v] = verifyTrace(db);
    expect(v?.verdict.mismatches.length).toBeGreaterThan(0);
    db.close();
  });
});
