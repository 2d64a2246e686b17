// Hook for opening the TUI on a DB after `load` (wired to src/tui by the lead).

// For now: says where the DB is.
export async function openTui(dbPath: string): Promise<void> {
  process.stderr.write(`vmtrace: TUI not wired yet; the event log is ${dbPath}\n`);
}
