// withSeenRegion: a region read from /proc/PID/maps just after a call is added to that call's event only when it
// starts at the returned address and is named as that call's mapping would be.
import { describe, expect, it } from 'vitest';
import type { VmEvent } from '../../src/model/events.js';
import { withSeenRegion } from '../../src/record/seen-region.js';
import { parseAll } from '../parse/helpers.js';

const one = (line: string): VmEvent => parseAll([line]).events[0] as VmEvent;
const AT = 0x7f50b7a73000;
const region = (name: string, start = AT, inode = 1103) => ({ start, end: start + 0x3000, dev: '00:01', inode, name });

describe('withSeenRegion', () => {
  it('gives MAP_SHARED|MAP_ANONYMOUS memory its shmem file, and nothing to private memory', () => {
    const shared = one(`1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x${AT.toString(16)}`);
    expect(withSeenRegion(shared, region('/dev/zero (deleted)'))).toMatchObject({ seen: { length: 0x3000, name: '/dev/zero (deleted)', dev: '00:01', inode: 1103 } });
    const priv = one(`1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x${AT.toString(16)}`);
    expect(withSeenRegion(priv, region('/dev/zero (deleted)'))).toBe(priv);
  });

  it('ignores a region that does not start at the returned address, or is named otherwise (the tracee moved on)', () => {
    const shared = one(`1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x${AT.toString(16)}`);
    expect(withSeenRegion(shared, region('/dev/zero (deleted)', AT - 0x1000))).toBe(shared);
    expect(withSeenRegion(shared, region('[heap]'))).toBe(shared);
    const failed = one('1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)');
    expect(withSeenRegion(failed, region('/dev/zero (deleted)'))).toBe(failed);
  });

  it("gives a SysV segment its size and key, and a deleted file (a memfd) its dev:inode by the call's own path", () => {
    const shmat = one(`1 shmat(17, NULL, 0) = 0x${AT.toString(16)}`);
    expect(withSeenRegion(shmat, region('/SYSV00005eed (deleted)', AT, 17))).toMatchObject({ seen: { length: 0x3000, name: '/SYSV00005eed (deleted)', inode: 17 } });
    expect(withSeenRegion(shmat, region('/dev/zero (deleted)', AT, 17))).toBe(shmat);
    const memfd = one(`1 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED, 3</memfd:x>(deleted), 0) = 0x${AT.toString(16)}`);
    expect(withSeenRegion(memfd, region('/memfd:x (deleted)', AT, 30))).toMatchObject({ file: { path: '/memfd:x', deleted: true, dev: '00:01', inode: 30 } });
    expect(withSeenRegion(memfd, region('/memfd:y (deleted)', AT, 30))).toBe(memfd);
  });
});
