// The streaming import pipeline.
export { createIngest, CHECKPOINT_EVERY, LAYOUT_WINDOW } from './ingest.js';
export type { Ingest, IngestOptions, IngestSummary, ParserLike, ParserDiagnostic, FileIdentity, IngestedEvent } from './types.js';
