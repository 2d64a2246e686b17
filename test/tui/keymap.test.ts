import { describe, expect, it } from 'vitest';
import { commandFor, KEYMAP, keyName, keyNames, type Command, type InkKey } from '../../src/tui/keymap.js';
import { initialState } from '../../src/tui/reducer.js';
import { resolveKey } from '../../src/tui/resolve.js';
import { catSource } from './memory-source.js';

const none: InkKey = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false, return: false, escape: false, tab: false, shift: false, backspace: false, delete: false, ctrl: false };

describe('keymap', () => {
  it('binds every key the issue lists to the right command', () => {
    const expected: [string, Command][] = [
      ['left', 'stepPrev'], ['h', 'stepPrev'], ['right', 'stepNext'], ['l', 'stepNext'],
      ['up', 'up'], ['k', 'up'], ['down', 'down'], ['j', 'down'],
      ['pageup', 'pagePrev'], ['[', 'pagePrev'], ['pagedown', 'pageNext'], [']', 'pageNext'],
      ['home', 'home'], ['end', 'end'], ['g', 'goto'], ['/', 'search'], ['n', 'searchNext'], ['N', 'searchPrev'],
      ['.', 'procNext'], [',', 'procPrev'], ['tab', 'focusNext'], ['p', 'picker'], [' ', 'play'],
      ['+', 'faster'], ['-', 'slower'], ['d', 'toggleView'], ['?', 'help'], ['q', 'quit'], ['escape', 'quit'],
    ];
    for (const [key, command] of expected) expect([key, commandFor(key)]).toEqual([key, command]);
  });

  it('gives each key at most one binding', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names ink keys', () => {
    expect(keyName('', { ...none, leftArrow: true })).toBe('left');
    expect(keyName('', { ...none, pageDown: true })).toBe('pagedown');
    expect(keyName('', { ...none, home: true })).toBe('home');
    expect(keyName('', { ...none, tab: true })).toBe('tab');
    expect(keyName('', { ...none, escape: true })).toBe('escape');
    expect(keyName('', { ...none, delete: true })).toBe('backspace');
    expect(keyName('N', none)).toBe('N');
  });

  it('splits characters that arrive together into keys (Enter, Tab, Esc named)', () => {
    expect(keyNames('g50\r', none)).toEqual(['g', '5', '0', 'return']);
    expect(keyNames('/mmap\r', none)).toEqual(['/', 'm', 'm', 'a', 'p', 'return']);
    expect(keyNames('', { ...none, rightArrow: true })).toEqual(['right']);
    expect(keyNames('q', none)).toEqual(['q']);
  });

  it('resolves keys: typed text in prompts, search jumps via the source, per-process steps', () => {
    const source = catSource();
    const procs = source.processes().map((p) => p.procId);
    const s = initialState(source.info().stepCount, procs);
    expect(resolveKey('right', s, source)).toEqual([{ type: 'command', command: 'stepNext' }]);
    const typing = { ...s, mode: 'search' as const, input: 'munm' };
    expect(resolveKey('q', typing, source)).toEqual([{ type: 'type', text: 'q' }]);
    expect(resolveKey('escape', typing, source)).toEqual([{ type: 'cancel' }]);
    const [submit, jump] = resolveKey('return', { ...typing, input: 'munmap' }, source);
    expect(submit).toEqual({ type: 'submit' });
    expect(jump).toMatchObject({ type: 'jump', step: 8 });
    expect(resolveKey('x', { ...s, mode: 'goto' }, source)).toEqual([]);
    expect(resolveKey('7', { ...s, mode: 'goto' }, source)).toEqual([{ type: 'type', text: '7' }]);
    // `.` from step 6 skips the child's events 8–10 when process 1 is selected.
    expect(resolveKey('.', { ...s, step: 7 }, source)).toEqual([{ type: 'jump', step: 11 }]);
    expect(resolveKey(',', { ...s, step: 11 }, source)).toEqual([{ type: 'jump', step: 7 }]);
    expect(resolveKey('n', s, source)[0]).toMatchObject({ type: 'message' });
  });
});
