#!/usr/bin/env node
// `npm run demo`: the main job on this machine. Records `cat /proc/self/maps`
// live when strace can trace here; otherwise loads the saved trace in
// traces/cat/ so the same views can still be explored.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'vmtrace'); // the command npm links (the bundled CLI)
const tty = Boolean(process.stdout.isTTY && process.stdin.isTTY);

function vmtrace(args) {
  const r = spawnSync(bin, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

function straceWorks() {
  const r = spawnSync('strace', ['-f', '-o', '/dev/null', '--', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

if (straceWorks()) {
  console.error('vmtrace demo: strace works here; recording `cat /proc/self/maps` live');
  const out = join(root, 'demo.db');
  process.exit(vmtrace(['run', '--force', '--out', out, ...(tty ? [] : ['--no-tui']), '--', 'cat', '/proc/self/maps']));
} else {
  console.error('vmtrace demo: strace cannot trace here; loading the saved trace traces/cat/trace.strace');
  const trace = join(root, 'traces', 'cat', 'trace.strace');
  const status = vmtrace(['load', trace, ...(tty ? [] : ['--no-tui'])]);
  if (status !== 0 || tty) process.exit(status);
  process.exit(vmtrace(['maps', trace, '--at', 'last']));
}
