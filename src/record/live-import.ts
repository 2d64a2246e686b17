// The main-thread half of a recording: worker messages → line splitter → ingest, with the
// live captures turned into exec layouts (source 'captured') and rows of the captures table.
import type Database from 'better-sqlite3';
import { defaultLayoutFor, defaultParser } from '../ingest/defaults.js';
import { createIngest } from '../ingest/ingest.js';
import type { FileIdentity, IngestOptions, IngestSummary, ParserLike } from '../ingest/types.js';
import { capturedLayout, parseMapsText } from '../input/parse-maps.js';
import { withLateCapture } from '../infer/late-capture.js';
import { statFile } from '../infer/stat-file.js';
import { assertUnreachable, type ExecLayout, type ExecveEvent, type VmEvent } from '../model/events.js';
import type { MapsRegion } from './chunk-reader.js';
import type { ProcCapture } from './proc-capture.js';
import type { WorkerMessage } from './capture-worker.js';
import { createLayoutGate } from './layout-gate.js';
import { withSeenRegion } from './seen-region.js';
import { LineSplitter } from './line-splitter.js';

/** Tally of the live captures. */
export interface CaptureStats {
  exec: number;
  exit: number;
  /** Read after the tracee had already moved on (delay too short): not used as read (a whole exit read is used). */
  late: number;
  /** Late exec captures shown to be of the same image: their [stack], [vdso] and the like were used (late-capture.ts). */
  lateUsed: number;
  /** The task was gone, or maps unreadable. */
  failed: number;
  maxLatencyUs: number;
}

/** A running live import. */
export interface LiveImport {
  handle(message: WorkerMessage): void;
  readonly stats: CaptureStats;
  readonly rootEnd: { readonly pid: number; readonly status?: number; readonly signal?: string } | undefined;
  end(): IngestSummary;
}

/** How far (trace lines) an execve without a capture may hold the import back: half the ingest's ring of raw lines (ingest/raw-lines.ts). */
const LAYOUT_WAIT_LINES = 2048;

// An exit read that came after strace let the exit_group go on is still the final map when it is whole: the exiting
// thread ran no more code, and a read is cut short only by the teardown, which ends it early (each read(2) of maps
// takes at most a page of lines, and one after the teardown began returns nothing). Whole: it reaches [vsyscall],
// the last line of every x86-64 map. Other threads still running is the same as while held (verify, held steps).
const wholeExitRead = (c: ProcCapture): boolean => c.kind === 'exit' && /\[vsyscall\]\n?$/.test(c.text);
const usable = (c: ProcCapture): boolean => c.error === undefined && c.text !== '' && (c.held !== false || wholeExitRead(c));

// Starts the import of a live recording into a fresh DB.
export function createLiveImport(db: Database.Database, options: IngestOptions = {}): LiveImport {
  const byLine = new Map<number, ProcCapture>();
  const files = new Map<string, FileIdentity>();
  const stats: CaptureStats = { exec: 0, exit: 0, late: 0, lateUsed: 0, failed: 0, maxLatencyUs: 0 };
  let rootEnd: LiveImport['rootEnd'];
  const fromFiles = options.layoutFor ?? defaultLayoutFor();
  const captured = (ev: ExecveEvent): ExecLayout | undefined => {
    const c = byLine.get(ev.line);
    return c !== undefined && c.kind === 'exec' && usable(c) ? capturedLayout(c.text, `capture of pid ${c.pid}`) : undefined;
  };
  // Inferred from the ELF files; with what execve made itself from a late capture of the same image, if any.
  const salvaged = new Set<number>();
  const inferred = (ev: ExecveEvent, following: readonly VmEvent[]): ExecLayout | undefined => {
    const layout = fromFiles(ev, following);
    const c = byLine.get(ev.line);
    if (layout === undefined || c === undefined || c.kind !== 'exec' || c.held !== false || c.error !== undefined || c.text === '') return layout;
    let late: ExecLayout | undefined;
    try {
      late = withLateCapture(layout, parseMapsText(c.text, `capture of pid ${c.pid}`), c.latencyUs / 1000);
    } catch {
      return layout; // not maps text: nothing taken from it
    }
    if (late === undefined) return layout;
    if (!salvaged.has(c.line)) stats.lateUsed++;
    salvaged.add(c.line);
    return late;
  };
  const layoutFor = (ev: ExecveEvent, following: readonly VmEvent[]): ExecLayout | undefined => captured(ev) ?? inferred(ev, following);
  // Layouts attached as soon as they are known, so the import keeps up with the target (layout-gate.ts).
  const gate = createLayoutGate({ captured, inferred }, LAYOUT_WAIT_LINES);
  const parser = options.parser ?? defaultParser();
  // Mappings as /proc showed them right after their call (deleted files, shmem, SysV), by the call's trace line.
  const regionByLine = new Map<number, MapsRegion>();
  const withMapped = (e: VmEvent): VmEvent => {
    const region = regionByLine.get(e.line);
    if (region === undefined) return e;
    regionByLine.delete(e.line);
    return withSeenRegion(e, region);
  };
  let lastLine = 0;
  const liveParser: ParserLike = {
    push: (text, lineNo, source) => {
      const events = parser.push(text, (lastLine = lineNo), source);
      return gate.push(regionByLine.size === 0 ? events : events.map(withMapped), lineNo);
    },
    end: () => [...gate.push(parser.end(), lastLine), ...gate.end()],
    get diagnostics() {
      return parser.diagnostics;
    },
    get info() {
      return parser.info;
    },
    get counts() {
      return parser.counts;
    },
  };
  const onEvent = (ev: VmEvent): void => {
    const c = byLine.get(ev.kind === 'exit' ? (ev.entryLine ?? ev.line) : ev.line);
    if (c === undefined || !usable(c)) return;
    const wanted = (ev.kind === 'execve' && c.kind === 'exec') || (ev.kind === 'exit' && ev.group && c.kind === 'exit');
    if (!wanted) return;
    byLine.delete(c.line);
    ingest.capture({ pid: c.pid, step: ev.step, kind: c.kind, text: c.text });
  };
  const ingest = createIngest(db, {
    ...options,
    parser: liveParser,
    layoutFor,
    fileInfo: options.fileInfo ?? ((path) => files.get(path) ?? statFile(path)),
    fileInfoRetry: true,
    onEvent: (e) => {
      onEvent(e.event);
      options.onEvent?.(e);
    },
  });
  const lines = new LineSplitter((text, lineNo) => ingest.push(text, lineNo, 0));
  return {
    handle(m) {
      switch (m.type) {
        case 'data':
          lines.push(m.chunk);
          return;
        case 'capture': {
          const c = m.capture;
          stats[c.kind]++;
          stats.maxLatencyUs = Math.max(stats.maxLatencyUs, c.latencyUs);
          if (c.error !== undefined) stats.failed++;
          else if (c.held === false && !wholeExitRead(c)) stats.late++;
          byLine.set(c.line, c);
          return;
        }
        case 'file':
          if (!files.has(m.path)) files.set(m.path, { dev: m.dev, inode: m.inode });
          return;
        case 'region':
          regionByLine.set(m.line, m.region);
          return;
        case 'root-end':
          rootEnd = { pid: m.pid, status: m.status, signal: m.signal };
          return;
        case 'done':
          return;
        default:
          return assertUnreachable(m);
      }
    },
    get stats() {
      return stats;
    },
    get rootEnd() {
      return rootEnd;
    },
    end() {
      lines.end();
      return ingest.end();
    },
  };
}
