// Mounts the TUI full screen on the alternate screen; the terminal is restored on quit, crash and signals.
import { render } from 'ink';
import { App } from './App.js';
import { installRowCache } from './ink-row-cache.js';
import { createProfiler } from './profile.js';
import type { RunOptions } from './run.js';
import type { TuiSource } from './source.js';
import { colorEnabled, makeTheme, ThemeContext } from './theme.js';

const ENTER_ALT = '\u001B[?1049h\u001B[H\u001B[2J';
const LEAVE_ALT = '\u001B[?25h\u001B[?1049l';
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

// Opens the TUI over `source` (stdin and stdout checked to be terminals) and resolves when the user quits.
export async function mountTui(source: TuiSource, options: RunOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const env = options.env ?? process.env;
  const theme = makeTheme(colorEnabled(env));
  const profiler = createProfiler(env);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT);
    profiler?.flush();
  };
  const size = (): { width: number; height: number } => ({ width: Math.max(20, stdout.columns ?? 80), height: Math.max(8, (stdout.rows ?? 24) - 1) });
  const tree = (s: { width: number; height: number }) => (
    <ThemeContext.Provider value={theme}>
      <App source={source} width={s.width} height={s.height} onKey={profiler?.noteKey} initial={options.initial} />
    </ThemeContext.Provider>
  );
  await installRowCache();
  stdout.write(ENTER_ALT);
  process.once('exit', restore);
  const instance = render(tree(size()), { stdout, stdin, exitOnCtrlC: true, patchConsole: false, maxFps: 60, onRender: profiler?.onRender });
  const onResize = (): void => {
    stdout.write('\u001B[2J\u001B[H');
    instance.rerender(tree(size()));
  };
  const handlers = Object.entries(SIGNALS).map(([name, no]) => {
    const handler = (): void => {
      instance.unmount();
      restore();
      process.exit(128 + no);
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  stdout.on('resize', onResize);
  try {
    await instance.waitUntilExit();
  } finally {
    stdout.off('resize', onResize);
    for (const [name, handler] of handlers) process.off(name, handler);
    process.off('exit', restore);
    restore();
  }
}
