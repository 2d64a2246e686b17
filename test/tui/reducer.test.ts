import { describe, expect, it } from 'vitest';
import { initialState, pageSize, reduce, SPEEDS, type Action, type TuiState } from '../../src/tui/reducer.js';

const run = (s: TuiState, ...actions: Action[]): TuiState => actions.reduce(reduce, s);
const cmd = (command: Extract<Action, { type: 'command' }>['command']): Action => ({ type: 'command', command });

describe('reducer', () => {
  const start = initialState(1000, [1, 2, 3]);

  it('starts at step 1 with the first process selected, table view, maps focused', () => {
    expect(start).toMatchObject({ step: 1, selected: 1, view: 'table', focus: 'maps', mode: 'normal', playing: false });
    expect(initialState(0, []).step).toBe(0);
  });

  it('steps by one and clamps at both ends', () => {
    expect(run(start, cmd('stepNext'), cmd('stepNext')).step).toBe(3);
    expect(run(start, cmd('stepPrev')).step).toBe(1);
    expect(run(start, cmd('end'), cmd('stepNext')).step).toBe(1000);
    expect(run(start, cmd('end'), cmd('home')).step).toBe(1);
  });

  it('pages by 1% of the trace (at least one step)', () => {
    expect(pageSize(1000)).toBe(10);
    expect(pageSize(7)).toBe(1);
    expect(run(start, cmd('pageNext'), cmd('pageNext')).step).toBe(21);
    expect(run(start, cmd('pageNext'), cmd('pagePrev')).step).toBe(1);
  });

  it('moves the focused panel: maps/events scroll deltas reset on step change, tree changes the selection', () => {
    const scrolled = run(start, cmd('down'), cmd('down'), cmd('up'));
    expect(scrolled.scroll.maps).toBe(1);
    expect(run(scrolled, cmd('stepNext')).scroll.maps).toBe(0);
    const events = run(start, cmd('focusNext'), cmd('down'));
    expect(events.focus).toBe('events');
    expect(events.scroll).toEqual({ maps: 0, events: 1 });
    const tree = run(start, cmd('focusNext'), cmd('focusNext'), cmd('down'), cmd('down'), cmd('down'));
    expect(tree.focus).toBe('tree');
    expect(tree.selected).toBe(3);
    expect(run(tree, cmd('up')).selected).toBe(2);
    expect(run(tree, cmd('focusNext')).focus).toBe('maps');
  });

  it('go to: digits then Enter jumps; out of range clamps with a message; Esc cancels', () => {
    const typed = run(start, cmd('goto'), { type: 'type', text: '4' }, { type: 'type', text: '2' });
    expect(typed.mode).toBe('goto');
    expect(typed.input).toBe('42');
    expect(run(typed, { type: 'submit' })).toMatchObject({ step: 42, mode: 'normal' });
    const far = run(start, cmd('goto'), { type: 'type', text: '5000' }, { type: 'submit' });
    expect(far.step).toBe(1000);
    expect(far.message).toContain('outside');
    expect(run(typed, { type: 'cancel' })).toMatchObject({ step: 1, mode: 'normal', input: '' });
    expect(run(typed, { type: 'backspace' }).input).toBe('4');
  });

  it('search: Enter keeps the query for n/N; an empty Enter keeps the previous one', () => {
    const s = run(start, cmd('search'), { type: 'type', text: 'mmap' }, { type: 'submit' });
    expect(s).toMatchObject({ mode: 'normal', query: 'mmap' });
    expect(run(s, cmd('search'), { type: 'submit' }).query).toBe('mmap');
  });

  it('picker: opens on the selected process, moves, Enter selects, Esc closes without selecting', () => {
    const open = run(start, cmd('picker'));
    expect(open).toMatchObject({ mode: 'picker', pickerIndex: 0 });
    const moved = run(open, cmd('down'), cmd('down'), cmd('down'));
    expect(moved.pickerIndex).toBe(2);
    expect(moved.step).toBe(1); // arrows move the picker, not the step
    expect(run(moved, { type: 'submit' })).toMatchObject({ mode: 'normal', selected: 3 });
    expect(run(moved, cmd('quit'))).toMatchObject({ mode: 'normal', selected: 1, quit: false });
  });

  it('play/pause, speed bounds, ticks stop at the end', () => {
    const playing = run(start, cmd('play'));
    expect(playing.playing).toBe(true);
    expect(run(playing, cmd('play')).playing).toBe(false);
    expect(run(start, ...Array.from({ length: 20 }, () => cmd('faster'))).speedIndex).toBe(SPEEDS.length - 1);
    expect(run(start, ...Array.from({ length: 20 }, () => cmd('slower'))).speedIndex).toBe(0);
    const ticked = run(playing, { type: 'tick', steps: 600 }, { type: 'tick', steps: 600 });
    expect(ticked).toMatchObject({ step: 1000, playing: false });
  });

  it('d toggles table/diagram, ? toggles help (which swallows other keys), q and Esc quit', () => {
    expect(run(start, cmd('toggleView')).view).toBe('diagram');
    expect(run(start, cmd('toggleView'), cmd('toggleView')).view).toBe('table');
    const help = run(start, cmd('help'));
    expect(help.mode).toBe('help');
    expect(run(help, cmd('stepNext')).step).toBe(1);
    expect(run(help, cmd('quit'))).toMatchObject({ mode: 'normal', quit: false });
    expect(run(start, cmd('quit')).quit).toBe(true);
  });

  it('jump and select: jump clamps and carries its message; select ignores unknown processes', () => {
    expect(run(start, { type: 'jump', step: 500, message: '/mmap' })).toMatchObject({ step: 500, message: '/mmap' });
    expect(run(start, { type: 'select', procId: 2 }).selected).toBe(2);
    expect(run(start, { type: 'select', procId: 99 }).selected).toBe(1);
  });

  it('is pure: the input state is never modified', () => {
    const frozen = Object.freeze({ ...start, scroll: Object.freeze({ ...start.scroll }) });
    expect(() => run(frozen, cmd('down'), cmd('stepNext'), cmd('goto'), { type: 'type', text: '9' }, { type: 'submit' })).not.toThrow();
    expect(frozen.step).toBe(1);
  });
});
