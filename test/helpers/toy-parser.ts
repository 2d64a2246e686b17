// A line-per-event fake parser for pipeline tests: `PID mmap ADDR LEN` / `PID munmap ADDR LEN`;
// anything else becomes a diagnostic. (The real parser is tested in test/parse.)
import type { VmEvent } from '../../src/model/events.js';
import type { ParserDiagnostic, ParserLike } from '../../src/ingest/types.js';

// A fresh fake parser.
export function toyParser(): ParserLike & { diagnostics: ParserDiagnostic[] } {
  let step = 0;
  const diagnostics: ParserDiagnostic[] = [];
  return {
    diagnostics,
    info: { flags: ['-f'], straceVersion: '6.1', personality: '64' },
    counts: { lines: 0 },
    push(text, line, source = 0): VmEvent[] {
      const m = /^(\d+) (mmap|munmap) (0x[0-9a-f]+) (\d+)(?: (\S+))?$/.exec(text);
      if (m === null) {
        diagnostics.push({ line, source, reason: 'not a toy line', text });
        return [];
      }
      step++;
      const pid = Number(m[1]);
      const addr = Number(m[3]);
      const length = Number(m[4]);
      const common = { step, pid, line, source, time: step * 10 };
      if (m[2] === 'mmap') {
        const file = m[5] === undefined ? undefined : { fd: 3, path: m[5] };
        return [{ ...common, kind: 'mmap', syscall: 'mmap', result: { kind: 'ok', value: addr }, addr: 0, length, prot: 3, flags: 0x22, offset: 0, ...(file ? { file } : {}) }];
      }
      return [{ ...common, kind: 'munmap', syscall: 'munmap', result: { kind: 'ok', value: 0 }, addr, length }];
    },
    end: () => [],
  };
}
