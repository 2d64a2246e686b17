// Imports flow one way (STYLE.md §1). This test reads every source file and
// fails when a layer imports one it must not know about.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

// layer → layers it may import (besides itself and src/errors.ts)
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  threads: [],
  parse: ['model'],
  infer: ['model'],
  render: ['model'],
  store: ['model', 'parse', 'threads'],
  input: ['model', 'parse'],
  ingest: ['model', 'parse', 'store', 'infer', 'input', 'threads'],
  record: ['model', 'parse', 'ingest', 'store', 'infer', 'input', 'threads'],
  verify: ['model', 'render'],
  tui: ['model', 'render', 'store'],
};

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

describe('architecture', () => {
  const files = listFiles(SRC);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('keeps imports flowing one way', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = relative(SRC, file).split('/')[0] ?? '';
      const allowed = ALLOWED[layer];
      if (allowed === undefined) continue; // commands/, cli.ts: may import anything
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, join(file, '..', spec)).split('/')[0] ?? '';
        if (target === layer || target === 'errors.js' || target === 'errors.ts') continue;
        if (!allowed.includes(target)) violations.push(`${relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the model free of I/O', () => {
    const io = /from\s+['"](node:)?(fs|child_process|net|readline|better-sqlite3|execa|ink|react)['"]/;
    const offenders = files
      .filter((f) => relative(SRC, f).startsWith('model/'))
      .filter((f) => io.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
