// Where the writer thread's code is, and how it is started: apart from thread-writer.ts (which loads better-sqlite3)
// so that the CLI's entry can start the thread early (threads/warm.ts) without loading SQLite first.
import { builtThreadUrl, warmThread } from '../threads/warm.js';

/** A small young generation, as the parse worker's: the thread's garbage is short-lived (the log's Range objects). */
export const WRITER_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

/** The compiled thread (dist/), or undefined from sources. */
export const writerThreadUrl = (): URL | undefined => builtThreadUrl('writer-thread.js', import.meta.url);

/** Starts the writer thread now, for the next thread writer. */
export const warmWriterThread = (): void => warmThread(writerThreadUrl(), WRITER_THREAD_LIMITS);
