// /proc/PID/maps text (a live capture or a saved file) → layout regions.
import { VmtraceError } from '../errors.js';
import type { ExecLayout, LayoutRegion } from '../model/events.js';

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) (\d+) ?(.*)$/;

// One maps line; the name is what follows the padding (`\012` turned back into `\n`).
export function parseMapsLine(line: string, where = 'maps'): LayoutRegion {
  const m = LINE.exec(line);
  if (m === null) throw new VmtraceError(`${where}: not a /proc/PID/maps line: ${JSON.stringify(line.slice(0, 200))}`);
  const [, start, end, perms, offset, dev, inode, rest] = m as unknown as [string, string, string, string, string, string, string, string];
  const values = [start, end, offset].map((h) => parseInt(h, 16));
  // Above 2^53 only exactly representable values pass (page-aligned ones like [vsyscall]'s are).
  const exact = [start, end, offset].every((h, i) => BigInt(values[i] as number) === BigInt(`0x${h}`));
  if (!exact) throw new VmtraceError(`${where}: address out of range: ${JSON.stringify(line.slice(0, 200))}`);
  const [s, e, o] = values as [number, number, number];
  return { start: s, end: e, perms, offset: o, dev, inode: Number(inode), name: rest.replace(/^ +/, '').replace(/\\012/g, '\n') };
}

// Every line of a maps text (`where` names the file in errors, with the line number).
export function parseMapsText(text: string, where = 'maps'): LayoutRegion[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => parseMapsLine(line, `${where}:${i + 1}`));
}

// A captured exec-time layout from maps text.
export function capturedLayout(text: string, where = 'maps'): ExecLayout {
  return { source: 'captured', regions: parseMapsText(text, where) };
}
