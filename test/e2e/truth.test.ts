// Ground truth: for every trace in traces/ with truth/*.maps, the replay reproduces the
// maps the kernel printed, at the marker step (snap.h) or at some step of that process.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrace } from '../../src/commands/shared-load.js';
import { capturedLayout, parseMapsText } from '../../src/input/parse-maps.js';
import { resolveTrace } from '../../src/input/resolve.js';
import type { ExecLayout, ExecveEvent, LayoutRegion } from '../../src/model/events.js';
import type { RegionView } from '../../src/model/types.js';
import { formatMaps } from '../../src/render/maps.js';
import { TraceDb } from '../../src/store/trace-db.js';
import { programsDir, programsLayoutFor, usesPrograms } from '../helpers/programs.js';

const TRACES = join(import.meta.dirname, '..', '..', 'traces');
const tmp = mkdtempSync(join(tmpdir(), 'vmtrace-truth-'));

interface At {
  readonly file: string;
  readonly line: number;
}
interface Meta {
  readonly date?: string;
  readonly command: readonly string[];
  readonly traceFiles: readonly string[];
  readonly strace: { readonly output: string };
  readonly truth?: readonly { readonly file: string; readonly pid: number; readonly at?: At }[];
  readonly exec?: readonly { readonly file: string; readonly at: At }[];
}

const traces = existsSync(TRACES)
  ? readdirSync(TRACES)
      .filter((n) => existsSync(join(TRACES, n, 'meta.json')))
      .map((name) => ({ name, meta: JSON.parse(readFileSync(join(TRACES, name, 'meta.json'), 'utf8')) as Meta }))
      .filter((t) => (t.meta.truth ?? []).length > 0)
  : [];

// Regions a saved trace cannot show (exec-time kernel mappings).
const UNKNOWABLE = /^\[(stack|vdso|vvar|vvar_vclock|vsyscall)\]$/;

// dev:inode are only comparable where the traced file is still on this machine: it exists and has not been
// replaced since the recording (a rebuilt scripts/programs/bin/splits has a new inode; its ctime says so).
function sameFileAsRecorded(path: string, recordedAt: number): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !(st.ctimeMs > recordedAt);
}

function normalise(regions: readonly (RegionView | LayoutRegion)[], dropUnknowable: boolean, recordedAt: number): string {
  return formatMaps(
    regions
      .filter((r) => !(dropUnknowable && UNKNOWABLE.test(r.name)))
      .map((r) => {
        const path = r.name.replace(/ \(deleted\)$/, '');
        const gone = path.startsWith('/') && (r.name.endsWith(' (deleted)') || !sameFileAsRecorded(path, recordedAt));
        return { start: r.start, end: r.end, perms: r.perms, offset: r.offset, dev: gone ? '00:00' : r.dev, inode: gone ? 0 : r.inode, name: r.name };
      }),
  );
}

// The trace argument: the file, or the -ff prefix.
function traceArg(name: string, meta: Meta): string {
  const first = meta.traceFiles[0] ?? 'trace.strace';
  return join(TRACES, name, meta.strace.output === 'ff' ? first.replace(/\.\d+$/, '') : first);
}

async function load(name: string, meta: Meta, withCaptures: boolean): Promise<TraceDb> {
  const layouts = new Map<string, ExecLayout>();
  for (const e of meta.exec ?? []) {
    const file = join(TRACES, name, e.file);
    layouts.set(`${e.at.file}:${e.at.line}`, capturedLayout(readFileSync(file, 'utf8'), file));
  }
  const out = join(tmp, `${name}-${withCaptures ? 'captured' : 'inferred'}.db`);
  const sources = resolveTrace(traceArg(name, meta)).files.map((f) => f.path);
  const layoutFor = (ev: ExecveEvent): ExecLayout | undefined => {
    const file = basename(sources[ev.source ?? 0] ?? '');
    return layouts.get(`${file}:${ev.line}`) ?? (ev.entryLine === undefined ? undefined : layouts.get(`${file}:${ev.entryLine}`));
  };
  // A stderr trace of one tracee never prints its pid: that is outside knowledge, from meta.json.
  const defaultPid = meta.strace.output === 'stderr' ? meta.truth?.[0]?.pid : undefined;
  await loadTrace(traceArg(name, meta), { out, force: true, ingest: { defaultPid, layoutFor: withCaptures ? layoutFor : programsLayoutFor() } });
  return TraceDb.open(out);
}

// Steps to try for one truth: the marker step, or every step while the pid is alive.
function candidateSteps(db: TraceDb, pid: number, at: At | undefined): number[] {
  const info = db.info();
  const events = db.events(1, info.stepCount);
  if (at !== undefined) {
    const hit = events.find((e) => e.line === at.line && basename(info.sources[e.source]?.path ?? '') === at.file);
    return hit === undefined ? [] : [hit.step];
  }
  return events.filter((e) => e.pid === pid).map((e) => e.step);
}

// The maps of `pid` after `step`, from the task's space at that step.
function mapsAt(db: TraceDb, pid: number, step: number): readonly RegionView[] {
  const procs = db.processes().filter((p) => p.pid === pid && p.firstStep <= step);
  const proc = procs.find((p) => p.endStep === undefined || step < p.endStep) ?? procs[procs.length - 1];
  const space = proc === undefined ? undefined : db.spaceOfProcAt(proc.procId, step);
  return space === undefined ? [] : db.regionsAt(step, space);
}


describe.each(traces)('truth of traces/$name', ({ name, meta }) => {
  for (const withCaptures of [true, false]) {
    // ELF inference reads the traced program's binary: scripts/programs ones are built when gcc is here.
    const noBinary = !withCaptures && usesPrograms(meta.command) && programsDir() === undefined;
    const title = `reproduces every truth file ${withCaptures ? 'exactly, with exec captures' : 'except exec-time kernel regions, with ELF inference'}`;
    it.skipIf(noBinary)(`${title}${noBinary ? ' (skipped: the traced program is not built here and gcc is missing)' : ''}`, async () => {
      const db = await load(name, meta, withCaptures);
      const recordedAt = meta.date === undefined ? 0 : Date.parse(meta.date);
      try {
        for (const t of meta.truth ?? []) {
          const truth = normalise(parseMapsText(readFileSync(join(TRACES, name, t.file), 'utf8'), t.file), !withCaptures, recordedAt);
          const steps = candidateSteps(db, t.pid, t.at);
          expect(steps.length, `${t.file}: no step found`).toBeGreaterThan(0);
          let best = '';
          let found = false;
          for (const step of steps) {
            const ours = normalise(mapsAt(db, t.pid, step), !withCaptures, recordedAt);
            if (ours === truth) {
              found = true;
              break;
            }
            if (best === '' || t.at !== undefined) best = `# step ${step}\n${ours}`;
          }
          if (!found) expect(best, `${name}/${t.file} not reproduced`).toBe(`# step ${steps[0]}\n${truth}`);
        }
      } finally {
        db.close();
      }
    });
  }
});

describe('traces with ground truth', () => {
  it('are all found (a missing traces/ folder must not pass silently)', () => {
    expect(traces.map((t) => t.name)).toEqual(expect.arrayContaining(['cat', 'sh-pipeline', 'splits', 'threads', 'forks', 'flags-o', 'flags-ff', 'flags-X-raw']));
  });
});
