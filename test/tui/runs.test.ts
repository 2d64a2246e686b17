import { describe, expect, it } from 'vitest';
import { splitRuns } from '../../src/tui/components/Runs.js';

describe('splitRuns', () => {
  it.each([
    ['plain ascii', ['plain ascii']],
    ['', ['']],
    ['▶ step · 12…', ['▶', ' step ', '·', ' 12', '…']],
    ['░▒▓', ['░▒▓']],
    ['a\tb', ['a', '\t', 'b']],
    ['宽 🙂x', ['宽', ' ', '🙂', 'x']],
  ])('%j → %j', (text, runs) => {
    expect(splitRuns(text)).toEqual(runs);
    expect(splitRuns(text).join('')).toBe(text);
  });
});
