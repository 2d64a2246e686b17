// Ctrl-C during `run`: the signal reaches the target, strace stops, and the DB holds every
// event up to that point and opens as complete. Runs the built recorder in a process of its
// own session (no terminal), where vmtrace forwards SIGINT itself.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TraceDb } from '../../src/store/trace-db.js';
import { straceWorks } from '../helpers/tools.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vmtrace-sig-'));

// Records CMD with the built recorder (real parser; a replay that changes nothing: this test is about signals) and prints the result.
const SCRIPT = `
const none = () => ({ apply: () => ({ changed: false, touched: [], anomalies: [] }), regions: () => [], spaceOfPid: () => undefined, procOfPid: () => undefined, processes: () => [], step: 0, save: () => ({}) });
const { recordCommand } = await import(${JSON.stringify(join(ROOT, 'dist/record/recorder.js'))});
const { outputPaths } = await import(${JSON.stringify(join(ROOT, 'dist/record/output-files.js'))});
const [db, ...cmd] = process.argv.slice(1);
const r = await recordCommand({ command: cmd[0], args: cmd.slice(1), out: outputPaths(db), delays: { execUs: 50000, exitUs: 50000 }, ingest: { replay: { create: none, restore: none } } });
process.stdout.write(JSON.stringify({ exitCode: r.exitCode, signal: r.signal, interrupted: r.interrupted, steps: r.summary.steps }));
`;

beforeAll(async () => {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
  expect(existsSync(join(ROOT, 'dist/record/recorder.js'))).toBe(true);
});

describe.skipIf(!straceWorks)(`run and signals${straceWorks ? '' : ' (skipped: strace missing or ptrace not permitted)'}`, () => {
  it('forwards SIGINT to the target, exits 130, keeps a complete DB', async () => {
    const db = join(dir, 'int.db');
    const child = execa(process.execPath, ['--input-type=module', '-e', SCRIPT, db, 'sh', '-c', 'echo ready; exec sleep 30'], { detached: true, reject: false, cwd: ROOT });
    // Wait until the target runs (its first line), then interrupt vmtrace only.
    for (let i = 0; i < 200 && !/sleep/.test(existsSync(db.replace(/\.db$/, '.strace')) ? readFileSync(db.replace(/\.db$/, '.strace'), 'utf8') : ''); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const r = await child;
    expect(String(r.stderr)).toBe('');
    const [ready, json] = String(r.stdout).split('\n');
    expect(ready).toBe('ready'); // the target's own output, passed through
    const result = JSON.parse(json ?? '') as { exitCode: number; signal?: string; interrupted: string[] };
    expect(result).toMatchObject({ exitCode: 130, signal: 'SIGINT', interrupted: ['SIGINT'] });
    const raw = readFileSync(db.replace(/\.db$/, '.strace'), 'utf8');
    expect(raw).toMatch(/\+\+\+ killed by SIGINT \+\+\+\n$/);
    const opened = TraceDb.open(db); // refuses incomplete DBs
    try {
      expect(opened.info().complete).toBe(true);
      expect(opened.info().lineCount).toBe(raw.split('\n').length - 1);
    } finally {
      opened.close();
    }
  });
});
