// Decoders of %process calls that change address spaces (clone.c, execve.c,
// exit; strace 6.1) and prctl(PR_SET_VMA_ANON_NAME).

import type { VmEvent } from '../model/events.js';
import { CLONE } from '../model/linux.js';
import { Args, DecodeError } from './args.js';
import { withBase, type SyscallBase } from './decode-types.js';
import { joinAt } from './paths.js';
import { CLONE_TABLE, PR_SET_VMA, PR_SET_VMA_ANON_NAME, signalNumber } from './tables.js';
import { argName, bareValue, orBits, parseFlags, parseNumber, parseStringArray, parseStruct, stripName } from './values.js';

const SIGCHLD = 17;

function execve(a: Args, base: SyscallBase, at: number, dir: string | undefined): VmEvent {
  const path = a.str(at);
  if (path === undefined) throw new DecodeError('execve of NULL path');
  const argv = parseStringArray(a.text(at + 1));
  // argv NULL or an address (raw mode) → empty.
  const items = argv.ok ? argv.value.items : [];
  return withBase({ kind: 'execve', path: joinAt(dir, path.text), argv: items }, base);
}

function num(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = parseNumber(text);
  if (!n.ok) throw new DecodeError(`${what}: ${n.reason}`);
  return n.value;
}

function cloneFlags(text: string): number {
  const f = parseFlags(text, CLONE_TABLE);
  if (!f.ok) throw new DecodeError(`clone flags: ${f.reason}`);
  return f.value;
}

// clone(child_stack=…, flags=…, …): named args in strace's order; -e raw=clone gives raw x86_64 order.
function clone(a: Args, base: SyscallBase): VmEvent {
  const named = new Map<string, string>();
  for (const t of a.items) {
    const n = argName(t);
    if (n !== undefined) named.set(n, stripName(t));
  }
  const flagsText = named.get('flags');
  if (flagsText === undefined) {
    // x86_64 raw order: flags, stack, parent_tid, child_tid, tls.
    return withBase({ kind: 'clone', flags: cloneFlags(a.text(0)), stack: a.has(1) ? a.addr(1) : undefined }, base);
  }
  return withBase({ kind: 'clone', flags: cloneFlags(flagsText),
    stack: num(named.get('child_stack') ?? named.get('stack'), 'child_stack'),
    stackSize: num(named.get('stack_size'), 'stack_size'),
  }, base);
}

// clone3({flags=…, exit_signal=…, stack=…, stack_size=…} [=> {…}], size): flags get exit_signal in the low byte like clone.
function clone3(a: Args, base: SyscallBase): VmEvent {
  const t = a.text(0);
  const arrow = t.indexOf('} => {');
  const fields = parseStruct(arrow > 0 ? t.slice(0, arrow + 1) : t);
  const flagsText = fields.get('flags');
  if (flagsText === undefined) throw new DecodeError('clone3 without flags');
  let flags = cloneFlags(flagsText);
  const sig = fields.get('exit_signal');
  if (sig !== undefined) {
    const v = bareValue(sig);
    const n = signalNumber(v) ?? num(v, 'exit_signal');
    if (n === undefined) throw new DecodeError(`clone3 exit_signal ${v}`);
    flags = orBits(flags, n);
  }
  return withBase({ kind: 'clone', flags, stack: num(fields.get('stack'), 'stack'), stackSize: num(fields.get('stack_size'), 'stack_size') }, base);
}

// prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, addr, len, "name"|NULL); other prctl → undefined.
function prctl(a: Args, base: SyscallBase): VmEvent | undefined {
  const opt = a.has(0) ? bareValue(a.text(0)) : '';
  const sub = a.has(1) ? bareValue(a.text(1)) : '';
  const isVma = opt === 'PR_SET_VMA' || num(/^(0x[0-9a-f]+|\d+)$/.test(opt) ? opt : undefined, 'prctl') === PR_SET_VMA;
  const isName = sub === 'PR_SET_VMA_ANON_NAME' || (/^(0x0|0)$/.test(sub) && PR_SET_VMA_ANON_NAME === 0);
  if (!isVma || !isName) return undefined;
  const nameText = bareValue(a.text(4));
  if (nameText !== 'NULL' && !nameText.startsWith('"')) throw new DecodeError('anon name is not a string (raw mode?)');
  return withBase({ kind: 'anon_name', addr: a.addr(2), length: a.addr(3), name: a.str(4)?.text }, base);
}

// Decodes a process-shaping call, or undefined if `name` is not one of them.
export function decodeProcess(name: string, a: Args, base: SyscallBase): VmEvent | undefined {
  switch (name) {
    case 'execve':
      return execve(a, base, 0, undefined);
    case 'execveat':
      return execve(a, base, 1, a.fd(0).path);
    case 'clone':
    case 'clone2':
      return clone(a, base);
    case 'clone3':
      return clone3(a, base);
    case 'fork':
      return withBase({ kind: 'clone', flags: SIGCHLD }, base);
    case 'vfork':
      return withBase({ kind: 'clone', flags: CLONE.VM | CLONE.VFORK | SIGCHLD }, base);
    case 'exit':
    case '_exit':
      return withBase({ kind: 'exit', group: false, status: a.int32(0) }, base);
    case 'exit_group':
      return withBase({ kind: 'exit', group: true, status: a.int32(0) }, base);
    case 'prctl':
      return prctl(a, base);
    default:
      return undefined;
  }
}
