// Watches strace's raw output bytes for the lines that need action *now*, before the
// tracee's injected delay runs out (strace-output.md §12): a delayed successful execve,
// the entry half of exit_group, and the `-y` path of each file mmap or successful open (stat
// it while it exists: the import may reach that line only after the program deleted the file).
//
// Runs inside the capture worker, whose code is built from this function's source text:
// it must not refer to anything outside its own body (no imports, no module constants).

/** What the watch reports (line numbers count `\n` exactly as src/input/read-lines.ts does). */
export interface LineWatchHandlers {
  /** `PID [TIME] execve(…) = 0 (DELAYED)` (or its `<... execve resumed>` half) completed on `line`. */
  readonly onExecDelayed: (pid: number, line: number) => void;
  /** Line `line` starts `PID [TIME] exit_group(`; reported once, usually while the line is still partial. */
  readonly onExitEntry: (pid: number, line: number) => void;
  /**
   * The decoded `-y` path of an mmap's fd or of the fd an open/openat/openat2/creat returned (not
   * ` (deleted)`; for an open, not under /proc/), with the pid and the address a successful mmap
   * returned; true when the path is identified, so that later lines naming it are not reported again
   * (a path already deleted is reported again by its next mmap, whose mapping still shows the file).
   */
  readonly onFilePath: (path: string, line: number, mapped?: { readonly pid: number; readonly addr: number }) => boolean;
  /**
   * A successful call whose mapping only the live /proc/PID/maps can tell in full, with the pid and the returned
   * address: an mmap of a file already deleted (`3</memfd:x>(deleted)`: a memfd, an unlinked temporary file; names of
   * deleted files are not unique, so this is per line), an mmap of MAP_SHARED|MAP_ANONYMOUS memory (its shmem inode), a
   * shmat (the segment's size and key).
   */
  readonly onMappedAt: (line: number, mapped: { readonly pid: number; readonly addr: number }) => void;
  /** `PID [TIME] +++ exited with N +++` / `+++ killed by SIG… +++` of the first pid in the trace. */
  readonly onRootEnd: (end: { readonly pid: number; readonly status?: number; readonly signal?: string }) => void;
}

/** A running watch. */
export interface LineWatch {
  feed(chunk: Uint8Array): void;
  /** Lines started so far (the current partial one included). */
  readonly lines: number;
  readonly rootPid: number | undefined;
  /** Everything needed to go on in another watch (plain data: it crosses to a worker thread). */
  state(): LineWatchState;
}

/** A watch's position in the stream: the partial line so far and what it has already reported. */
export interface LineWatchState {
  readonly head: Uint8Array;
  /** The last bytes of a line longer than the bytes kept for matching (`long`), as latin1. */
  readonly tail: string;
  readonly long: boolean;
  readonly line: number;
  readonly exitChecked: boolean;
  readonly rootPid: number | undefined;
  readonly seenPaths: readonly string[];
}

// Creates a watch over a byte stream fed in arbitrary chunks (`from`: go on where another watch stopped).
export function createLineWatch(h: LineWatchHandlers, from?: LineWatchState): LineWatch {
  const KEEP = 65_536; // bytes of a line kept for matching (mmap lines are far shorter)
  const TAIL = 96;
  const LEADER = String.raw`^(\d+)\s+(?:\d+(?:\.\d+)?\s+|\d\d:\d\d:\d\d(?:\.\d+)?\s+)?`;
  const EXEC_HEAD = new RegExp(`${LEADER}(?:execve(?:at)?\\(|<\\.\\.\\. execve(?:at)? resumed>)`);
  const EXEC_TAIL = /\) += 0 \(DELAYED\)(?: <\d+\.\d+>)?\r?$/;
  const EXIT_HEAD = new RegExp(`${LEADER}exit_group\\(`);
  const MMAP = new RegExp(`${LEADER}(?:mmap2?|old_mmap)\\((?:[^,]*, ){4}\\d+<((?:[^<>\\\\]|\\\\.)*)>`);
  const MAPPED_AT = /\) += (0x[0-9a-f]+)(?: <\d+\.\d+>)?\r?$/;
  const SHARED_ANON = new RegExp(`${LEADER}(?:mmap2?|old_mmap)\\([^)]*\\bMAP_SHARED(?:_VALIDATE)?\\|(?:[A-Z_0-9]+\\|)*MAP_ANONYMOUS\\b`);
  const SHMAT = new RegExp(`${LEADER}shmat\\(`);
  // A successful open's result, `= FD<PATH>` at the end of the line (or of its resumed half).
  const OPENED = new RegExp(`${LEADER}(?:(?:open|openat|openat2|creat)\\(|<\\.\\.\\. (?:open|openat|openat2|creat) resumed>).*\\) += \\d+<((?:[^<>\\\\]|\\\\.)*)>(?: <\\d+\\.\\d+>)?\\r?$`);
  const END = new RegExp(`${LEADER}\\+\\+\\+ (?:exited with (\\d+)|killed by (SIG[A-Z0-9]+|\\d+))`);
  const seenPaths = new Set<string>(from?.seenPaths);
  let parts: Uint8Array[] = from === undefined || from.head.length === 0 ? [] : [Uint8Array.from(from.head)];
  let kept = from?.head.length ?? 0;
  let tail = from?.tail ?? '';
  let long = from?.long ?? false;
  let line = from?.line ?? 1;
  let exitChecked = from?.exitChecked ?? false;
  let rootPid: number | undefined = from?.rootPid;

  // strace string escapes (util.c string_quote): \n \t \\ \" …, octal \ooo, hex \xHH; bytes are UTF-8.
  const unescape = (s: string): string => {
    const bytes: number[] = [];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, b: 8, a: 7, e: 27 };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 92 || i + 1 >= s.length) {
        bytes.push(c & 0xff);
        continue;
      }
      const n = s[i + 1] as string;
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
      const hex = /^x([0-9a-fA-F]{2})/.exec(s.slice(i + 1, i + 4));
      if (oct !== null) {
        bytes.push(parseInt(oct[0], 8) & 0xff);
        i += oct[0].length;
      } else if (hex !== null) {
        bytes.push(parseInt(hex[1] as string, 16));
        i += 3;
      } else {
        bytes.push(simple[n] ?? n.charCodeAt(0) & 0xff);
        i += 1;
      }
    }
    return Buffer.from(bytes).toString('utf8');
  };

  // The pid (`lead`'s first group) and the address returned on `text`, a successful mapping call's line.
  const mappedAt = (text: string, lead: RegExpExecArray): { pid: number; addr: number } | undefined => {
    const at = MAPPED_AT.exec(text);
    return at === null ? undefined : { pid: Number(lead[1]), addr: parseInt(at[1] as string, 16) };
  };

  // The line so far as latin1 text (one copy less when it came in one piece, as nearly every line does).
  const head = (): string => {
    if (parts.length === 1) {
      const p = parts[0] as Uint8Array;
      return Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('latin1');
    }
    return Buffer.concat(parts).toString('latin1');
  };

  // `text`: the line so far, complete (`done`) or not.
  const checkExit = (text: string, done: boolean): void => {
    if (exitChecked) return;
    const m = text.includes('exit_group(') ? EXIT_HEAD.exec(text) : null;
    if (m !== null) {
      exitChecked = true;
      h.onExitEntry(Number(m[1]), line);
    } else if (!done && (/[(<[]|\+\+\+|---/.test(text) || /^\D/.test(text))) {
      exitChecked = true; // the name is complete (or this is no syscall line) and it is not exit_group
    }
  };

  // Each pattern runs only on lines holding its syscall's name: most lines (mprotect, munmap, brk…) need none.
  const finishLine = (): void => {
    const text = head();
    if (rootPid === undefined) {
      const lead = /^(\d+)\s/.exec(text);
      if (lead !== null) rootPid = Number(lead[1]);
    }
    checkExit(text, true);
    if (text.includes('execve')) {
      const exec = EXEC_HEAD.exec(text);
      if (exec !== null && EXEC_TAIL.test(long ? tail : text.slice(-TAIL))) h.onExecDelayed(Number(exec[1]), line);
    }
    const mmap = text.includes('mmap') ? MMAP.exec(text) : null;
    // (/proc paths of an open name the tracee's own objects: the import never identifies them.)
    const open = mmap === null && (text.includes('open') || text.includes('creat')) ? OPENED.exec(text) : null;
    const named = mmap ?? (open !== null && !(open[2] as string).startsWith('/proc/') ? open : null);
    const sharedAnon = mmap === null && text.includes('MAP_SHARED') && text.includes('MAP_ANONYMOUS') ? SHARED_ANON.exec(text) : null;
    const kernelMade = sharedAnon ?? (text.includes('shmat(') ? SHMAT.exec(text) : null);
    const made = kernelMade === null ? undefined : mappedAt(text, kernelMade);
    if (made !== undefined) h.onMappedAt(line, made);
    const deleted = mmap !== null && text.startsWith('(deleted)', mmap.index + mmap[0].length);
    // The returned address only where it is used: a deleted file's mapping, or a path not identified yet.
    const mapped = mmap !== null && (deleted || !seenPaths.has(mmap[2] as string)) ? mappedAt(text, mmap) : undefined;
    if (deleted && mapped !== undefined) {
      h.onMappedAt(line, mapped);
    } else if (named !== null && !seenPaths.has(named[2] as string)) {
      const path = unescape(named[2] as string);
      if (path.endsWith(' (deleted)') || h.onFilePath(path, line, mapped)) seenPaths.add(named[2] as string);
    }
    const end = text.includes('+++') ? END.exec(text) : null;
    if (end !== null && Number(end[1]) === rootPid) {
      h.onRootEnd(end[3] === undefined ? { pid: rootPid, status: Number(end[2]) } : { pid: rootPid, signal: end[3] });
    }
    parts = [];
    kept = 0;
    long = false;
    tail = '';
    exitChecked = false;
    line++;
  };

  // Pieces are kept as views of the chunk while it is being fed (feed() copies what is left of a partial line).
  // A line longer than KEEP keeps its first KEEP bytes and, apart, its last TAIL bytes.
  const add = (piece: Uint8Array): void => {
    if (piece.length === 0) return;
    let rest = piece;
    if (kept < KEEP) {
      const take = piece.subarray(0, KEEP - kept);
      parts.push(take);
      kept += take.length;
      if (take.length === piece.length) return;
      long = true;
      tail = head().slice(-TAIL);
      rest = piece.subarray(take.length);
    }
    tail = (tail + Buffer.from(rest.subarray(Math.max(0, rest.length - TAIL))).toString('latin1')).slice(-TAIL);
  };

  return {
    feed(chunk) {
      let from = 0;
      for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
        add(chunk.subarray(from, nl));
        finishLine();
        from = nl + 1;
      }
      add(chunk.subarray(from));
      if (kept > 0) {
        checkExit(head(), false);
        // The chunk may be reused or handed to another thread once fed: the partial line gets bytes of its own.
        if (parts.length > 0) parts = [parts.length === 1 ? Uint8Array.from(parts[0] as Uint8Array) : new Uint8Array(Buffer.concat(parts))];
      }
    },
    get lines() {
      return kept > 0 ? line : line - 1;
    },
    get rootPid() {
      return rootPid;
    },
    state() {
      return { head: new Uint8Array(Buffer.concat(parts)), tail, long, line, exitChecked, rootPid, seenPaths: [...seenPaths] };
    },
  };
}
