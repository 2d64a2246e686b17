// Errors as data: one base class with an exit code; cli.ts catches once.

/** Base for every error vmtrace reports as a message (no stack). */
export class VmtraceError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad command line: exit 2. */
export class UsageError extends VmtraceError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}

/** A trace line that could not be understood (only fatal under --strict). */
export class ParseError extends VmtraceError {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  constructor(file: string, line: number, reason: string, text: string) {
    super(`${file}:${line}: ${reason}: ${JSON.stringify(text.slice(0, 200))}`);
    this.file = file;
    this.line = line;
    this.text = text;
  }
}

/** Running the target under strace failed (wraps the execa error as cause). */
export class RecordError extends VmtraceError {}

/** The event-log database could not be opened, read or written. */
export class StoreError extends VmtraceError {}
