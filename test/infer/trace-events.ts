// Just enough of strace's `-o -f` line format to feed inferExecLayout from a
// saved trace in traces/ (execve, mmap, mprotect, brk); the real parser lives in src/parse.
import { readFileSync } from 'node:fs';
import type { ExecveEvent, VmEvent } from '../../src/model/events.js';

const PROTS: Record<string, number> = { PROT_NONE: 0, PROT_READ: 1, PROT_WRITE: 2, PROT_EXEC: 4 };
const prot = (text: string): number => text.split('|').reduce((acc, p) => acc | (PROTS[p] ?? Number(p)), 0);

// Events of one trace file; `<unfinished ...>` halves are joined to their `resumed` line.
export function traceEvents(path: string): VmEvent[] {
  const out: VmEvent[] = [];
  const pending = new Map<string, string>();
  readFileSync(path, 'utf8').split('\n').forEach((raw, i) => {
    const pid = /^\d+/.exec(raw)?.[0] ?? '';
    let text = raw;
    if (raw.endsWith(' <unfinished ...>')) {
      pending.set(pid, raw.slice(0, -' <unfinished ...>'.length));
      return;
    }
    const resumed = /<\.\.\. \w+ resumed> ?(.*)$/.exec(raw);
    if (resumed !== null) text = `${pending.get(pid) ?? ''}${resumed[1] ?? ''}`;
    const m = /^(\d+)\s+(?:[\d.]+\s+)?(\w+)\((.*)\)\s+= (-?\w+)/.exec(text);
    if (m === null) return;
    const [, pidText, name, args = '', res = ''] = m;
    const common = { step: out.length + 1, pid: Number(pidText), line: i + 1, syscall: name ?? '' };
    const result = res.startsWith('-') ? { kind: 'error' as const, errno: 'E' } : { kind: 'ok' as const, value: Number(res) };
    const a = args.split(', ');
    if (name === 'execve') {
      const path = /^"([^"]*)"/.exec(args)?.[1] ?? '';
      out.push({ ...common, kind: 'execve', path, argv: [], result } satisfies ExecveEvent);
    } else if (name === 'mmap') {
      out.push({ ...common, kind: 'mmap', result, addr: a[0] === 'NULL' ? 0 : Number(a[0]), length: Number(a[1]), prot: prot(a[2] ?? ''), flags: 0, offset: 0 });
    } else if (name === 'mprotect') {
      out.push({ ...common, kind: 'mprotect', result, addr: Number(a[0]), length: Number(a[1]), prot: prot(a[2] ?? '') });
    } else if (name === 'brk') {
      out.push({ ...common, kind: 'brk', result, addr: a[0] === 'NULL' ? 0 : Number(a[0]) });
    }
  });
  return out;
}
