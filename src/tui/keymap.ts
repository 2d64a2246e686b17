// The one key table: every shortcut, its command and its help line (`?` shows this table).

/** Everything a key can ask for. */
export type Command =
  | 'stepNext'
  | 'stepPrev'
  | 'up'
  | 'down'
  | 'pageNext'
  | 'pagePrev'
  | 'home'
  | 'end'
  | 'goto'
  | 'search'
  | 'searchNext'
  | 'searchPrev'
  | 'procNext'
  | 'procPrev'
  | 'focusNext'
  | 'picker'
  | 'play'
  | 'faster'
  | 'slower'
  | 'toggleView'
  | 'help'
  | 'quit';

/** One row of the table. */
export interface Binding {
  /** Key names as `keyName` returns them. */
  readonly keys: readonly string[];
  /** How the help screen writes the keys. */
  readonly label: string;
  readonly command: Command;
  readonly help: string;
}

// The table, in the order `?` shows it.
export const KEYMAP: readonly Binding[] = [
  { keys: ['right', 'l'], label: '→ l', command: 'stepNext', help: 'next step' },
  { keys: ['left', 'h'], label: '← h', command: 'stepPrev', help: 'previous step' },
  { keys: ['down', 'j'], label: '↓ j', command: 'down', help: 'down in the focused panel' },
  { keys: ['up', 'k'], label: '↑ k', command: 'up', help: 'up in the focused panel' },
  { keys: ['pagedown', ']'], label: 'PgDn ]', command: 'pageNext', help: '+1% of the trace' },
  { keys: ['pageup', '['], label: 'PgUp [', command: 'pagePrev', help: '-1% of the trace' },
  { keys: ['home'], label: 'Home', command: 'home', help: 'first step' },
  { keys: ['end'], label: 'End', command: 'end', help: 'last step' },
  { keys: ['g'], label: 'g', command: 'goto', help: 'go to step…' },
  { keys: ['/'], label: '/', command: 'search', help: 'search syscall, 0xaddr, path' },
  { keys: ['n'], label: 'n', command: 'searchNext', help: 'next match' },
  { keys: ['N'], label: 'N', command: 'searchPrev', help: 'previous match' },
  { keys: ['.'], label: '.', command: 'procNext', help: 'next event of this process' },
  { keys: [','], label: ',', command: 'procPrev', help: 'prev. event of this process' },
  { keys: ['tab'], label: 'Tab', command: 'focusNext', help: 'next panel' },
  { keys: ['p'], label: 'p', command: 'picker', help: 'process picker' },
  { keys: [' '], label: 'Space', command: 'play', help: 'play / pause' },
  { keys: ['+', '='], label: '+ -', command: 'faster', help: 'play faster / slower' },
  { keys: ['-', '_'], label: '', command: 'slower', help: '' },
  { keys: ['d'], label: 'd', command: 'toggleView', help: 'table ↔ diagram' },
  { keys: ['?'], label: '?', command: 'help', help: 'this help' },
  { keys: ['q', 'escape'], label: 'q Esc', command: 'quit', help: 'quit' },
];

/** What ink's useInput reports for a key (the fields we read). */
export interface InkKey {
  readonly upArrow: boolean;
  readonly downArrow: boolean;
  readonly leftArrow: boolean;
  readonly rightArrow: boolean;
  readonly pageUp: boolean;
  readonly pageDown: boolean;
  readonly home: boolean;
  readonly end: boolean;
  readonly return: boolean;
  readonly escape: boolean;
  readonly tab: boolean;
  readonly shift: boolean;
  readonly backspace: boolean;
  readonly delete: boolean;
  readonly ctrl: boolean;
}

/** Names `keyName` gives keys that are not text. */
export const SPECIAL_KEYS: ReadonlySet<string> = new Set(['left', 'right', 'up', 'down', 'pageup', 'pagedown', 'home', 'end', 'tab', 'shift-tab', 'return', 'escape', 'backspace']);

// One name per key: `left`, `pagedown`, `tab`, `return`, … or the typed character.
export function keyName(input: string, key: InkKey): string {
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl-${input}`;
  return input;
}

const CONTROL_NAMES: Readonly<Record<string, string>> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\u007f': 'backspace', '\b': 'backspace', '\u001b': 'escape' };

// Key names for one input event: ink passes several plain characters at once when they arrive
// together (typing fast, tmux send-keys, a paste), so split them, naming Enter, Tab, Backspace, Esc.
export function keyNames(input: string, key: InkKey): string[] {
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.ctrl;
  if (special || [...input].length <= 1) return [keyName(input, key)];
  return [...input].map((c) => CONTROL_NAMES[c] ?? c);
}

// The command bound to a key name, if any.
export function commandFor(name: string, table: readonly Binding[] = KEYMAP): Command | undefined {
  return table.find((b) => b.keys.includes(name))?.command;
}
