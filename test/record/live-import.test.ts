// The live import's use of exit captures read after strace let the exit go on ("late"): a whole read (it reaches
// [vsyscall], the last line of an x86-64 map) is the final map and is kept; a read the teardown cut short is not.
import { describe, expect, it } from 'vitest';
import { TraceDb } from '../../src/store/trace-db.js';
import { importLines } from '../helpers/live-lines.js';

const LINES = [
  '100 1.000001 mmap(0x7f0000000000, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000',
  '100 1.000002 exit_group(0)   = ?',
  '100 1.000003 +++ exited with 0 +++',
];
const WHOLE = '7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \nffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n';

// The exit capture of pid 100 as the reader sends it (before the rest of its line), then what the import kept.
function importWith(text: string, held: boolean | undefined) {
  const { path, stats } = importLines(LINES, 'exit_group(', { kind: 'exit', pid: 100, line: 2, text, held, latencyUs: 6000 });
  const t = TraceDb.open(path);
  const captures = t.captures('exit');
  t.close();
  return { stats, captures };
}

describe('late exit captures', () => {
  it('keeps a whole exit read taken after the exit went on, and does not count it as late', () => {
    const { stats, captures } = importWith(WHOLE, false);
    expect(captures.map((c) => c.text)).toEqual([WHOLE]);
    expect(stats).toMatchObject({ exit: 1, late: 0, failed: 0 });
  });

  it('drops a read the teardown cut short (it stops before [vsyscall]) and counts it as late', () => {
    const { stats, captures } = importWith('7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \n', false);
    expect(captures).toEqual([]);
    expect(stats).toMatchObject({ exit: 1, late: 1 });
  });

  it('keeps a held read whatever its last line', () => {
    const { captures } = importWith('7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \n', true);
    expect(captures).toHaveLength(1);
  });
});
