// One line drawn as sibling <Text> runs, printable ASCII apart from everything else. Ink measures every text node
// on every frame with string-width, whose fast path is all-ASCII strings only: a 120-column line holding one `…`
// costs ~300 µs (every character goes through Intl.Segmenter and emoji regexes), the same line as two runs ~5 µs.
import { Box, Text } from 'ink';
import { memo } from 'react';

const NOT_ASCII = /[^\u0020-\u007E]+/g;

// `text` cut into runs that are either all printable ASCII or all not (joined, they give `text` back).
export function splitRuns(text: string): string[] {
  const runs: string[] = [];
  let at = 0;
  for (const m of text.matchAll(NOT_ASCII)) {
    if (m.index > at) runs.push(text.slice(at, m.index));
    runs.push(m[0]);
    at = m.index + m[0].length;
  }
  if (at < text.length || runs.length === 0) runs.push(text.slice(at));
  return runs;
}

/** Props of Runs: the text (already cut to its width) and the styles of every run. */
export interface RunsProps {
  readonly text: string;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly dimColor?: boolean;
  readonly strikethrough?: boolean;
  readonly color?: string;
}

// The line; a single <Text> when it is one run.
export const Runs = memo(function Runs({ text, ...style }: RunsProps) {
  const runs = splitRuns(text);
  if (runs.length === 1) {
    return (
      <Text wrap="truncate" {...style}>
        {text}
      </Text>
    );
  }
  return (
    <Box flexShrink={0}>
      {runs.map((run, i) => (
        <Text key={i} wrap="truncate" {...style}>
          {run}
        </Text>
      ))}
    </Box>
  );
});
