// Opens the TUI on a DB after `load` or `run` (when stdout is a terminal and --no-tui is not given).
// The full-screen view of the event log at dbPath (loaded on demand: Ink is slow to import).
export async function openTui(dbPath: string): Promise<void> {
  const { openTuiOn } = await import('./tui.js');
  await openTuiOn(dbPath);
}
