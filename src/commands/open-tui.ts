// Opens the TUI on a DB after `load` or `run` (when stdout is a terminal and --no-tui is not given).
import { openTuiOn } from './tui.js';

// The full-screen view of the event log at dbPath.
export async function openTui(dbPath: string): Promise<void> {
  await openTuiOn(dbPath);
}
