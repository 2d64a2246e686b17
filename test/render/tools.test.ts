// Compares formatPmap / formatGdb with the real tools run on a sleeping child process.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGdb } from '../../src/render/gdb.js';
import { formatPmap } from '../../src/render/pmap.js';
import { parseProcMaps } from './proc-maps.js';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('pmap and gdb views', () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  let maps = '';
  beforeAll(async () => {
    // Wait until exec has happened (maps shows sleep).
    for (let i = 0; i < 100 && !maps.includes('sleep'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      maps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
    }
  });
  afterAll(() => {
    child.kill();
  });

  it.skipIf(!has('pmap'))(`formatPmap equals pmap PID${has('pmap') ? '' : ' (skipped: pmap not installed)'}`, () => {
    const real = spawnSync('pmap', [String(child.pid)], { encoding: 'utf8' }).stdout;
    const ours = formatPmap(parseProcMaps(maps), { header: { pid: child.pid ?? 0, command: 'sleep 30' } });
    expect(ours).toBe(real);
  });

  it.skipIf(!has('gdb'))(`formatGdb equals the gdb info proc mappings table${has('gdb') ? '' : ' (skipped: gdb not installed)'}`, (ctx) => {
    const out = spawnSync('gdb', ['-batch', '-ex', 'info proc mappings', '-p', String(child.pid)], { encoding: 'utf8', timeout: 30_000 }).stdout;
    if (!out.includes('Start Addr')) ctx.skip('gdb could not attach (ptrace denied)');
    const lines = out.split('\n');
    const from = lines.findIndex((l) => l.startsWith('process '));
    const table = lines.slice(from).filter((l) => /^process |^Mapped|^\s+(0x|Start)|^$/.test(l)).join('\n').replace(/\n+$/, '\n');
    const ours = formatGdb(parseProcMaps(readFileSync(`/proc/${child.pid}/maps`, 'utf8')), { pid: child.pid ?? 0 });
    expect(ours).toBe(table);
  });
});
