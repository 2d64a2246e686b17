// A child's lines can come long before its parent's clone returns; the parser marks the
// child's first event with the in-flight clone that is creating it.
import { describe, expect, it } from 'vitest';
import { CLONE } from '../../src/model/linux.js';
import { parseAll } from './helpers.js';

const THREAD_FLAGS = 'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID';

describe('spawn hints', () => {
  it('marks a new pid with the one clone3 in flight, and only its first event', () => {
    const { events } = parseAll([
      '100   clone3({flags=' + THREAD_FLAGS + ', child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f00, stack_size=0xff80, tls=0x7f} <unfinished ...>',
      '200   mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1000',
      '200   munmap(0x7f1000, 8192) = 0',
      '100   <... clone3 resumed> => {parent_tid=[200]}, 88) = 200',
    ]);
    const first = events.find((e) => e.pid === 200 && e.kind === 'mmap');
    expect(first?.spawnedBy?.pid).toBe(100);
    expect((first?.spawnedBy?.flags ?? 0) & CLONE.THREAD).toBe(CLONE.THREAD);
    expect(events.find((e) => e.kind === 'munmap')?.spawnedBy).toBeUndefined();
  });

  it('gives no hint when the child was announced by a returned clone, or when two clones are in flight', () => {
    const announced = parseAll([
      '100   clone(child_stack=NULL, flags=SIGCHLD) = 200',
      '101   clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>',
      '200   exit_group(0) = ?',
    ]).events;
    expect(announced.find((e) => e.pid === 200)?.spawnedBy).toBeUndefined();
    const two = parseAll([
      '100   clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>',
      '101   clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>',
      '300   exit_group(0) = ?',
    ]).events;
    expect(two.find((e) => e.pid === 300)?.spawnedBy).toBeUndefined();
  });
});
