// The main thread reads strace's FIFO itself while the reader thread boots (30–100 ms, the first
// exec capture cannot wait that long and strace cannot start the target before the FIFO has a
// reader), then hands the stream over: it stops reading, gives its position to the worker, and
// closes its end once the worker has the FIFO open. The main thread does nothing else meanwhile
// (the parser and SQLite load only after the hand-over), so its reads are as prompt as the worker's.
import { closeSync, constants, openSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
import { createChunkReader, type ChunkReaderState } from './chunk-reader.js';
import type { WorkerMessage } from './capture-worker.js';
import { createLineWatch } from './line-watch.js';
import { captureProcMaps } from './proc-capture.js';

/** The main thread's reader. */
export interface EarlyReader {
  /** Stops reading; the state to go on from, or undefined when the stream had already ended here. */
  stop(): ChunkReaderState | undefined;
  /** Closes the main thread's end of the FIFO (after the worker has opened its own). */
  close(): void;
}

// Opens `fifo` for reading (without waiting for strace) and reads it on the event loop.
export function startEarlyReader(fifo: string, rawPath: string, onMessage: (m: WorkerMessage) => void, onError: (error: Error) => void): EarlyReader {
  // O_NONBLOCK: the open does not wait for a writer, and until strace has opened the FIFO Linux
  // reports no hang-up on it, so the socket simply waits for data.
  const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const raw = openSync(rawPath, 'a');
  const reader = createChunkReader({ createLineWatch, captureProcMaps }, onMessage, raw);
  let ended = false;
  let stopped = false;
  const closeRaw = (): void => closeSync(raw);
  // `onread`: data goes straight to the callback, and pause() stops the reads at once (no buffering
  // in the stream), so no byte is read here after the hand-over.
  // (`onread` is a constructor option since Node 12; @types/node 20 lists it only for connect().)
  const options: SocketConstructorOpts & { onread: { buffer: Uint8Array; callback: (n: number, buf: Uint8Array) => boolean } } = {
    fd,
    readable: true,
    writable: false,
    onread: {
      buffer: Buffer.alloc(1 << 16),
      callback: (n: number, buf: Uint8Array): boolean => {
        if (!stopped) reader.feed(Uint8Array.from(buf.subarray(0, n)));
        return !stopped;
      },
    },
  };
  const socket = new Socket(options);
  socket.on('end', () => {
    if (stopped) return;
    ended = true;
    closeRaw();
    onMessage(reader.done());
  });
  socket.on('error', (error) => {
    if (!stopped) onError(error);
  });
  return {
    stop() {
      if (stopped) return undefined;
      stopped = true;
      socket.pause();
      if (ended) return undefined;
      closeRaw();
      return reader.state();
    },
    close() {
      socket.destroy();
    },
  };
}
