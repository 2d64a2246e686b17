// The part after the argument list: `= RESULT [(aux)] [(INJECTED…)|(DELAYED)] [<dur>]`
// (strace syscall.c syscall_exiting_trace, 6.1). The ` = ` may be padded.

import type { SyscallResult } from '../model/events.js';
import { parseFd, plainInteger, type FdValue } from './values.js';

/** A decoded result tail. */
export interface ResultTail {
  readonly result: SyscallResult;
  /** -y decoration of an fd result (`= 3</etc/ld.so.cache>`). */
  readonly fd?: FdValue;
  /** `(INJECTED)` text without parentheses. */
  readonly injected?: string;
  readonly delayed: boolean;
  /** -T duration in microseconds. */
  readonly duration?: number;
  readonly durationNs: boolean;
}

const NONE: SyscallResult = { kind: 'none' };
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

// Parses `s` from `i` (just after the closing `)`); a string is the reason it failed.
export function parseResultTail(s: string, i: number): ResultTail | string {
  while (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) !== 61 || s.charCodeAt(i + 1) !== 32) return 'no ` = ` after the argument list';
  i += 2;
  // The common tail, a bare number up to the end of the line (`= 0`, `= 0x7f3c…`, `= -1`).
  const quick = plainInteger(s, i);
  if (!Number.isNaN(quick)) return { result: { kind: 'ok', value: quick }, fd: undefined, injected: undefined, delayed: false, duration: undefined, durationNs: false };
  let end = s.length;
  let duration: number | undefined;
  let durationNs = false;
  if (s.charCodeAt(end - 1) === 62) {
    const lt = s.lastIndexOf(' <', end);
    const dot = s.indexOf('.', lt);
    if (lt > i && dot > lt && isDigit(s.charCodeAt(lt + 2))) {
      const frac = s.slice(dot + 1, end - 1);
      const secs = s.slice(lt + 2, dot);
      if (/^\d+$/.test(frac) && /^\d+$/.test(secs)) {
        duration = Number(secs) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
        durationNs = frac.length > 6;
        end = lt;
      }
    }
  }
  let injected: string | undefined;
  let delayed = false;
  const inj = s.indexOf(' (INJECTED', i);
  if (inj >= 0 && inj < end) {
    const close = s.indexOf(')', inj);
    injected = s.slice(inj + 2, close < 0 || close > end ? end : close);
    end = inj;
  }
  const del = s.indexOf(' (DELAYED)', i);
  if (del >= 0 && del < end) {
    delayed = true;
    end = del;
  }
  const value = s.slice(i, end);
  const tail = (result: SyscallResult, fd?: FdValue): ResultTail => ({ result, fd, injected, delayed, duration, durationNs });
  if (value.startsWith('?')) {
    const rest = value.slice(1).trim();
    if (rest.startsWith('E')) return tail({ kind: 'error', errno: rest.split(' ', 1)[0] ?? rest });
    return tail(NONE);
  }
  // `-1 ENOMEM (text)`, `-1 (errno 123)`
  if (value.startsWith('-1 ')) {
    const rest = value.slice(3);
    if (rest.startsWith('E')) return tail({ kind: 'error', errno: rest.split(' ', 1)[0] ?? rest });
    if (rest.startsWith('(errno ')) return tail({ kind: 'error', errno: rest.slice(1, rest.indexOf(')') < 0 ? undefined : rest.indexOf(')')) });
  }
  let j = 0;
  if (value.charCodeAt(0) === 45) j = 1;
  let numEnd: number;
  if (value.startsWith('0x', j)) {
    numEnd = j + 2;
    while (numEnd < value.length && isHex(value.charCodeAt(numEnd))) numEnd++;
  } else {
    numEnd = j;
    while (numEnd < value.length && isDigit(value.charCodeAt(numEnd))) numEnd++;
  }
  if (numEnd === j) return `bad result: ${value.slice(0, 60)}`;
  const num = j === 1 ? -Number(value.slice(1, numEnd)) : Number(value.slice(0, numEnd));
  if (!Number.isSafeInteger(num)) return `result out of safe range: ${value.slice(0, 60)}`;
  let fd: FdValue | undefined;
  if (value.charCodeAt(numEnd) === 60) {
    let decoEnd = value.indexOf(' (', numEnd);
    if (decoEnd < 0 || value.charCodeAt(decoEnd - 1) !== 62) decoEnd = value.length;
    const f = parseFd(value.slice(0, decoEnd));
    if (f.ok) fd = f.value;
  }
  return tail({ kind: 'ok', value: num }, fd);
}
