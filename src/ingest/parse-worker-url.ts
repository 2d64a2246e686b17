// Where the parse worker's code is, and how it is started: apart from parse-pool.ts so that the CLI's entry can start
// the worker early (threads/warm.ts) without loading the pool's own code.
import { builtThreadUrl, warmThread } from '../threads/warm.js';

/**
 * A bounded young generation: V8's default for a second isolate once pushed a 1M-event import past 300 MiB peak
 * RSS. 16 MiB: with small batches, a small raw-line ring and flat JSON texts the worker's garbage is short-lived,
 * and fewer scavenges than with 8 MiB cost it less GC time (200k load: 0.8-1.0 → 0.7-0.8 s). 32 MiB cut that
 * further on 200k but not the 1M import's CPU (20.8 s either way, alternated), for 248-260 instead of 234-243 MiB
 * peak RSS.
 */
export const PARSE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

/** The compiled worker (dist/), or undefined from sources. */
export const parseWorkerUrl = (): URL | undefined => builtThreadUrl('parse-worker.js', import.meta.url);

/** Starts the parse worker now, for the next parse pool. */
export const warmParseWorker = (): void => warmThread(parseWorkerUrl(), PARSE_WORKER_LIMITS);
