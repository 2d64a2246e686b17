// Terminal safety: text from a trace never reaches a terminal raw.

// C0 controls except \n and \t, DEL, and C1 controls (U+0080–U+009F, which some terminals honour).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// Escapes control characters as `\xHH` (ESC becomes `\x1b`), so no escape sequence survives.
// `\n` and `\t` are kept: callers escape inside a line with `escapeLineForTerminal`.
export function escapeForTerminal(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// Like escapeForTerminal, but also escapes `\t` and `\n` (for one field inside a line).
export function escapeLineForTerminal(s: string): string {
  return escapeForTerminal(s).replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

// Escapes only when the destination is a terminal; pipes and files get the bytes unchanged.
export function forOutput(s: string, isTty: boolean): string {
  return isTty ? escapeForTerminal(s) : s;
}
