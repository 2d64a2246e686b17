// Public API of the strace parser (pure: no I/O).
export { TraceParser, type ParserOptions, type ParserCounts } from './parser.js';
export { mergePerPidStreams, type PerPidStream, type MergedLine, type MergedStreams } from './merge.js';
export type { Diagnostic } from './diagnostic.js';
export type { TraceInfo } from './trace-info.js';
export { parseLine, type LineRecord, type LineBody } from './line.js';
export type { Leader, PrefixStyle, TimeStyle } from './leader.js';
