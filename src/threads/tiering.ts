// When V8 optimizes our functions during `vmtrace run`. V8 hands a function to TurboFan once it has run about
// --interrupt-budget bytes of bytecode (67,584 in Node 20's V8); the compiles run on V8's own threads, which
// share the machine's cores with the program being recorded. A recording is mostly waiting: on `node` making
// 1M objects (6,700 trace lines in 3 s) V8's threads spent ~0.45 s of CPU compiling code that then ran a few
// thousand times. With a budget 15 times larger only what really runs hot is compiled: vmtrace's CPU in that
// run 1.57 -> 1.29 s. But on a busy trace (100,000 events) the import then ran unoptimized code for longer:
// +0.4 s on the main thread. So the larger budget lasts until the trace is busy (1 MiB of it, ~12,000 lines),
// then V8's own comes back (docs/recording.md, fourteenth round). The flag is process-wide: it reaches the
// reader, parse and writer threads too, including those started later.
import { setFlagsFromString } from 'node:v8';

const V8_DEFAULT_BUDGET = 67_584;
const RECORDING_BUDGET = 1_000_000;
const BUSY_BYTES = 1 << 20;

// A budget given on node's own command line is the user's choice: left alone.
const userChosen = (): boolean => process.execArgv.some((a) => a.startsWith('--interrupt-budget'));

/** From now on, functions must run ~15 times longer before V8 optimizes them. */
export function optimizeLater(): void {
  if (!userChosen()) setFlagsFromString(`--interrupt-budget=${RECORDING_BUDGET}`);
}

/** Back to V8's own budget. */
export function optimizeAsUsual(): void {
  if (!userChosen()) setFlagsFromString(`--interrupt-budget=${V8_DEFAULT_BUDGET}`);
}

/** One recording's tiering: optimize later until `busyBytes` of trace have been seen or end() is called. */
export interface RecordingTiering {
  /** `bytes` more of the trace arrived. */
  seen(bytes: number): void;
  /** The recording is over (idempotent). */
  end(): void;
  /** Whether the larger budget is still in force. */
  readonly deferring: boolean;
}

export function deferOptimization(busyBytes = BUSY_BYTES): RecordingTiering {
  optimizeLater();
  let left = busyBytes;
  let deferring = true;
  const end = (): void => {
    if (!deferring) return;
    deferring = false;
    optimizeAsUsual();
  };
  return {
    seen(bytes) {
      left -= bytes;
      if (left <= 0) end();
    },
    end,
    get deferring() {
      return deferring;
    },
  };
}
