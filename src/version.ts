// vmtrace's version: the one in its package.json, the first above this module whose name is vmtrace (this module
// runs from src/ under the tests, dist/ after tsc, dist/bundle/ as bundled).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function packageVersion(from: string = import.meta.url): Promise<string> {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    let pkg: { name?: unknown; version?: unknown } | undefined;
    try {
      pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      pkg = undefined; // none here, unreadable or not JSON: look further up
    }
    if (pkg?.name === 'vmtrace' && typeof pkg.version === 'string') return pkg.version;
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}
