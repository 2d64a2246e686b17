// What is done with each chunk of strace's output as it is read: the /proc reads and stats that
// cannot wait, the copy to the .strace file (or left to the poster), then the chunk itself for the import.
//
// Runs on the main thread until the reader thread is up, then inside that thread, whose code is
// built from this function's source text: it must not refer to anything outside its own body.
import type { LineWatch, LineWatchHandlers, LineWatchState } from './line-watch.js';
import type { captureProcMaps } from './proc-capture.js';
import type { WorkerMessage } from './capture-worker.js';

/** The functions a chunk reader uses (passed in: inside the worker they come as source text). */
export interface ChunkReaderDeps {
  readonly createLineWatch: (h: LineWatchHandlers, from?: LineWatchState) => LineWatch;
  readonly captureProcMaps: typeof captureProcMaps;
}

/** One line of /proc/PID/maps. */
export interface MapsRegion {
  readonly start: number;
  readonly end: number;
  readonly dev: string;
  readonly inode: number;
  /** The name as the kernel shows it (` (deleted)` included), `\012` turned back into a newline. */
  readonly name: string;
}

/** Where a reader stopped: handed to the one that goes on. */
export interface ChunkReaderState {
  readonly watch: LineWatchState;
  readonly bytes: number;
  /** Reads (chunks fed) so far, by this reader and those before it. */
  readonly reads: number;
  readonly error?: string;
}

/** A chunk reader. */
export interface ChunkReader {
  feed(chunk: Uint8Array): void;
  /** Keeps the first error (reported in `done`). */
  note(error: unknown): void;
  state(): ChunkReaderState;
  /** The closing message, once the stream has ended. */
  done(): Extract<WorkerMessage, { type: 'done' }>;
}

// Creates a reader that posts its messages in stream order and appends each chunk to `rawFd`; with `rawFd`
// undefined the poster writes the raw trace itself (the reader thread: once per batch). `from`: go on from another reader.
export function createChunkReader(deps: ChunkReaderDeps, post: (m: WorkerMessage) => void, rawFd: number | undefined, from?: ChunkReaderState): ChunkReader {
  const fs = process.getBuiltinModule('node:fs');
  const formatDev = (dev: bigint): string => {
    const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
    const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
    return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
  };
  // The region holding `addr` in /proc/PID/maps now, if any.
  const regionAt = (pid: number, addr: number): MapsRegion | undefined => {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/maps`, 'latin1');
    } catch {
      return undefined; // the task is gone
    }
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ ([0-9a-f]+:[0-9a-f]+) (\d+) *(.*)$/.exec(line);
      if (m === null) continue;
      const start = parseInt(m[1] as string, 16);
      const end = parseInt(m[2] as string, 16);
      if (start > addr || addr >= end) continue;
      return { start, end, dev: m[3] as string, inode: Number(m[4]), name: Buffer.from(m[5] as string, 'latin1').toString('utf8').replace(/\\012/g, '\n') };
    }
    return undefined;
  };
  // dev:inode of the file mapped at `addr`, when that region is `path` (deleted or not).
  const mappedFile = (pid: number, addr: number, path: string): { dev: string; inode: number } | undefined => {
    const r = regionAt(pid, addr);
    return r !== undefined && (r.name === path || r.name === `${path} (deleted)`) ? { dev: r.dev, inode: r.inode } : undefined;
  };
  let firstError = from?.error;
  const note = (error: unknown): void => {
    firstError ??= (error as Error).message;
  };
  let arrived = process.hrtime.bigint();
  let bytes = from?.bytes ?? 0;
  let reads = from?.reads ?? 0;
  const watch = deps.createLineWatch(
    {
      onExecDelayed: (pid, line) => post({ type: 'capture', capture: deps.captureProcMaps('exec', pid, line, arrived) }),
      onExitEntry: (pid, line) => post({ type: 'capture', capture: deps.captureProcMaps('exit', pid, line, arrived) }),
      onFilePath: (path, _line, mapped) => {
        try {
          const st = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
          if (st !== undefined) {
            post({ type: 'file', path, dev: formatDev(st.dev), inode: Number(st.ino) });
            return true;
          }
        } catch (error) {
          // A path the system refuses (too long, unreadable, a loop) is just not identified here.
          if (typeof (error as { code?: unknown }).code !== 'string') note(error);
          return true;
        }
        // Already deleted (a POSIX semaphore's file lives ~0.1 ms): its mapping still names the file, with dev:inode.
        const id = mapped === undefined ? undefined : mappedFile(mapped.pid, mapped.addr, path);
        if (id !== undefined) post({ type: 'file', path, ...id });
        return id !== undefined;
      },
      onMappedAt: (line, at) => {
        const region = regionAt(at.pid, at.addr);
        if (region !== undefined) post({ type: 'region', line, region });
      },
      onRootEnd: (end) => post({ type: 'root-end', ...end }),
    },
    from?.watch,
  );
  return {
    note,
    feed(chunk) {
      arrived = process.hrtime.bigint();
      bytes += chunk.length;
      reads += 1;
      // Captures first (the tracee is waiting), then the copy, then the import's share.
      try {
        watch.feed(chunk);
      } catch (error) {
        note(error);
      }
      if (rawFd !== undefined) {
        try {
          fs.writeSync(rawFd, chunk);
        } catch (error) {
          note(error); // keep draining the FIFO: strace must never block on a full pipe
        }
      }
      post({ type: 'data', chunk });
    },
    state() {
      return { watch: watch.state(), bytes, reads, error: firstError };
    },
    done() {
      return { type: 'done', bytes, reads, lines: watch.lines, rootPid: watch.rootPid, error: firstError };
    },
  };
}
