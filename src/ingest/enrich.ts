// Enrichment: facts a trace lacks, added before the replay sees the event.
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import type { FileIdentity } from './types.js';

/** Memoized `fileInfo`: one stat per path per import; reports each newly seen identity. */
export class FileInfoCache {
  private readonly seen = new Map<string, FileIdentity | undefined>();

  constructor(
    private readonly lookup: (path: string) => FileIdentity | undefined,
    private readonly onNew: (path: string, id: FileIdentity) => void,
  ) {}

  get(path: string): FileIdentity | undefined {
    if (this.seen.has(path)) return this.seen.get(path);
    const id = this.lookup(path);
    this.seen.set(path, id);
    if (id !== undefined) this.onNew(path, id);
    return id;
  }
}

// Adds dev:inode to an mmap of a named, not deleted file that lacks them.
export function withFileIdentity(event: VmEvent, files: FileInfoCache): VmEvent {
  if (event.kind !== 'mmap' || event.file === undefined) return event;
  const file = event.file;
  if (file.path === undefined || file.deleted === true || (file.dev !== undefined && file.inode !== undefined)) return event;
  const id = files.get(file.path);
  if (id === undefined) return event;
  return { ...event, file: { ...file, dev: file.dev ?? id.dev, inode: file.inode ?? id.inode } };
}

// True when an execve succeeded and still lacks a layout.
export function needsLayout(event: VmEvent): event is ExecveEvent {
  return event.kind === 'execve' && event.layout === undefined && event.result.kind === 'ok' && event.skipped !== true;
}

// Attaches a layout (when one is found) to a successful execve.
export function withLayout(
  event: ExecveEvent,
  following: readonly VmEvent[],
  layoutFor: (execve: ExecveEvent, following: readonly VmEvent[]) => ExecLayout | undefined,
): ExecveEvent {
  const layout = layoutFor(event, following);
  return layout === undefined ? event : { ...event, layout };
}
