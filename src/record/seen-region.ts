// What a live read of /proc/PID/maps right after a call adds to that call's event (line-watch.ts
// `onMappedAt`): the dev:inode of a file mapped already deleted, the shmem file of MAP_SHARED|MAP_ANONYMOUS
// memory, the size and key of a SysV segment. Only a region that starts at the returned address and is
// named as that call's mapping would be is taken; anything else (the tracee moved on) is ignored.
import type { MapsRegion } from './chunk-reader.js';
import type { VmEvent } from '../model/events.js';
import { MAP, SHARED_ANON_NAME, SYSV_NAME } from '../model/linux.js';

// `e` with what `region` (the mapping at the address `e` returned, read just after) tells of it.
export function withSeenRegion(e: VmEvent, region: MapsRegion): VmEvent {
  if ((e.kind !== 'mmap' && e.kind !== 'shmat') || e.result.kind !== 'ok' || region.start !== e.result.value) return e;
  const seen = { length: region.end - region.start, name: region.name, dev: region.dev, inode: region.inode };
  if (e.kind === 'shmat') return SYSV_NAME.test(region.name) ? { ...e, seen } : e;
  const file = e.file;
  if (file !== undefined) {
    if (file.deleted !== true || file.path === undefined || file.dev !== undefined || region.name !== `${file.path} (deleted)`) return e;
    return { ...e, file: { ...file, dev: region.dev, inode: region.inode } };
  }
  const type = e.flags & MAP.TYPE;
  const sharedAnon = (type === MAP.SHARED || type === MAP.SHARED_VALIDATE) && (e.flags & MAP.ANONYMOUS) !== 0;
  return sharedAnon && region.name === SHARED_ANON_NAME ? { ...e, seen } : e;
}
