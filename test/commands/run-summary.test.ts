// The captures line of `run`'s summary: counts, what became of late captures, the delays.
import { describe, expect, it } from 'vitest';
import { captureLine } from '../../src/commands/shared-run-summary.js';

const stats = { exec: 2, exit: 2, late: 0, lateUsed: 0, failed: 0, maxLatencyUs: 900 };
const FIVE = { execUs: 5000, exitUs: 5000 };

describe('captureLine', () => {
  it('counts the captures and says how long strace held each tracee', () => {
    expect(captureLine(stats, FIVE)).toBe('captures: 2 exec, 2 exit (strace held each 5 ms)');
    expect(captureLine({ ...stats, failed: 1 }, { execUs: 5000, exitUs: 10_000 })).toBe('captures: 2 exec, 2 exit, 1 failed (strace held each exec 5 ms, exit 10 ms)');
  });

  it('says what became of the late captures: not used, or used only for what execve itself mapped', () => {
    expect(captureLine({ ...stats, late: 1 }, FIVE)).toBe('captures: 2 exec, 2 exit, 1 too late (not used) (strace held each 5 ms)');
    expect(captureLine({ ...stats, late: 1, lateUsed: 1 }, FIVE)).toBe('captures: 2 exec, 2 exit, 1 too late (used only for [stack], [vdso] and the like) (strace held each 5 ms)');
    expect(captureLine({ ...stats, late: 3, lateUsed: 2 }, FIVE)).toBe('captures: 2 exec, 2 exit, 3 too late (2 of them used only for [stack], [vdso] and the like) (strace held each 5 ms)');
  });
});
