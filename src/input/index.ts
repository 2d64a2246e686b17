// Reading traces from disk.
export { eachLineSync, readLines, MAX_LINE_BYTES, type AsciiSink, type LineSink, type TraceLine } from './read-lines.js';
export { parseMapsLine, parseMapsText, capturedLayout } from './parse-maps.js';
export { resolveTrace, type ResolvedTrace, type TraceFile } from './resolve.js';
