import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHot, HOT_SLOTS } from '../../src/ingest/hot-events.js';
import type { VmEvent } from '../../src/model/events.js';
import { HOT_CALL, HOT_RESUMED, HOT_UNFINISHED, NOT_HOT, scanHotLine } from '../../src/parse/hot-line.js';
import { TraceParser, type ParserOptions } from '../../src/parse/index.js';
import { corpusTraces } from '../helpers/corpus.js';

// The byte fast path (TraceParser.pushBytes) against the general path (push) line by line: two
// parsers fed the same lines must give the same events — a record the fast path writes equal to what
// encodeHot writes of the general path's event — the same diagnostics, counts and, at the end, the
// same info and flushed calls.

const exact = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x === undefined ? '<undefined>' : typeof x === 'number' && Object.is(x, -0) ? '<-0>' : x));
/** Bytes around every line, which the fast path must never read (a reader's buffer holds other lines). */
const AROUND = ['', '5', ')', ' <unfinished ...>', '0x1f, 3) = 0', '\n27074 1796052031.299537 munmap(0x1000, 4096) = 0'];

interface Fed {
  /** Lines the fast path took, and the records it wrote. */
  readonly fast: number;
  readonly records: number;
}

// Feeds `lines` to both parsers, comparing after every line; returns how many the fast path took.
// With `sources`, line i is of source sources[i], numbered within it (as a merged -ff set).
function feedBoth(lines: readonly string[], options?: ParserOptions, around = 0, sources?: readonly number[]): Fed {
  const general = new TraceParser(options);
  const bytes = new TraceParser(options);
  const mine = new Float64Array(HOT_SLOTS);
  const theirs = new Float64Array(HOT_SLOTS);
  let fast = 0;
  let records = 0;
  const numbers = new Map<number, number>();
  lines.forEach((line, i) => {
    const source = sources?.[i] ?? 0;
    const lineNo = sources === undefined ? i + 1 : (numbers.get(source) ?? 0) + 1;
    numbers.set(source, lineNo);
    const expected = general.push(line, lineNo, source);
    let got: readonly VmEvent[];
    // The worker hands only ASCII lines with their bytes.
    if (/^[\x00-\x7f]*$/.test(line)) {
      const before = AROUND[(i + around) % AROUND.length] as string;
      const after = AROUND[(i + around + 1) % AROUND.length] as string;
      const buf = new Uint8Array(Buffer.from(before + line + after, 'latin1'));
      mine.fill(7);
      got = bytes.pushBytes(buf, before.length, before.length + line.length, lineNo, source, mine, 0);
      if (bytes.fastForm !== NOT_HOT) {
        fast++;
        expect(bytes.fastForm).toBe(scanHotLine(buf, before.length, before.length + line.length));
        // (What the worker tells RawLines instead of searching the text.)
        expect(bytes.fastForm === HOT_UNFINISHED).toBe(line.includes('<unfinished'));
      }
    } else {
      got = bytes.push(line, lineNo, source);
    }
    if (bytes.wroteHot) {
      records++;
      expect(got).toEqual([]);
      expect(expected).toHaveLength(1);
      theirs.fill(7);
      expect(encodeHot(expected[0] as VmEvent, theirs, 0)).toBe(true);
      expect(Array.from(mine, (x) => exact(x))).toEqual(Array.from(theirs, (x) => exact(x)));
    } else {
      expect(exact(got)).toBe(exact(expected));
    }
    expect(bytes.diagnostics).toEqual(general.diagnostics);
    expect(bytes.counts).toEqual(general.counts);
  });
  expect(exact(bytes.end())).toBe(exact(general.end()));
  expect(bytes.diagnostics).toEqual(general.diagnostics);
  expect(bytes.counts).toEqual(general.counts);
  expect(bytes.info).toEqual(general.info);
  return { fast, records };
}

const T = (us: number): string => `1796052031.${String(us).padStart(6, '0')}`;

describe('scanHotLine', () => {
  const forms: [string, number][] = [
    ['27074 1796052031.304590 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f5602823000', HOT_CALL],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547) = 0', HOT_CALL],
    ['27074 1796052031.306318 brk(NULL)       = 0x5611da7a3000', HOT_CALL],
    ['27074 1796052031.306919 mprotect(0x7f5601634000, 8388608, PROT_READ|PROT_WRITE <unfinished ...>', HOT_UNFINISHED],
    ['27075 1796052031.306936 mmap(NULL, 24576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>', HOT_UNFINISHED],
    // (An unfinished file mapping: taken, its arguments left to the general path at the resumed half.)
    ['27075 1796052031.306936 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</lib/x.so>, 0 <unfinished ...>', HOT_UNFINISHED],
    ['27074 1796052031.306990 <... mprotect resumed>) = 0', HOT_RESUMED],
    ['27075 1796052031.307009 <... mmap resumed>) = 0x7f560281d000', HOT_RESUMED],
    ['27075 1796052031.307009 <... mremap resumed>) = 0x7f560281d000', HOT_RESUMED],
    ['27075 1796052031.307009 <... mremap resumed>) = -1 EFAULT (Bad address)', HOT_RESUMED],
    ['27075 1796052031.307009 mremap(0x7f560281d000, 4096, 8192, MREMAP_MAYMOVE) = -1 ENOMEM', HOT_CALL],
    ['27075 1796052031.307009 <... mremap resumed>) = -1 ENOTSUP (Operation not supported)', NOT_HOT],
    ['27075 1796052031.307009 <... mremap resumed>) = -1 EFAULT (INJECTED)', NOT_HOT],
    ['27075 1796052031.307009 <... mremap resumed>) = -1 EFAULT (Bad address) <0.000012>', NOT_HOT],
    ['27075 1796052031.307009 <... mmap resumed> ) = 0x7f560281d000', NOT_HOT],
    ['27075 1796052031.307009 <... mmap2 resumed>) = 0x7f560281d000', NOT_HOT],
    ['27075 1796052031.307009 <... mmap resumed>, 0) = 0x7f560281d000', NOT_HOT],
    ['27074 1796052031.304770 mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7f560281a000', NOT_HOT],
    ['27074 1796052031.304770 mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f560281a000', NOT_HOT],
    ['27074 1796052031.304770 mmap2(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f560281a000', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 0x1000) = 0', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547) = 0 <0.000012>', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547) = 0 (INJECTED)', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547) = ?', NOT_HOT],
    ['27074 02:55:02.306192 munmap(0x7f560281a000, 34547) = 0', NOT_HOT],
    ['[pid 27074] 1796052031.306192 munmap(0x7f560281a000, 34547) = 0', NOT_HOT],
    ['27074 1796052031.306192 [00007f5602823000] munmap(0x7f560281a000, 34547) = 0', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547) = 0 ', NOT_HOT],
    ['27074 1796052031.306192 munmap(0x7f560281a000, 34547 <pid changed to 5 ...>', NOT_HOT],
    ['27074 1796052031.306192 --- SIGSEGV {si_signo=SIGSEGV} ---', NOT_HOT],
    ['27074 1796052031.306192 +++ exited with 0 +++', NOT_HOT],
  ];
  it.each(forms)('%s', (line, form) => {
    const b = new Uint8Array(Buffer.from(`${line}\n`, 'latin1'));
    expect(scanHotLine(b, 0, line.length)).toBe(form);
  });
});

describe('TraceParser.pushBytes', () => {
  it('agrees with push on the usual churn lines, split and whole, and takes them', () => {
    const lines = [
      `27074 ${T(1)} execve("/bin/churn", ["churn"], 0x7ffd /* 3 vars */) = 0`,
      `27074 ${T(2)} brk(NULL)       = 0x5611da7a3000`,
      `27074 ${T(3)} mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f5602823000`,
      `27074 ${T(4)} clone3({flags=CLONE_VM|CLONE_THREAD, child_tid=0x7f5602634990, parent_tid=0x7f5602634990, exit_signal=0, stack=0x7f5601e34000, stack_size=0x7fff80, tls=0x7f56026346c0} => {parent_tid=[27075]}, 88) = 27075`,
      `27074 ${T(5)} mprotect(0x7f5601634000, 8388608, PROT_READ|PROT_WRITE <unfinished ...>`,
      `27075 ${T(6)} mmap(NULL, 24576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>`,
      `27074 ${T(7)} <... mprotect resumed>) = 0`,
      `27075 ${T(8)} <... mmap resumed>) = 0x7f560281d000`,
      `27075 ${T(9)} mremap(0x7f560281d000, 24576, 49152, MREMAP_MAYMOVE <unfinished ...>`,
      `27074 ${T(10)} munmap(0x7f5602823000, 8192 <unfinished ...>`,
      `27075 ${T(11)} <... mremap resumed>) = 0x7f5601000000`,
      `27074 ${T(12)} <... munmap resumed>) = 0`,
      `27075 ${T(13)} mremap(0x7f5601000000, 49152, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f5602000000 <unfinished ...>`,
      `27075 ${T(14)} <... mremap resumed>) = -1 EFAULT (Bad address)`,
      `27075 ${T(15)} mremap(0x7f5601000000, 49152, 8192, 0) = 0x7f5601000000`,
      `27074 ${T(16)} mprotect(0x7f5601634000, 4096, PROT_NONE) = 0`,
      `27074 ${T(17)} brk(0x5611da7c4000) = 0x5611da7c4000`,
      `27075 ${T(18)} mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</lib/x.so>, 0 <unfinished ...>`,
      `27075 ${T(19)} <... mmap resumed>) = 0x7f5600000000`,
      `27075 ${T(20)} munmap(0x7f5600000000, 4096 <unfinished ...>`,
      `27075 ${T(21)} +++ exited with 0 +++`,
      `27074 ${T(22)} exit_group(0)   = ?`,
    ];
    const fed = feedBoth(lines);
    expect(fed.records).toBe(9);
    expect(fed.fast).toBe(15);
  });

  it('keeps the text of an unfinished half it took from bytes released and then overwritten', () => {
    const lines = [
      `27074 ${T(1)} brk(NULL)       = 0x5611da7a3000`,
      `27075 ${T(2)} brk(NULL)       = 0x5611da7a3000`,
      `27074 ${T(3)} mprotect(0x7f5601634000, 8388608, PROT_READ|PROT_WRITE <unfinished ...>`,
      `27075 ${T(4)} mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>`,
      // The general path completes the first (an errno the fast path leaves to it), flushes the second.
      `27074 ${T(5)} <... mprotect resumed>) = -1 ENOTSUP (Operation not supported)`,
      `27075 ${T(6)} munmap(0x7f5601634000, 4096) = 0 <0.000012>`,
    ];
    const general = new TraceParser();
    const bytes = new TraceParser();
    const out = new Float64Array(HOT_SLOTS);
    // Two buffers in turn, each released before it is written again (as the reader recycles its own).
    const bufs = [new Uint8Array(256), new Uint8Array(256)];
    let fast = 0;
    lines.forEach((line, i) => {
      const expected = general.push(line, i + 1, 0);
      const buf = bufs[i % 2] as Uint8Array;
      bytes.release(buf);
      buf.fill(0x78);
      buf.set(Buffer.from(line, 'latin1'));
      const got = bytes.pushBytes(buf, 0, line.length, i + 1, 0, out, 0);
      if (bytes.fastForm !== NOT_HOT) fast++;
      if (bytes.wroteHot) expect(expected).toHaveLength(1);
      else expect(exact(got)).toBe(exact(expected));
      expect(bytes.diagnostics).toEqual(general.diagnostics);
    });
    expect(fast).toBe(2); // the two unfinished halves
    expect(general.diagnostics.map((d) => d.text)).toEqual(['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0']);
  });

  it('agrees with push when more tasks have a call in flight than the fast path holds aside, read back only at the end', () => {
    // (feedBoth reads the counts after every line, which moves the calls held aside into the parser's
    // map each time: here nothing is read until the end.)
    const pids = Array.from({ length: 12 }, (_, i) => 27100 + i);
    const lines: string[] = [];
    let us = 1;
    for (const pid of pids) lines.push(`${pid} ${T(us++)} brk(NULL) = 0x5611da7a3000`);
    for (let round = 0; round < 6; round++) {
      const inFlight = pids.slice(0, 3 + round * 2); // 3 … 13 (past 8: some in the map)
      for (const pid of inFlight) lines.push(`${pid} ${T(us++)} mmap(NULL, ${4096 * (round + 1)}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>`);
      if (round === 2) lines.push(`${pids[0]} ${T(us++)} madvise(0x7f5601634000, 4096, MADV_DONTNEED) = 0`); // general path: flushes pids[0]'s call
      const order = [...inFlight].reverse();
      if (round % 2 === 1) order.push(order.shift() as number);
      for (const pid of order.slice(0, -2)) lines.push(`${pid} ${T(us++)} <... mmap resumed>) = 0x7f560281d000`);
      // The last two: one resumed with an errno the fast path leaves to the general path, one never.
      lines.push(`${order[order.length - 2]} ${T(us++)} <... mmap resumed>) = -1 ENOTSUP (Operation not supported)`);
    }
    const general = new TraceParser();
    const bytes = new TraceParser();
    const want: string[] = [];
    const got: string[] = [];
    const rec = new Float64Array(HOT_SLOTS);
    let fast = 0;
    lines.forEach((line, i) => {
      for (const e of general.push(line, i + 1, 0)) {
        rec.fill(7);
        want.push(encodeHot(e, rec, 0) ? exact(Array.from(rec, (x) => exact(x))) : exact(e));
      }
      const buf = new Uint8Array(Buffer.from(line, 'latin1'));
      rec.fill(7);
      const events = bytes.pushBytes(buf, 0, line.length, i + 1, 0, rec, 0);
      if (bytes.fastForm !== NOT_HOT) fast++;
      if (bytes.wroteHot) got.push(exact(Array.from(rec, (x) => exact(x))));
      for (const e of events) {
        rec.fill(7);
        got.push(encodeHot(e, rec, 0) ? exact(Array.from(rec, (x) => exact(x))) : exact(e));
      }
    });
    expect(got).toEqual(want);
    expect(exact(bytes.end())).toBe(exact(general.end()));
    expect(bytes.diagnostics).toEqual(general.diagnostics);
    expect(bytes.counts).toEqual(general.counts);
    expect(bytes.info).toEqual(general.info);
    expect(fast).toBeGreaterThan(lines.length / 2);
    expect(general.diagnostics.length).toBeGreaterThanOrEqual(6); // calls flushed by the next call of their task, by a madvise, by the end
  });

  it('agrees with push on every trace in traces/ and the damaged corpus', () => {
    let fast = 0;
    for (const [name, lines] of corpusTraces()) {
      const sourcePids = /\.(\d+)$/.exec(name);
      fast += feedBoth(lines, sourcePids === null ? undefined : { sourcePids: [Number(sourcePids[1])] }).fast;
    }
    expect(fast).toBeGreaterThan(0);
  });

  // Lines in the hot forms and around them: the usual ones with random numbers, near misses of each
  // part (spacing, leaders, names, arguments, results, decorations), the lines that change a
  // parser's state (new tasks, clones, exits, execve, attach messages, signals) and random edits.
  const hex = fc.bigInt({ min: 0n, max: 2n ** 48n }).map((v) => `0x${v.toString(16)}`);
  const dec = fc.nat(70_000).map(String);
  // (Mostly what strace prints, so that whole calls often are; the odd values one in a few.)
  const often = <T,>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 30, arbitrary: usual }, { weight: 1, arbitrary: odd });
  const num = often(
    fc.oneof(hex, dec, fc.constantFrom('NULL', '0', '4096', '8388608', '123456789012345')),
    fc.oneof(
      fc.bigInt({ min: 2n ** 48n, max: 2n ** 64n }).map((v) => `0x${v.toString(16)}`),
      fc.constantFrom('-1', '1234567890123456', '9999999999999999', '12345678901234567', '00', '0755', '-0', 'NUL', 'NULLx', '0x', '0X10', '0xfffffffffffff', '0x10000000000000', '0xABC', '-0x10', '1e3', ' 5'),
    ),
  );
  /** A length: decimal (a hex length is -X raw's, left to the general path). */
  const len = often(fc.oneof(dec, fc.constantFrom('0', '4096', '8388608')), fc.oneof(hex, num));
  const prot = often(fc.constantFrom('PROT_READ', 'PROT_READ|PROT_WRITE', 'PROT_NONE', 'PROT_READ|PROT_EXEC'), fc.constantFrom('0x3', '0', '3', 'PROT_BOGUS', 'PROT_READ|', '', 'PROT_READ /* 0x1 */', 'PROT_READ|0x10'));
  const mapFlags = often(fc.constantFrom('MAP_PRIVATE|MAP_ANONYMOUS', 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK', 'MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS'), fc.constantFrom('MAP_SHARED', '0x22', 'MAP_PRIVATE|MAP_ANONYMOUS|0x40000', 'MAP_FOO', '34'));
  const fd = often(fc.constant('-1'), fc.constantFrom('3', '4294967295', '0xffffffff', '3</lib/x.so>', '-1<x>', '-2', '2147483648'));
  const mremapFlags = often(fc.constantFrom('MREMAP_MAYMOVE', '0', 'MREMAP_MAYMOVE|MREMAP_FIXED'), fc.constantFrom('MREMAP_DONTUNMAP|MREMAP_MAYMOVE', '1', 'MREMAP_X', '0x3'));
  const sep = often(fc.constant(', '), fc.constantFrom(',', ',  ', ' , ', ',\t'));
  const listed = fc.oneof(
    fc.tuple(num, sep, len, prot, mapFlags, fd, num).map(([a, s, l, p, f, d, o]) => ['mmap', [a, l, p, f, d, o].join(s)]),
    fc.tuple(num, sep, len).map(([a, s, l]) => ['munmap', `${a}${s}${l}`]),
    fc.tuple(num, sep, len, prot).map(([a, s, l, p]) => ['mprotect', [a, l, p].join(s)]),
    fc.tuple(num, sep, len, len, mremapFlags, fc.option(num, { nil: undefined })).map(([a, s, o, n, f, t]) => ['mremap', [a, o, n, f, ...(t === undefined ? [] : [t])].join(s)]),
    num.map((a) => ['brk', a]),
    fc.tuple(fc.constantFrom('mmap', 'munmap', 'mprotect', 'mremap', 'brk', 'mmap2', 'madvise', 'munmapx', 'Mmap', 'mmap_'), fc.array(num, { maxLength: 6 })).map(([n, a]) => [n, a.join(', ')]),
  );
  // (A list may end in a separator: an unfinished half printed up to a comma.)
  const args = fc.tuple(listed, often(fc.constant(''), fc.constantFrom(', ', ',', ' ', ',  '))).map(([[n, a], end]) => [n, a + end] as const);
  const result = often(
    fc.oneof({ weight: 6, arbitrary: fc.oneof(hex, dec) }, { weight: 1, arbitrary: fc.constantFrom('-1 EFAULT (Bad address)', '-1 ENOMEM (Cannot allocate memory)', '-1 EINVAL (Invalid argument)', '-1 EAGAIN') }),
    fc.constantFrom(
      '?', '0 <0.000012>', '0 (INJECTED)', '0x7f0000000000 ', 'x', '', '0x', '--1',
      '-1 ENOTSUP (Operation not supported)', '-1 EFAULT (INJECTED)', '-1 EFAULT (INJECTED: retval)', '-1 EFAULT (DELAYED)', '-1 EFAULT(Bad)', '-1 EFAULT (Bad (x) address)',
      '-1 EFAULT (Bad address) <0.000012>', '-1 EFAULT (Bad address) (INJECTED)', '-1 EFAULTx (Bad)', '-1 E (Bad)', '-2 EFAULT (Bad address)', '-1  EFAULT (Bad address)',
      '-1 EFAULT (Bad "..." address)', '-1 EFAULT (Bad address) ', '-1 EFAULT ', '-1 EFAULT ()', '-1 EFAULT (<x>)', '-1 (errno 123)', '? ERESTARTSYS (To be restarted)',
    ),
  );
  const eq = often(fc.constantFrom(' = ', '       = '), fc.constantFrom('= ', ' =  ', ' =', ' == '));
  const pid = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(100, 101) }, { weight: 1, arbitrary: fc.constantFrom(102, 103, 104) });
  /** Time mostly forward by a few µs; sometimes the same, back, or an odd stamp (short, 8 digits of seconds, nanoseconds, none). */
  const time = often(fc.constant('+'), fc.constantFrom('=', '-', 'short', 'secs8', 'ns', 'none'));
  const leader = often(fc.constantFrom('% ', '%  ', '%     '), fc.constantFrom('[pid %] ', '', '% [00007f5602823000] ', '%<cat> ', '%\t'));
  const other = fc.constantFrom(
    '+++ exited with 0 +++',
    '+++ killed by SIGKILL +++',
    '+++ superseded by execve in pid 101 +++',
    '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---',
    'clone(child_stack=NULL, flags=CLONE_VM|CLONE_FS|CLONE_THREAD|SIGCHLD) = 105',
    'clone(child_stack=NULL, flags=CLONE_VM|SIGCHLD <unfinished ...>',
    '<... clone resumed>) = 106',
    'execve("/bin/true", ["true"], 0x7ffd /* 3 vars */ <unfinished ...>',
    '<... execve resumed>) = 0',
    'wait4(-1, strace: Process 107 attached',
    'strace: Process 108 attached',
    'garbage \u0000 here',
    '',
  );
  /** One call of a task: whole, or split into halves with other tasks' lines between them (`resumed` as printed after the name). */
  const call = fc.record({
    pid,
    time,
    leader,
    args,
    eq,
    result,
    split: fc.boolean(),
    unfinished: often(fc.constant(' <unfinished ...>'), fc.constantFrom('<unfinished ...>', ' <unfinished ...> ', ' <pid changed to 104 ...>')),
    resumed: often(fc.constant(')'), fc.constantFrom(' )', ', 0)', ' <unfinished ...>)', '')),
    resumedName: often(fc.constant(''), fc.constantFrom('mmap', 'mmap2', 'clone', 'munmap')),
    other: often(fc.constant(undefined), other),
  });
  // A random edit of a line: a character replaced, dropped or doubled.
  const edit = fc.tuple(fc.nat(), fc.constantFrom('del', 'dup', ' ', '(', ')', ',', '<', '>', 'x', '0', '\r', '\t'));
  const traceLines = fc.tuple(fc.array(fc.tuple(call, often(fc.constant(null), edit), fc.boolean()), { minLength: 1, maxLength: 40 }), fc.nat(1000)).map(([calls, seed]) => {
    let us = 1000 + seed;
    const lines: string[] = [];
    const put = (p: number, l: string, t: string, body: string, e: readonly [number, string] | null): void => {
      us += t === '+' ? 7 : t === '=' ? 0 : t === '-' ? -5 : 3;
      const stamp = t === 'none' ? '' : t === 'short' ? '1796052031.30619 ' : t === 'secs8' ? `17960520.${String(us).padStart(6, '0')} ` : t === 'ns' ? `1796052031.${String(us).padStart(6, '0')}123 ` : `${T(us)} `;
      let text = `${l.replace('%', String(p))}${stamp}${body}`;
      if (e !== null) {
        const at = e[0] % (text.length + 1);
        text = e[1] === 'del' ? text.slice(0, at) + text.slice(at + 1) : e[1] === 'dup' ? text.slice(0, at) + text.slice(at, at + 1) + text.slice(at) : text.slice(0, at) + e[1] + text.slice(at + 1);
      }
      lines.push(text);
    };
    /** The resumed half each task still owes. */
    const owed = new Map<number, () => void>();
    for (const [c, e, resumeFirst] of calls) {
      // A task's next line is mostly the other half of its own call.
      const o = owed.get(c.pid);
      if (o !== undefined && (resumeFirst || c.other === undefined)) {
        owed.delete(c.pid);
        o();
      }
      if (c.other !== undefined) put(c.pid, c.leader, c.time, c.other, e);
      else if (!c.split) put(c.pid, c.leader, c.time, `${c.args[0]}(${c.args[1]})${c.eq}${c.result}`, e);
      else {
        put(c.pid, c.leader, c.time, `${c.args[0]}(${c.args[1]}${c.unfinished}`, e);
        owed.set(c.pid, () => put(c.pid, c.leader, c.time, `<... ${c.resumedName === '' ? c.args[0] : c.resumedName} resumed>${c.resumed}${c.eq}${c.result}`, null));
      }
    }
    for (const o of owed.values()) o();
    return lines;
  });

  it('agrees with push on generated lines in and around the hot forms (property)', () => {
    let fast = 0;
    let records = 0;
    fc.assert(
      fc.property(traceLines, fc.nat(5), (lines, around) => {
        const fed = feedBoth(lines, undefined, around);
        fast += fed.fast;
        records += fed.records;
      }),
      { numRuns: 3000 },
    );
    // (The generator reaches the fast path often, not only its refusals.)
    expect(fast).toBeGreaterThan(5000);
    expect(records).toBeGreaterThan(2500);
  });

  it('agrees with push when lines of several sources (numbered apart) and a default pid interleave', () => {
    fc.assert(
      fc.property(traceLines, fc.array(fc.nat(2), { minLength: 80, maxLength: 80 }), fc.boolean(), (lines, sources, named) => {
        feedBoth(lines, named ? { sourcePids: [100, undefined, 102], defaultPid: 100 } : undefined, 0, sources);
      }),
      { numRuns: 1000 },
    );
  });
});
