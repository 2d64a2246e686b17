// Paths with escape sequences never reach a terminal raw; pipes get the bytes unchanged.
import { execa } from 'execa';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest/ingest.js';
import { createDbFile } from '../../src/store/open-db.js';
import { toyParser } from '../helpers/toy-parser.js';
import { toyReplayFactory } from '../helpers/toy-replay.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-tty-'));
const db = join(dir, 'evil.db');
const EVIL = '/tmp/\u001b]0;pwned\u0007\u001b[2J\u009b1m';
const hasScript = existsSync('/usr/bin/script');
// Control characters a terminal acts on (script(1) adds \r before \n itself).
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

beforeAll(async () => {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
  const ingest = createIngest(createDbFile(db), { parser: toyParser(), replay: toyReplayFactory });
  ingest.push(`7 mmap 0x10000 4096 ${EVIL}`, 1);
  ingest.end();
});

// Runs the CLI on a pseudo-terminal through script(1).
async function onPty(...args: string[]): Promise<string> {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await execa('script', ['-qec', cmd, '/dev/null'], { reject: false });
  return String(r.stdout);
}

describe('terminal safety', () => {
  it.skipIf(!hasScript)(`escapes control characters in events and ps on a terminal${hasScript ? '' : ' (skipped: no script(1))'}`, async () => {
    for (const args of [['events', db], ['events', db, '--json'], ['ps', db]]) {
      const out = await onPty(...args);
      expect(out.length).toBeGreaterThan(0);
      expect(RAW_CONTROL.test(out)).toBe(false);
    }
    expect(await onPty('events', db)).toContain('/tmp/\\x1b]0;pwned\\x07\\x1b[2J\\x9b1m');
  });

  it('writes the bytes unchanged into a pipe', async () => {
    const r = await execa(process.execPath, [CLI, 'events', db], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toContain(EVIL);
  });
});
