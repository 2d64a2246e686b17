// A key, in the current mode, to reducer actions; search and per-process jumps ask the source here.
import { commandFor, KEYMAP, SPECIAL_KEYS, type Binding } from './keymap.js';
import type { Action, TuiState } from './reducer.js';
import { findStep, matches, parseQuery } from './search.js';
import type { TuiSource } from './source.js';

// The jump to the next/previous match of `query` (or a message saying there is none).
export function searchAction(source: TuiSource, state: TuiState, query: string | undefined, dir: 1 | -1): Action {
  if (query === undefined || query === '') return { type: 'message', text: 'no search yet: press /' };
  const q = parseQuery(query);
  const found = findStep(source, state.step, dir, (e) => matches(q, e));
  if (found === undefined) return { type: 'message', text: `not found: ${query}` };
  return { type: 'jump', step: found.step, message: found.wrapped ? `search wrapped: ${query}` : `/${query}` };
}

// The jump to the selected process's next/previous event.
export function procAction(source: TuiSource, state: TuiState, dir: 1 | -1): Action {
  if (state.selected === undefined) return { type: 'message', text: 'no process selected' };
  const found = findStep(source, state.step, dir, () => true, state.selected, false);
  return found === undefined ? { type: 'message', text: `no ${dir === 1 ? 'later' : 'earlier'} event of this process` } : { type: 'jump', step: found.step };
}

// Actions for one key name.
export function resolveKey(name: string, state: TuiState, source: TuiSource, table: readonly Binding[] = KEYMAP): Action[] {
  if (state.mode === 'goto' || state.mode === 'search') {
    if (name === 'escape') return [{ type: 'cancel' }];
    if (name === 'backspace') return [{ type: 'backspace' }];
    if (name === 'return') {
      if (state.mode === 'goto') return [{ type: 'submit' }];
      const query = state.input.trim() === '' ? state.query : state.input.trim();
      return [{ type: 'submit' }, searchAction(source, state, query, 1)];
    }
    const text = !SPECIAL_KEYS.has(name) && !name.startsWith('ctrl-');
    if (text && (state.mode === 'search' || /^[0-9]+$/.test(name))) {
      return [{ type: 'type', text: name }];
    }
    return [];
  }
  if (name === 'return') return [{ type: 'submit' }];
  const command = commandFor(name, table);
  if (command === undefined) return [];
  if (state.mode === 'normal') {
    if (command === 'searchNext') return [searchAction(source, state, state.query, 1)];
    if (command === 'searchPrev') return [searchAction(source, state, state.query, -1)];
    if (command === 'procNext') return [procAction(source, state, 1)];
    if (command === 'procPrev') return [procAction(source, state, -1)];
  }
  return [{ type: 'command', command }];
}
