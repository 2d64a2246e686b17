// `VMTRACE_PROFILE=1`: where a recording's wall time goes. Each mark is read from
// performance.now(), i.e. milliseconds since this process started (module loading included).

/** Named instants of one recording; a no-op unless profiling is on. */
export interface PhaseClock {
  mark(phase: string): void;
  /** One line per phase on stderr: time since start and since the previous mark. */
  report(): void;
}

// A clock that records when `env.VMTRACE_PROFILE` is `1`, else does nothing.
export function createPhaseClock(env: NodeJS.ProcessEnv = process.env, write: (text: string) => void = (t) => void process.stderr.write(t)): PhaseClock {
  if (env.VMTRACE_PROFILE !== '1') return { mark: () => undefined, report: () => undefined };
  const marks: { readonly phase: string; readonly at: number }[] = [];
  return {
    mark(phase) {
      marks.push({ phase, at: performance.now() });
    },
    report() {
      let previous = 0;
      const rows = marks.map(({ phase, at }) => {
        const row = `vmtrace profile: ${phase.padEnd(22)} ${at.toFixed(1).padStart(8)} ms  (+${(at - previous).toFixed(1)})`;
        previous = at;
        return row;
      });
      write(`${rows.join('\n')}\n`);
    },
  };
}
