// Enrichment: facts a trace lacks, added before the replay sees the event.
import { realpathSync } from 'node:fs';
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import type { FileIdentity } from './types.js';

/**
 * Memoized `fileInfo`: one lookup per path per import; reports each newly seen identity. With `retry`, a path not
 * identified is looked up again the next time: in a live recording its identity may come later (the reader thread
 * finds a file already deleted through the mapping that names it, record/chunk-reader.ts); a saved trace's missing
 * files stay missing, and are not stat'ed again for each event that names them.
 */
export class FileInfoCache {
  private readonly seen = new Map<string, FileIdentity | undefined>();

  constructor(
    private readonly lookup: (path: string) => FileIdentity | undefined,
    private readonly onNew: (path: string, id: FileIdentity) => void,
    private readonly retry = false,
  ) {}

  private readonly real = new Map<string, string>();

  // The path with symlinks resolved on this machine (itself when it cannot be resolved).
  canonical(path: string): string {
    let r = this.real.get(path);
    if (r === undefined) {
      try {
        r = realpathSync(path);
      } catch {
        r = path; // gone or unreadable: keep the name the trace gave
      }
      this.real.set(path, r);
    }
    return r;
  }

  get(path: string): FileIdentity | undefined {
    const known = this.seen.get(path);
    if (known !== undefined || (!this.retry && this.seen.has(path))) return known;
    const id = this.lookup(path);
    if (id === undefined && this.retry) return undefined;
    this.seen.set(path, id);
    if (id !== undefined) this.onNew(path, id);
    return id;
  }
}

// Adds dev:inode to an mmap of a named, not deleted file that lacks them, and to
// a successful open (traces without -y name mapped files only there).
export function withFileIdentity(event: VmEvent, files: FileInfoCache): VmEvent {
  // /proc paths name the tracee's own objects, not this machine's: never stat them here.
  if (event.kind === 'fd' && event.op === 'open' && event.path !== undefined && event.result.kind === 'ok' && event.dev === undefined && !event.path.startsWith('/proc/')) {
    const id = files.get(event.path);
    // /proc prints the canonical path (d_path); without -y only the opened name is known.
    const path = event.path.startsWith('/') ? files.canonical(event.path) : event.path;
    return id === undefined ? event : { ...event, path, dev: id.dev, inode: id.inode };
  }
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
