// Per-process file-descriptor table: which open file description each fd is,
// so that mmaps through the same open() merge and through another do not
// (linux-address-space.md §7 rule 3). Without open/close in the trace, a
// descriptor keeps its identity while it keeps naming the same path.

/** What an fd refers to. */
export interface OpenFile {
  readonly id: string;
  readonly path?: string;
  readonly dev?: string;
  readonly inode?: number;
}

/** One saved fd: fd, id, path ('' = unknown), dev ('' = unknown), inode (-1 = unknown). */
export type SavedFd = readonly [number, string, string, string, number];

/** fd → open file description. Shared by threads (CLONE_FILES), copied by fork. */
export class FdTable {
  private readonly fds = new Map<number, OpenFile>();

  constructor(private readonly ids: { nextFileId(): string }) {}

  open(fd: number, path: string | undefined, identity?: { dev?: string; inode?: number }): OpenFile {
    const file: OpenFile = { id: this.ids.nextFileId(), ...(path === undefined ? {} : { path }), ...identity };
    this.fds.set(fd, file);
    return file;
  }

  close(fd: number): void {
    this.fds.delete(fd);
  }

  dup(oldFd: number, newFd: number): void {
    const file = this.fds.get(oldFd);
    if (file === undefined) this.fds.delete(newFd);
    else this.fds.set(newFd, file);
  }

  // The description behind fd for an mmap naming `path`; a new one when the
  // fd was unknown or (no open traced) now names another file.
  resolve(fd: number, path: string | undefined): OpenFile {
    const known = this.fds.get(fd);
    if (known !== undefined && (path === undefined || known.path === undefined || known.path === path)) return known;
    return this.open(fd, path);
  }

  copy(): FdTable {
    const t = new FdTable(this.ids);
    for (const [fd, f] of this.fds) t.fds.set(fd, f);
    return t;
  }

  save(): SavedFd[] {
    return [...this.fds].map(([fd, f]) => [fd, f.id, f.path ?? '', f.dev ?? '', f.inode ?? -1]);
  }

  static restore(ids: { nextFileId(): string }, rows: readonly SavedFd[]): FdTable {
    const t = new FdTable(ids);
    for (const [fd, id, path, dev, inode] of rows) {
      t.fds.set(fd, { id, ...(path === '' ? {} : { path }), ...(dev === '' ? {} : { dev }), ...(inode < 0 ? {} : { inode }) });
    }
    return t;
  }
}
