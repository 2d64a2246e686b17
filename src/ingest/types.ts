// Contracts of the import pipeline (parser → enrichment → writer + replay + checkpoints).
import type { ExecLayout, ExecveEvent, VmEvent } from '../model/events.js';
import type { StepEffect } from '../model/types.js';
import type { Capture, ReplayFactory, SourceFile, StoredDiagnostic } from '../store/types.js';

/** A diagnostic as the parser reports it (fields the store keeps). */
export interface ParserDiagnostic {
  readonly line: number;
  readonly source?: number;
  readonly severity?: string;
  readonly reason: string;
  readonly text: string;
}

/** What the ingest needs of src/parse's TraceParser. */
export interface ParserLike {
  push(text: string, lineNo: number, source?: number): readonly VmEvent[];
  end(): readonly VmEvent[];
  /** Grows as lines are pushed; the ingest writes the new tail after each push. */
  readonly diagnostics: readonly ParserDiagnostic[];
  readonly info: unknown;
  readonly counts?: unknown;
}

/** dev:inode of a file on this machine. */
export interface FileIdentity {
  readonly dev: string;
  readonly inode: number;
}

/** What the pipeline reports per applied event (live progress for `run`). */
export interface IngestedEvent {
  readonly event: VmEvent;
  readonly effect: StepEffect;
}

/** Options of `createIngest`. */
export interface IngestOptions {
  readonly parser?: ParserLike;
  readonly replay?: ReplayFactory;
  /** Exec-time layout for a successful execve, given the events that follow it (default: ELF inference). */
  readonly layoutFor?: (execve: ExecveEvent, following: readonly VmEvent[]) => ExecLayout | undefined;
  /** dev:inode for a mapped path (default: stat on this machine). */
  readonly fileInfo?: (path: string) => FileIdentity | undefined;
  /**
   * Ask `fileInfo` again for a path it could not identify (a live recording: the reader thread may identify a deleted
   * file later, from its mapping). Otherwise a miss is final, as a saved trace's paths do not come back.
   */
  readonly fileInfoRetry?: boolean;
  readonly onEvent?: (ingested: IngestedEvent) => void;
  /** Steps between replay checkpoints. */
  readonly checkpointEvery?: number;
  /** Events kept after an execve for layout inference. */
  readonly layoutWindow?: number;
  /** Trace files, for the meta table. */
  readonly sources?: readonly SourceFile[];
  /** The pid of each source file (-ff sets), for the default parser. */
  readonly sourcePids?: readonly (number | undefined)[];
  /** Pid of the tracee for a trace that never prints one (strace without -f on stderr), for the default parser. */
  readonly defaultPid?: number;
  /** Names the source files in errors (index → path). */
  readonly sourceNames?: readonly string[];
  readonly command?: string;
  /** More meta rows (key → text), e.g. how `run` called strace. */
  readonly meta?: Readonly<Record<string, string>>;
  /** Fail at the first diagnostic (ParseError naming file and line). */
  readonly strict?: boolean;
  /** Another connection reads the DB while it is written (`run` + TUI): WAL journal. */
  readonly live?: boolean;
  /** Parse and write on this thread even for a batch import into a file (a small trace: small-trace.ts). */
  readonly inThread?: boolean;
}

/** What `end()` reports. */
export interface IngestSummary {
  readonly steps: number;
  readonly lines: number;
  readonly processes: number;
  readonly diagnostics: number;
  readonly firstDiagnostics: readonly StoredDiagnostic[];
  readonly anomalies: number;
  readonly firstAnomalies: readonly { readonly step: number; readonly message: string }[];
  /** The parser's own tally (event lines, consumed lines, diagnostics…), as it reports it. */
  readonly counts?: unknown;
}

/** A running import. */
export interface Ingest {
  push(text: string, lineNo: number, source?: number): void;
  /**
   * Reads and parses whole files (source i = paths[i]) on the parse worker, as if each line were pushed;
   * false (nothing read) when this import has no worker: the caller pushes the lines itself.
   */
  readFiles(paths: readonly string[]): boolean;
  /** A diagnostic found outside the parser (e.g. while merging -ff files). */
  diagnostic(d: ParserDiagnostic): void;
  /** A live /proc/PID/maps capture (from `run`). */
  capture(capture: Capture): void;
  /** Commits what has been written so far (readers of a live import see it). */
  flush(): void;
  /** Steps applied and written so far. */
  readonly steps: number;
  end(): IngestSummary;
}
