// The whole UI state and its pure reducer: keys only move cursors; data comes from the source later.
import type { ProcId } from '../model/types.js';
import type { Command } from './keymap.js';

/** Panels Tab cycles through. */
export const PANELS = ['maps', 'events', 'tree'] as const;
export type Panel = (typeof PANELS)[number];

/** Play speeds in steps per second. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] as const;

/** Which overlay or prompt takes the keys. */
export type Mode = 'normal' | 'goto' | 'search' | 'picker' | 'help';

/** Everything the screen depends on besides the source and the terminal size. */
export interface TuiState {
  readonly total: number;
  /** Current step, 1..total (0 only for an empty trace). */
  readonly step: number;
  /** Processes in tree order (what ↑/↓ in the tree and the picker walk). */
  readonly procs: readonly ProcId[];
  readonly selected: ProcId | undefined;
  readonly focus: Panel;
  /** Rows moved by ↑/↓ from the automatic position, per panel; reset when the step changes. */
  readonly scroll: { readonly maps: number; readonly events: number };
  readonly view: 'table' | 'diagram';
  readonly mode: Mode;
  /** Text typed into the goto/search prompt. */
  readonly input: string;
  readonly pickerIndex: number;
  readonly query: string | undefined;
  readonly playing: boolean;
  readonly speedIndex: number;
  readonly message: string | undefined;
  readonly quit: boolean;
}

/** Everything that changes the state. */
export type Action =
  | { readonly type: 'command'; readonly command: Command }
  | { readonly type: 'jump'; readonly step: number; readonly message?: string }
  | { readonly type: 'select'; readonly procId: ProcId }
  | { readonly type: 'tick'; readonly steps: number }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'submit' }
  | { readonly type: 'cancel' }
  | { readonly type: 'message'; readonly text: string | undefined }
  /** Several actions applied in order (the keys that arrived in one burst: one render). */
  | { readonly type: 'batch'; readonly actions: readonly Action[] };

// The first state for a trace of `total` steps.
export function initialState(total: number, procs: readonly ProcId[], selected?: ProcId): TuiState {
  return {
    total,
    step: total > 0 ? 1 : 0,
    procs,
    selected: selected ?? procs[0],
    focus: 'maps',
    scroll: { maps: 0, events: 0 },
    view: 'table',
    mode: 'normal',
    input: '',
    pickerIndex: 0,
    query: undefined,
    playing: false,
    speedIndex: 3,
    message: undefined,
    quit: false,
  };
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

// Moves to `step` (clamped); the panels go back to their automatic scroll.
function moveTo(s: TuiState, step: number): TuiState {
  const next = clamp(Math.round(step), s.total > 0 ? 1 : 0, s.total);
  if (next === s.step) return s;
  return { ...s, step: next, scroll: { maps: 0, events: 0 } };
}

// One percent of the trace, at least one step.
export function pageSize(total: number): number {
  return Math.max(1, Math.round(total / 100));
}

// Moves the focused panel's cursor by `delta`.
function moveInPanel(s: TuiState, delta: number): TuiState {
  if (s.focus === 'tree') {
    const at = s.selected === undefined ? -1 : s.procs.indexOf(s.selected);
    const next = s.procs[clamp(at + delta, 0, s.procs.length - 1)];
    return next === undefined || next === s.selected ? s : { ...s, selected: next };
  }
  return { ...s, scroll: { ...s.scroll, [s.focus]: s.scroll[s.focus] + delta } };
}

// Commands that need no data (search and per-process jumps arrive as `jump`).
function applyCommand(s: TuiState, c: Command): TuiState {
  switch (c) {
    case 'stepNext':
      return moveTo(s, s.step + 1);
    case 'stepPrev':
      return moveTo(s, s.step - 1);
    case 'down':
      return moveInPanel(s, 1);
    case 'up':
      return moveInPanel(s, -1);
    case 'pageNext':
      return moveTo(s, s.step + pageSize(s.total));
    case 'pagePrev':
      return moveTo(s, s.step - pageSize(s.total));
    case 'home':
      return moveTo(s, 1);
    case 'end':
      return moveTo(s, s.total);
    case 'goto':
      return { ...s, mode: 'goto', input: '', playing: false };
    case 'search':
      return { ...s, mode: 'search', input: '', playing: false };
    case 'picker':
      return { ...s, mode: 'picker', pickerIndex: Math.max(0, s.selected === undefined ? 0 : s.procs.indexOf(s.selected)) };
    case 'help':
      return { ...s, mode: s.mode === 'help' ? 'normal' : 'help' };
    case 'focusNext':
      return { ...s, focus: PANELS[(PANELS.indexOf(s.focus) + 1) % PANELS.length] ?? 'maps' };
    case 'play':
      return { ...s, playing: !s.playing && s.step < s.total };
    case 'faster':
      return { ...s, speedIndex: Math.min(SPEEDS.length - 1, s.speedIndex + 1) };
    case 'slower':
      return { ...s, speedIndex: Math.max(0, s.speedIndex - 1) };
    case 'toggleView':
      return { ...s, view: s.view === 'table' ? 'diagram' : 'table', scroll: { ...s.scroll, maps: 0 } };
    case 'quit':
      return { ...s, quit: true, playing: false };
    case 'searchNext':
    case 'searchPrev':
    case 'procNext':
    case 'procPrev':
      return s; // resolved against the source before dispatch (see resolve.ts)
  }
}

// Keys inside the process picker.
function pickerCommand(s: TuiState, c: Command): TuiState {
  if (c === 'down' || c === 'up') {
    return { ...s, pickerIndex: clamp(s.pickerIndex + (c === 'down' ? 1 : -1), 0, Math.max(0, s.procs.length - 1)) };
  }
  if (c === 'quit' || c === 'picker') return { ...s, mode: 'normal' };
  return s;
}

// Enter in a prompt or the picker.
function submit(s: TuiState): TuiState {
  switch (s.mode) {
    case 'goto': {
      const n = Number(s.input.trim());
      if (s.input.trim() === '' || !Number.isInteger(n)) return { ...s, mode: 'normal', message: `not a step number: ${s.input}` };
      return { ...moveTo(s, n), mode: 'normal', message: n < 1 || n > s.total ? `step ${n} is outside 1..${s.total}` : undefined };
    }
    case 'search':
      return { ...s, mode: 'normal', query: s.input.trim() === '' ? s.query : s.input.trim() };
    case 'picker': {
      const procId = s.procs[s.pickerIndex];
      return { ...s, mode: 'normal', selected: procId ?? s.selected };
    }
    case 'help':
    case 'normal':
      return { ...s, mode: 'normal' };
  }
}

// The pure reducer.
export function reduce(s: TuiState, a: Action): TuiState {
  switch (a.type) {
    case 'command':
      if (s.mode === 'picker') return pickerCommand(s, a.command);
      if (s.mode === 'help') return a.command === 'quit' || a.command === 'help' ? { ...s, mode: 'normal' } : s;
      return applyCommand({ ...s, message: undefined }, a.command);
    case 'jump':
      return { ...moveTo(s, a.step), message: a.message };
    case 'select':
      return s.procs.includes(a.procId) ? { ...s, selected: a.procId } : s;
    case 'tick': {
      const next = moveTo(s, s.step + a.steps);
      return next.step >= s.total ? { ...next, playing: false } : next;
    }
    case 'type':
      return s.mode === 'goto' || s.mode === 'search' ? { ...s, input: s.input + a.text } : s;
    case 'backspace':
      return { ...s, input: s.input.slice(0, -1) };
    case 'submit':
      return submit(s);
    case 'cancel':
      return { ...s, mode: 'normal', input: '' };
    case 'message':
      return { ...s, message: a.text };
    case 'batch':
      return a.actions.reduce(reduce, s);
  }
}
