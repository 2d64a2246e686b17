// The live trigger scanner: fed in every possible chunking, it fires on the same lines the
// line splitter numbers, and fires on exit_group while that line is still partial.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineWatch } from '../../src/record/line-watch.js';
import { LineSplitter } from '../../src/record/line-splitter.js';

const TRACE = [
  '100   1795417203.262974 execve("/bin/sh", ["/bin/sh", "-c", "x"], 0x7ffd /* 35 vars */) = 0 <0.000184>',
  '100   1795417203.263847 mmap(NULL, 1974096, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0) = 0x7fd60cdf0000 <0.000010>',
  '100   1795417203.263848 mmap(NULL, 4096, PROT_READ, MAP_SHARED, 4</tmp/a\\303\\251 b\\76c>, 0) = 0x7fd60cdf1000 <0.000010>',
  '100   1795417203.263849 mmap(NULL, 4096, PROT_READ, MAP_SHARED, 5</tmp/gone (deleted)>, 0) = 0x7fd60cdf2000 <0.000010>',
  '100   1795417203.266108 execve("/usr/bin/cat", ["/usr/bin/cat", "exit_group("], 0x55 /* 35 vars */) = 0 (DELAYED) <0.000219>',
  '100   1795417203.266200 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>',
  '101   1795417203.266300 execve("/bin/true", ["/bin/true"], 0x55 /* 35 vars */ <unfinished ...>',
  '100   1795417203.266400 <... clone resumed>) = 101 <0.000100>',
  '101   1795417203.266500 <... execve resumed>) = 0 (DELAYED) <0.000204>',
  '101   1795417203.266600 execve("/nope", ["/nope"], 0x55 /* 35 vars */) = -1 ENOENT (No such file or directory) (DELAYED) <0.000010>',
  '101   1795417203.568689 exit_group(0)           = ?',
  '101   1795417203.869241 +++ exited with 0 +++',
  '100   1795417203.969241 exit_group(1 <unfinished ...>',
  '100   1795417204.069241 <... exit_group resumed>) = ?',
  '100   1795417204.169241 +++ killed by SIGKILL +++',
  // Opens: the fd's path when the call succeeded (whole or resumed), never /proc, failed calls or other calls' fds.
  '102   1795417204.200000 openat(AT_FDCWD</tmp>, "x", O_RDWR|O_CREAT, 0600) = 6</tmp/hsperf/102> <0.000059>',
  '102   1795417204.200001 open("/etc/hosts", O_RDONLY <unfinished ...>',
  '102   1795417204.200002 <... open resumed>) = 7</etc/hosts> <0.000010>',
  '102   1795417204.200003 openat(AT_FDCWD</tmp>, "/proc/self/maps", O_RDONLY) = 8</proc/102/maps> <0.000010>',
  '102   1795417204.200004 openat(AT_FDCWD</tmp>, "nope", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000010>',
  '102   1795417204.200005 creat("/tmp/new", 0644) = 9</tmp/new>',
  '102   1795417204.200006 close(6</tmp/hsperf/102>) = 0 <0.000010>',
  '102   1795417204.200007 openat2(AT_FDCWD</tmp>, "y", {flags=O_RDONLY, resolve=0}, 24) = 10</tmp/y (deleted)> <0.000010>',
  // An mmap of a file already deleted (strace 6.1 puts the mark after the path): reported per line, with pid and address.
  '102   1795417204.200008 mmap(NULL, 32768, PROT_READ|PROT_WRITE, MAP_SHARED, 3</memfd:x>(deleted), 0) = 0x7f50b7d6d000 <0.000256>',
  '102   1795417204.200009 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</memfd:x>(deleted), 0x1000) = 0x7f50b7b83000 <0.000214>',
  // Shared anonymous memory and SysV segments: their shmem inode, size and key are in no line. Not private memory.
  '102   1795417204.200010 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f50b7a73000 <0.000047>',
  '102   1795417204.200011 mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f50b7a70000 <0.000047>',
  '102   1795417204.200012 shmat(11, NULL, 0) = 0x7f50b7b80000 <0.001022>',
  '102   1795417204.200013 shmat(12, NULL, 0) = -1 EINVAL (Invalid argument) <0.000022>',
];
const BYTES = Buffer.from(`${TRACE.join('\n')}\n`, 'utf8');

// Feeds `chunks` to a new watch; `afterFeed` sees each chunk once fed.
function watchAll(chunks: readonly Uint8Array[], afterFeed?: (chunk: Uint8Array) => void) {
  const got: string[] = [];
  const w = createLineWatch({
    onExecDelayed: (pid, line) => got.push(`exec ${pid} ${line}`),
    onExitEntry: (pid, line) => got.push(`exit ${pid} ${line}`),
    onFilePath: (path, line) => got.push(`path ${line} ${path}`) > 0,
    onMappedAt: (line, at) => got.push(`mapped ${line} ${at.pid} ${at.addr.toString(16)}`),
    onRootEnd: (end) => got.push(`end ${JSON.stringify(end)}`),
  });
  for (const c of chunks) {
    w.feed(c);
    afterFeed?.(c);
  }
  return { got, watch: w };
}

function split(buf: Buffer, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, buf.length]) {
    out.push(buf.subarray(from, c));
    from = c;
  }
  return out;
}

describe('createLineWatch', () => {
  it('fires on delayed successful execs, exit_group entries, mapped and opened paths and the root end', () => {
    const { got, watch } = watchAll([BYTES]);
    expect(got).toEqual([
      'path 2 /usr/lib/x86_64-linux-gnu/libc.so.6',
      'path 3 /tmp/aé b>c',
      'exec 100 5',
      'exec 101 9',
      'exit 101 11',
      'exit 100 13',
      'end {"pid":100,"signal":"SIGKILL"}',
      'path 16 /tmp/hsperf/102',
      'path 18 /etc/hosts',
      'path 21 /tmp/new',
      'mapped 24 102 7f50b7d6d000',
      'mapped 25 102 7f50b7b83000',
      'mapped 26 102 7f50b7a73000',
      'mapped 28 102 7f50b7b80000',
    ]);
    expect(watch.lines).toBe(TRACE.length);
    expect(watch.rootPid).toBe(100);
  });

  it("reports a path again while it is not identified, with the pid and address of each mmap that names it", () => {
    const got: string[] = [];
    let identify = false;
    const w = createLineWatch({
      onExecDelayed: () => undefined,
      onExitEntry: () => undefined,
      onFilePath: (path, line, mapped) => (got.push(`${line} ${path} ${JSON.stringify(mapped)}`), identify),
      onMappedAt: () => undefined,
      onRootEnd: () => undefined,
    });
    w.feed(
      Buffer.from(
        [
          '9 1.1 openat(AT_FDCWD</tmp>, "/dev/shm/sem.ab", O_RDWR|O_CREAT|O_EXCL, 0600) = 5</dev/shm/sem.ab> <0.000020>',
          '9 1.2 mmap(NULL, 32, PROT_READ|PROT_WRITE, MAP_SHARED, 5</dev/shm/sem.ab>, 0) = 0x7f9b16fde000 <0.000010>',
          '',
        ].join('\n'),
      ),
    );
    identify = true;
    w.feed(Buffer.from('9 1.3 mmap(NULL, 32, PROT_READ, MAP_SHARED, 5</dev/shm/sem.ab>, 0) = 0x7f9b16fd0000\n'));
    w.feed(Buffer.from('9 1.4 mmap(NULL, 32, PROT_READ, MAP_SHARED, 5</dev/shm/sem.ab>, 0) = 0x7f9b16fc0000\n'));
    expect(got).toEqual([
      '1 /dev/shm/sem.ab undefined',
      `2 /dev/shm/sem.ab ${JSON.stringify({ pid: 9, addr: 0x7f9b16fde000 })}`,
      `3 /dev/shm/sem.ab ${JSON.stringify({ pid: 9, addr: 0x7f9b16fd0000 })}`,
    ]);
  });

  it('reports exit_group as soon as its partial line shows the name', () => {
    const { got } = watchAll([Buffer.from('7 1.5 brk(NULL) = 0x1\n7 1.6 exit'), Buffer.from('_gro'), Buffer.from('up(0')]);
    expect(got).toEqual(['exit 7 2']);
  });

  it('gives the same events and line numbers for any chunking, as the splitter counts them', () => {
    const whole = watchAll([BYTES]).got;
    const lines: number[] = [];
    const splitter = new LineSplitter((_t, n) => lines.push(n));
    splitter.push(BYTES);
    expect(lines.length).toBe(TRACE.length);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(watchAll(split(BYTES, cuts)).got).toEqual(whole);
      }),
    );
  });
});

describe('createLineWatch: chunks and long lines', () => {
  it('never reads a chunk after feed() returns (the reader reuses or transfers it)', () => {
    const whole = watchAll([BYTES]).got;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        // Each chunk a buffer of its own, overwritten once fed, as a reused buffer would be.
        const own = split(BYTES, cuts).map((c) => Uint8Array.from(c));
        expect(watchAll(own, (c) => c.fill(0x41)).got).toEqual(whole);
      }),
    );
  });

  it('sees the end of an execve line longer than the 64 KiB kept for matching, in any chunking', () => {
    const argv = Array.from({ length: 9000 }, (_, i) => `"arg${i}"`).join(', ');
    const bytes = Buffer.from(`5 1.0 brk(NULL) = 0x1\n5 1.1 execve("/bin/x", [${argv}], 0x7ffd /* 3 vars */) = 0 (DELAYED) <0.000100>\n5 1.2 execve("/bin/y", [${argv}], 0x7ffd /* 3 vars */) = -1 ENOENT (No such file or directory) (DELAYED) <0.000100>\n`);
    expect(bytes.length).toBeGreaterThan(2 * 65_536);
    const at = bytes.indexOf('execve') + 65_536; // around the end of the kept part
    for (const cuts of [[], [at - 50], [at - 3, at + 2], [at + 60, at + 61], [bytes.length - 20], fc.sample(fc.nat(bytes.length), 20)]) {
      expect(watchAll(split(bytes, cuts)).got).toEqual(['exec 5 2']);
    }
  });
});

describe('LineWatch.state (the hand-over from the main thread to the reader thread)', () => {
  it('a watch started from another one\'s state at any byte goes on exactly as one watch would', () => {
    const whole = watchAll([BYTES]);
    fc.assert(
      fc.property(fc.nat(BYTES.length), fc.array(fc.nat(), { maxLength: 10 }), (at, cuts) => {
        const got: string[] = [];
        const handlers = {
          onExecDelayed: (pid: number, line: number) => got.push(`exec ${pid} ${line}`),
          onExitEntry: (pid: number, line: number) => got.push(`exit ${pid} ${line}`),
          onFilePath: (path: string, line: number) => got.push(`path ${line} ${path}`) > 0,
          onMappedAt: (line: number, at: { pid: number; addr: number }) => got.push(`mapped ${line} ${at.pid} ${at.addr.toString(16)}`),
          onRootEnd: (end: object) => got.push(`end ${JSON.stringify(end)}`),
        };
        const first = createLineWatch(handlers);
        for (const c of split(BYTES.subarray(0, at), cuts)) first.feed(c);
        // Through structured clone, as the state travels to the worker.
        const second = createLineWatch(handlers, structuredClone(first.state()));
        for (const c of split(BYTES.subarray(at), cuts)) second.feed(c);
        expect(got).toEqual(whole.got);
        expect(second.lines).toBe(whole.watch.lines);
        expect(second.rootPid).toBe(100);
      }),
    );
  });
});

describe('LineSplitter', () => {
  it('splits like read-lines: \\n, one \\r dropped, last line without \\n at end()', () => {
    const seen: [string, number][] = [];
    const s = new LineSplitter((t, n) => seen.push([t, n]));
    s.push(Buffer.from('a\r\nb'));
    s.push(Buffer.from('c\n\nd'));
    s.end();
    expect(seen).toEqual([['a', 1], ['bc', 2], ['', 3], ['d', 4]]);
  });

  it('decodes UTF-8 split across chunks and cuts overlong lines', () => {
    const seen: string[] = [];
    const s = new LineSplitter((t) => seen.push(t), 4);
    const e = Buffer.from('é\n', 'utf8');
    s.push(e.subarray(0, 1));
    s.push(e.subarray(1));
    s.push(Buffer.from('abcdefgh\n'));
    expect(seen).toEqual(['é', 'abcd']);
  });
});
