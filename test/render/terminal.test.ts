import { describe, expect, it } from 'vitest';
import { escapeForTerminal, escapeLineForTerminal, forOutput } from '../../src/render/terminal.js';

describe('escapeForTerminal', () => {
  it('neutralises escape sequences and controls', () => {
    const evil = '/tmp/\u001b]0;pwned\u0007x\u001b[2J\u009b31m\r\u0000';
    const safe = escapeForTerminal(evil);
    expect(safe).toBe('/tmp/\\x1b]0;pwned\\x07x\\x1b[2J\\x9b31m\\x0d\\x00');
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(safe)).toBe(false);
  });
  it('keeps newlines unless asked, and leaves non-terminal output alone', () => {
    expect(escapeForTerminal('a\nb\tc')).toBe('a\nb\tc');
    expect(escapeLineForTerminal('a\nb\tc')).toBe('a\\nb\\tc');
    expect(forOutput('\u001b[1m', false)).toBe('\u001b[1m');
    expect(forOutput('\u001b[1m', true)).toBe('\\x1b[1m');
  });
  it('keeps printable UTF-8 intact', () => {
    expect(escapeForTerminal('/tmp/héllo 日本')).toBe('/tmp/héllo 日本');
  });
});
