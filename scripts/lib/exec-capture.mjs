#!/usr/bin/env node
// Follows a growing strace output (one file, or every PREFIX.<pid> file of an
// -ff run) and, on each `execve(…) = 0 … (DELAYED)` line, copies
// /proc/PID/maps at once into OUTDIR/<pid>-<n>.maps (n = 1, 2, … per pid).
// The tracee sits in strace's delay_exit for 200 ms: the new image is mapped
// and ld.so has not run (strace-output.md §12). Appends
// "<pid>\t<n>\t<trace file>\t<line>\t<execve path>" to OUTDIR/index.tsv.
// Stops after the file DONE appears (and one last drain).
// Usage: exec-capture.mjs single|ff TRACE_PATH STRACE_PID_FILE OUTDIR DONE
import { appendFileSync, existsSync, openSync, readFileSync, readSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const [mode, tracePath, pidFile, outDir, doneFile] = process.argv.slice(2);
const state = new Map(); // file → { fd, offset, partial, line }
const execCount = new Map(); // pid → n
const entryPath = new Map(); // file → path of the last execve entry seen (split lines)

function files() {
  if (mode === 'single') return existsSync(tracePath) ? [tracePath] : [];
  const dir = dirname(tracePath);
  const prefix = `${basename(tracePath)}.`;
  return readdirSync(dir).filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length))).map((f) => join(dir, f));
}

// With output on stderr and one tracee alive, lines carry no pid: it is the
// only task that strace traces and that sits in a tracing stop.
function onlyStoppedTracee() {
  if (!existsSync(pidFile)) return undefined;
  const tracer = readFileSync(pidFile, 'utf8').trim();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^TracerPid:\\s+${tracer}$`, 'm').test(status) && /^State:\s+t/m.test(status)) return Number(entry);
    } catch (err) {
      if (err.code !== 'ENOENT' && err.code !== 'ESRCH') throw err;
    }
  }
  return undefined;
}

function pidOf(file, line) {
  if (mode === 'ff') return Number(file.slice(file.lastIndexOf('.') + 1));
  const m = /^(?:\[pid\s+(\d+)\]|(\d+))\s/.exec(line);
  if (m) return Number(m[1] ?? m[2]);
  return onlyStoppedTracee();
}

function onLine(file, line, lineNo) {
  if (!/\bexecve(?:at)?\(|<\.\.\. execve(?:at)? resumed>/.test(line)) return;
  const entry = /execve(?:at)?\((?:[^,"]*, )?"((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  if (entry !== undefined) entryPath.set(`${file}:${/^\S+/.exec(line)?.[0]}`, entry);
  if (!/\)\s+= 0\b.*\(DELAYED\)/.test(line)) return;
  const pid = pidOf(file, line);
  if (pid === undefined) {
    process.stderr.write(`exec-capture: no pid for ${file}:${lineNo}\n`);
    return;
  }
  let maps;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch (err) {
    process.stderr.write(`exec-capture: ${pid}: ${err.message}\n`);
    return;
  }
  const n = (execCount.get(pid) ?? 0) + 1;
  execCount.set(pid, n);
  writeFileSync(join(outDir, `${pid}-${n}.maps`), maps);
  const path = entry ?? entryPath.get(`${file}:${/^\S+/.exec(line)?.[0]}`) ?? '';
  appendFileSync(join(outDir, 'index.tsv'), `${pid}\t${n}\t${basename(file)}\t${lineNo}\t${path}\n`);
}

function drain() {
  const buf = Buffer.alloc(1 << 16);
  for (const file of files()) {
    let s = state.get(file);
    if (s === undefined) {
      s = { fd: openSync(file, 'r'), offset: 0, partial: '', line: 0 };
      state.set(file, s);
    }
    for (;;) {
      const n = readSync(s.fd, buf, 0, buf.length, s.offset);
      if (n === 0) break;
      s.offset += n;
      const parts = (s.partial + buf.subarray(0, n).toString('latin1')).split('\n');
      s.partial = parts.pop() ?? '';
      for (const line of parts) onLine(file, line, ++s.line);
    }
  }
}

function tick() {
  const done = existsSync(doneFile);
  drain();
  if (done) return;
  setTimeout(tick, 2);
}
tick();
