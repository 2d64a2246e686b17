// Reading traces from disk.
export { readLines, readLinesSync, MAX_LINE_BYTES, type TraceLine } from './read-lines.js';
export { parseMapsLine, parseMapsText, capturedLayout } from './parse-maps.js';
export { resolveTrace, type ResolvedTrace, type TraceFile } from './resolve.js';
