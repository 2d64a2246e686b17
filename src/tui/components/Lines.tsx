// Lines of styled spans drawn with as few ink nodes as possible. Ink lays out, measures (string-width) and squashes
// every text node on every frame, whatever React re-rendered: ~80 nodes per 120×40 frame, and string-width walks
// every non-ASCII character through Intl.Segmenter and emoji regexes (the timeline's 120 shade characters alone).
// Consecutive lines made only of printable ASCII and the narrow symbols the panels draw (`·`, `│`, `░`…) become one
// <Transform> node: its text is a placeholder of the right width and height (ASCII, so measured on string-width's
// fast path; always the same few strings, so ink's measure cache stays small), and its transform hands ink each
// line already styled exactly as <Text> would style it (the same chalk calls in the same order). Any other line
// (wide or unknown characters, too long, an empty line) is drawn as before, by <Runs>, so ink measures it itself.
import chalk from 'chalk';
import { Box, Text, Transform } from 'ink';
import { Fragment, isValidElement, memo, type ReactElement, type ReactNode } from 'react';
import { NARROW } from '../ink-row-cache.js';
import { Runs, type RunsProps } from './Runs.js';

/** The styles of a run of text (those of <Text> the panels use). */
export type SpanStyle = Omit<RunsProps, 'text'>;

/** A run of text under one style. */
export interface Span extends SpanStyle {
  readonly text: string;
  /** Left to ink as one <Text wrap="truncate"> rather than <Runs> (a one-span line that always was). */
  readonly whole?: boolean;
}

/** One screen line: its spans, left to right. */
export type Line = readonly Span[];

const SIMPLE = new RegExp(`^[\\u0020-\\u007E${NARROW}]*$`);

// `text` styled as ink's <Text> styles it (Text.js: dim, colour, bold, strikethrough, inverse, in that order).
export function paint(text: string, s: SpanStyle): string {
  let out = text;
  if (s.dimColor === true) out = chalk.dim(out);
  if (s.color !== undefined && s.color !== '') out = chalk[s.color as 'cyan'](out);
  if (s.bold === true) out = chalk.bold(out);
  if (s.strikethrough === true) out = chalk.strikethrough(out);
  if (s.inverse === true) out = chalk.inverse(out);
  return out;
}

// Columns of `line` when every character is one column wide (then it is its length), else undefined.
function simpleWidth(line: Line): number | undefined {
  let width = 0;
  for (const s of line) {
    if (!SIMPLE.test(s.text) || (s.color !== undefined && s.color !== '' && !(s.color in chalk))) return undefined;
    width += s.text.length;
  }
  return width;
}

// One line the old way: one <Runs>, or a row of them (ink measures these itself).
function legacyLine(line: Line, key: number): ReactNode {
  if (line.length === 1) {
    const { text, whole, ...style } = line[0] as Span;
    return whole === true ? (
      <Text key={key} wrap="truncate" {...style}>
        {text}
      </Text>
    ) : (
      <Runs key={key} text={text} {...style} />
    );
  }
  return (
    <Box key={key}>
      {line.map(({ text, whole: _, ...style }, i) => (
        <Runs key={i} text={text} {...style} />
      ))}
    </Box>
  );
}

/** Props of Lines. */
export interface LinesProps {
  /** Lines, or elements drawn as they are (each must be one line tall). */
  readonly lines: readonly (Line | ReactElement)[];
  /** Columns available: a longer line is left to ink. */
  readonly width: number;
  /** Rows available: with more lines than this, every line is left to ink (as many nodes as before, shrunk as before). */
  readonly height: number;
}

// The lines, top to bottom, in a column (the caller's <Box flexDirection="column">).
export const Lines = memo(function Lines({ lines, width, height }: LinesProps) {
  const out: ReactNode[] = [];
  let block: { start: number; styled: string[]; plain: string[]; widest: number } | undefined;
  const flush = (): void => {
    if (block === undefined) return;
    const { styled, plain, widest } = block;
    const transform = (_: string, index: number): string => styled[index] ?? '';
    out.push(
      <Transform key={block.start} transform={transform} accessibilityLabel={plain.join('\n')}>
        {placeholder(widest, styled.length)}
      </Transform>,
    );
    block = undefined;
  };
  const fits = lines.length <= height;
  lines.forEach((line, i) => {
    if (isValidElement(line)) {
      flush();
      out.push(<Fragment key={i}>{line}</Fragment>);
      return;
    }
    const w = fits ? simpleWidth(line) : undefined;
    if (w === undefined || w === 0 || w > width) {
      flush();
      out.push(legacyLine(line, i));
      return;
    }
    block ??= { start: i, styled: [], plain: [], widest: 0 };
    block.styled.push(line.map((s) => paint(s.text, s)).join(''));
    block.plain.push(line.map((s) => s.text).join(''));
    block.widest = Math.max(block.widest, w);
  });
  flush();
  return <>{out}</>;
}, sameLines);

// A block's text as ink measures it: `width` columns wide, `height` lines (the transform supplies the real ones).
function placeholder(width: number, height: number): string {
  return `${'x'.repeat(width)}${'\n'.repeat(height - 1)}`;
}

const STYLE_KEYS = ['bold', 'inverse', 'dimColor', 'strikethrough', 'color', 'whole'] as const;

// Props equal by value (panels build new line arrays on every render).
function sameLines(a: LinesProps, b: LinesProps): boolean {
  if (a.width !== b.width || a.height !== b.height || a.lines.length !== b.lines.length) return false;
  for (let i = 0; i < a.lines.length; i++) {
    const x = a.lines[i];
    const y = b.lines[i];
    if (x === y) continue;
    if (isValidElement(x) || isValidElement(y) || x === undefined || y === undefined) return false;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) {
      const s = x[j] as Span;
      const t = y[j] as Span;
      if (s.text !== t.text || STYLE_KEYS.some((k) => s[k] !== t[k])) return false;
    }
  }
  return true;
}
