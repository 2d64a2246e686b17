// The text of every recorded trace in traces/ and of every file of the damaged corpus, as lines.
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** [name, lines] of each trace file. */
export function corpusTraces(): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const dir of readdirSync(new URL('traces/', root), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(new URL(`traces/${dir.name}/`, root))) {
      if (f.endsWith('.strace') || f.startsWith('trace.')) out.push([`traces/${dir.name}/${f}`, readFileSync(new URL(`traces/${dir.name}/${f}`, root), 'utf8').split('\n')]);
    }
  }
  for (const f of readdirSync(new URL('test/fixtures/damaged/', root))) {
    if (f.endsWith('.strace')) out.push([`test/fixtures/damaged/${f}`, readFileSync(new URL(`test/fixtures/damaged/${f}`, root), 'utf8').split('\n')]);
  }
  return out;
}
