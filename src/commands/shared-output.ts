// Writing command output: bytes unchanged into pipes and files, control characters escaped on a terminal.
import { forOutput } from '../render/terminal.js';

/** Where a command writes. */
export interface Output {
  write(text: string): void;
  readonly isTty: boolean;
}

// Standard output, escaped when it is a terminal.
export function stdoutOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  const isTty = stream.isTTY === true;
  return { isTty, write: (text) => void stream.write(forOutput(text, isTty)) };
}
