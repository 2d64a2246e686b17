// withLateCapture: a maps read taken after the new image had started gives only what execve made itself
// ([stack], [vdso] & co), and only when it is shown to be of the same image as the inferred layout.
import { describe, expect, it } from 'vitest';
import { LEFT_OUT_NOTE } from '../../src/infer/exec-layout.js';
import { withLateCapture } from '../../src/infer/index.js';
import { parseMapsText } from '../../src/input/parse-maps.js';
import type { ExecLayout } from '../../src/model/events.js';

// What inference gives for cat: its segments and ld.so's, placed by the RELRO mprotect calls.
const INFERRED: ExecLayout = {
  source: 'inferred',
  regions: parseMapsText(`555555554000-555555556000 r--p 00000000 fe:00 1001                       /usr/bin/cat
555555556000-55555555b000 r-xp 00002000 fe:00 1001                       /usr/bin/cat
55555555b000-55555555e000 r--p 00007000 fe:00 1001                       /usr/bin/cat
55555555e000-555555560000 rw-p 00009000 fe:00 1001                       /usr/bin/cat
7ffff7fc3000-7ffff7fc4000 r--p 00000000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fc4000-7ffff7fe9000 r-xp 00001000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fe9000-7ffff7ff3000 r--p 00026000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ff3000-7ffff7ff7000 rw-p 00030000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
`),
  brk: 0x555555560000,
  notes: [LEFT_OUT_NOTE, 'executable /usr/bin/cat at 0x555555554000 (RELRO mprotect)'],
};

// The same process read a little late: ld.so has mapped libc and an anonymous page, and split its own last segment.
const LATE = `555555554000-555555556000 r--p 00000000 fe:00 1001                       /usr/bin/cat
555555556000-55555555b000 r-xp 00002000 fe:00 1001                       /usr/bin/cat
55555555b000-55555555e000 r--p 00007000 fe:00 1001                       /usr/bin/cat
55555555e000-555555560000 rw-p 00009000 fe:00 1001                       /usr/bin/cat
7ffff7d8a000-7ffff7db0000 r--p 00000000 fe:00 3003                       /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fbd000-7ffff7fbf000 rw-p 00000000 00:00 0 
7ffff7fbf000-7ffff7fc1000 r--p 00000000 00:00 0                          [vvar]
7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0                          [vdso]
7ffff7fc3000-7ffff7fc4000 r--p 00000000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fc4000-7ffff7fe9000 r-xp 00001000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fe9000-7ffff7ff3000 r--p 00026000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ff3000-7ffff7ff5000 r--p 00030000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ff5000-7ffff7ff7000 rw-p 00032000 fe:00 2002                       /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
`;

const names = (l: ExecLayout | undefined): string[] => (l?.regions ?? []).map((r) => `${r.start.toString(16)} ${r.perms} ${r.name}`);

describe('withLateCapture', () => {
  it("adds [vvar], [vdso], [stack] and [vsyscall] from the late read and keeps the inferred file regions, not the read's", () => {
    const out = withLateCapture(INFERRED, parseMapsText(LATE), 2.5);
    expect(out?.source).toBe('inferred');
    expect(out?.brk).toBe(INFERRED.brk);
    expect(names(out)).toEqual([
      '555555554000 r--p /usr/bin/cat',
      '555555556000 r-xp /usr/bin/cat',
      '55555555b000 r--p /usr/bin/cat',
      '55555555e000 rw-p /usr/bin/cat',
      '7ffff7fbf000 r--p [vvar]',
      '7ffff7fc1000 r-xp [vdso]',
      '7ffff7fc3000 r--p /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '7ffff7fc4000 r-xp /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '7ffff7fe9000 r--p /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      // ld.so's last segment as execve mapped it (the read shows it already split by its RELRO mprotect).
      '7ffff7ff3000 rw-p /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '7ffffffde000 rw-p [stack]',
      'ffffffffff600000 --xp [vsyscall]',
    ]);
    // The note that they were left out is replaced by one that says where they came from.
    expect(out?.notes).not.toContain(LEFT_OUT_NOTE);
    expect(out?.notes).toContain('executable /usr/bin/cat at 0x555555554000 (RELRO mprotect)');
    expect(out?.notes?.at(-1)).toBe(
      "[vvar], [vdso], [stack], [vsyscall] from /proc/PID/maps read 2.5 ms after its execve line came, after the new image had started (strace's delay ran out first); the rest inferred",
    );
  });

  it('refuses a read in which a placed file starts elsewhere (another image: a later exec, other ASLR bases)', () => {
    const moved = LATE.replace('7ffff7fc3000-7ffff7fc4000 r--p 00000000', '7ffff7fc3000-7ffff7fc4000 r--p 00001000');
    expect(withLateCapture(INFERRED, parseMapsText(moved))).toBeUndefined();
    const rebased = LATE.replaceAll('555555554000-', '565555554000-');
    expect(withLateCapture(INFERRED, parseMapsText(rebased))).toBeUndefined();
  });

  it('refuses a read that lacks a placed file, or one without any region execve makes', () => {
    const noCat = LATE.split('\n').filter((l) => !l.endsWith('/usr/bin/cat')).join('\n');
    expect(withLateCapture(INFERRED, parseMapsText(noCat))).toBeUndefined();
    const noSpecial = LATE.split('\n').filter((l) => !/\[(stack|vdso|vvar|vsyscall)\]$/.test(l)).join('\n');
    expect(withLateCapture(INFERRED, parseMapsText(noSpecial))).toBeUndefined();
  });

  it('refuses when the inference placed no file: nothing to tie the read to the image', () => {
    const empty: ExecLayout = { source: 'inferred', regions: [], notes: [LEFT_OUT_NOTE] };
    expect(withLateCapture(empty, parseMapsText(LATE))).toBeUndefined();
    const anonOnly: ExecLayout = { source: 'inferred', regions: parseMapsText('555555560000-555555561000 rw-p 00000000 00:00 0 \n') };
    expect(withLateCapture(anonOnly, parseMapsText(LATE))).toBeUndefined();
  });
});
