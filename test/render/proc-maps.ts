// Test-local parser of real /proc/PID/maps text into RegionView (independent of src/).
import type { RegionView } from '../../src/model/types.js';

// Parses one kernel maps line; the name is whatever follows column 73 (or nothing).
export function parseProcMapsLine(line: string): RegionView {
  const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) (\d+) ?/.exec(line);
  if (m === null) throw new Error(`not a maps line: ${line}`);
  const [, start, end, perms, offset, dev, inode] = m as unknown as [string, string, string, string, string, string, string];
  const rest = line.slice(m[0].length);
  return {
    start: parseInt(start, 16),
    end: parseInt(end, 16),
    perms,
    offset: parseInt(offset, 16),
    dev,
    inode: Number(inode),
    name: rest.trimStart().replace(/\\012/g, '\n'),
  };
}

// Every line of a maps file.
export function parseProcMaps(text: string): RegionView[] {
  return text.split('\n').filter((l) => l !== '').map(parseProcMapsLine);
}
