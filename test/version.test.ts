// packageVersion: the first package.json named vmtrace above a module, skipping others and broken ones.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageVersion } from '../src/version.js';

const root = mkdtempSync(join(tmpdir(), 'vmtrace-version-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('packageVersion', () => {
  it("is this repository's package.json version from src/", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(await packageVersion()).toBe(version);
  });

  it('skips a package.json that is not JSON and one of another package, and finds vmtrace above them', async () => {
    const deep = join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, 'a', 'package.json'), JSON.stringify({ name: 'vmtrace', version: '9.8.7' }));
    writeFileSync(join(root, 'a', 'b', 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    writeFileSync(join(deep, 'package.json'), '{ not json');
    expect(await packageVersion(pathToFileURL(join(deep, 'cli.js')).href)).toBe('9.8.7');
  });
});
