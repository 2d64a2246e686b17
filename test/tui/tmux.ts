// A tmux session as a real terminal for TUI tests (send-keys, capture-pane, alternate-screen flag).
import { execFileSync } from 'node:child_process';

// True when tmux can be run here.
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not installed
  }
}

/** One detached tmux session running a plain shell. */
export class TmuxSession {
  static readonly PROMPT = 'SHELL-READY$ ';

  private constructor(readonly name: string) {}

  // Starts `bash --norc` in a detached session of width × height, in `cwd`.
  static start(name: string, width: number, height: number, cwd: string): TmuxSession {
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), '-c', cwd, 'env', `PS1=${TmuxSession.PROMPT}`, 'bash', '--norc', '--noprofile']);
    return new TmuxSession(name);
  }

  // Types keys (tmux key names such as Right, Enter, Escape, or literal text with `literal`).
  send(keys: readonly string[], literal = false): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), ...keys]);
  }

  capture(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  // True while the program in the pane is on the alternate screen.
  alternateOn(): boolean {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{alternate_on}'], { encoding: 'utf8' }).trim() === '1';
  }

  // Polls the screen until `test` passes (returns that screen) or throws with the last screen.
  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < until) {
      screen = this.capture();
      if (test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; screen was:\n${screen}`);
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      return; // the session already ended
    }
  }
}
