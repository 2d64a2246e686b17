import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { KEYS, press, settle } from './helpers.js';
import { catSource, LIBC } from './memory-source.js';

afterEach(cleanup);

const open = (width = 80, height = 23) => {
  const source = catSource();
  const app = render(<App source={source} width={width} height={height} />);
  return { ...app, source, frame: () => app.lastFrame() ?? '' };
};

describe('a process already running when the trace began', () => {
  it('its maps title says the space is partial; an ordinary trace says nothing', () => {
    const marked = render(<App source={catSource(true)} width={80} height={23} />);
    expect(marked.lastFrame()).toContain('Maps · PARTIAL (start not in the trace) · pid 100');
    marked.unmount();
    const { frame } = open();
    expect(frame()).not.toContain('PARTIAL');
  });
});

describe('App (ink-testing-library, keys as escape sequences)', () => {
  it('fills exactly height rows (rows − 1) at 80×24', () => {
    const { frame } = open();
    expect(frame().split('\n')).toHaveLength(23);
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('→ / l / ← / h step; the maps follow the step', async () => {
    const { stdin, frame } = open();
    expect(frame()).toContain('step 1/12');
    await press(stdin, KEYS.right, 'l');
    expect(frame()).toContain('step 3/12');
    expect(frame()).toContain('mmap 8 KiB anonymous rw-');
    expect(frame()).toMatch(/\+7f3c1a3fe000-7f3c1a400000 +8 KiB rw-p/);
    await press(stdin, KEYS.left, 'h');
    expect(frame()).toContain('step 1/12');
  });

  it('PgDn/End/Home/[ move by 1% (one step here) and to the ends', async () => {
    const { stdin, frame } = open();
    await press(stdin, KEYS.pageDown, ']');
    expect(frame()).toContain('step 3/12');
    await press(stdin, '[');
    expect(frame()).toContain('step 2/12');
    await press(stdin, KEYS.end);
    expect(frame()).toContain('step 12/12');
    await press(stdin, KEYS.home);
    expect(frame()).toContain('step 1/12');
  });

  it('takes keys that arrive in one chunk (fast typing, tmux send-keys)', async () => {
    const { stdin, frame } = open();
    stdin.write('g11\r');
    await settle();
    expect(frame()).toContain('step 11/12');
    stdin.write('/munmap\r');
    await settle();
    expect(frame()).toContain('step 8/12'); // from 11 the next munmap wraps round to 8
    expect(frame()).toContain('search wrapped');
    stdin.write('nN');
    await settle();
    expect(frame()).toContain('step 8/12');
  });

  it('g jumps to a typed step', async () => {
    const { stdin, frame } = open();
    await press(stdin, 'g', '1', '1');
    expect(frame()).toContain('go to step: 11');
    await press(stdin, KEYS.enter);
    expect(frame()).toContain('step 11/12');
    expect(frame()).toContain(`-${LIBC.start.toString(16)}-${LIBC.end.toString(16)}`); // libc's first mapping just went
  });

  it('/ searches by syscall, address and path; n and N move between matches', async () => {
    const { stdin, frame } = open();
    await press(stdin, '/', 'munmap', KEYS.enter);
    expect(frame()).toContain('step 8/12');
    await press(stdin, 'n');
    expect(frame()).toContain('step 11/12');
    await press(stdin, 'N');
    expect(frame()).toContain('step 8/12');
    await press(stdin, '/', '0x7f3c1a226100', KEYS.enter);
    expect(frame()).toContain('step 6/12');
    await press(stdin, KEYS.home, '/', 'libc.so.6', KEYS.enter);
    expect(frame()).toContain('step 4/12');
    await press(stdin, '/', 'nosuchthing', KEYS.enter);
    expect(frame()).toContain('not found: nosuchthing');
  });

  it('p picks a process and the map panel switches to it; . and , follow that process only', async () => {
    const { stdin, frame } = open();
    await press(stdin, 'p');
    expect(frame()).toContain('Pick a process');
    await press(stdin, KEYS.down, KEYS.enter);
    expect(frame()).toContain('pid 101');
    await press(stdin, '.');
    expect(frame()).toContain('step 8/12'); // the child's first event (the fork itself is the parent's)
    expect(frame()).toMatch(/-7f3c1a3fe000-7f3c1a400000/);
    await press(stdin, '.', '.');
    expect(frame()).toContain('step 10/12');
    await press(stdin, '.');
    expect(frame()).toContain('no later event of this process');
    await press(stdin, ',');
    expect(frame()).toContain('step 9/12');
  });

  it('Tab cycles focus; with the tree focused ↑/↓ select processes', async () => {
    const { stdin, frame } = open();
    await press(stdin, KEYS.tab);
    expect(frame()).toContain('Tab focus (events)');
    await press(stdin, KEYS.tab);
    expect(frame()).toContain('Processes');
    await press(stdin, KEYS.down);
    expect(frame()).toContain('Maps · pid 101');
    expect(frame()).toContain('101 has no address space at step 1');
    await press(stdin, KEYS.up);
    expect(frame()).toContain('Maps · pid 100');
  });

  it('d switches to the diagram and back; ? shows the key table', async () => {
    const { stdin, frame } = open();
    await press(stdin, 'd');
    expect(frame()).toContain('user/kernel split');
    await press(stdin, 'd', '?');
    expect(frame()).toContain('Keys (? or Esc closes)');
    expect(frame()).toContain('process picker');
    await press(stdin, KEYS.escape);
    expect(frame()).toContain('Maps · pid 100');
  });

  it('space plays until the end', async () => {
    const { stdin, frame } = open();
    await press(stdin, '+', '+', '+', '+', ' ');
    await new Promise((r) => setTimeout(r, 400));
    expect(frame()).toContain('step 12/12');
  });

  it('q quits (the app stops taking keys)', async () => {
    const { stdin, frame } = open();
    await press(stdin, 'q');
    const last = frame();
    await press(stdin, KEYS.right);
    expect(frame()).toBe(last);
    expect(last).toContain('step 1/12');
  });

  it('holding → : the step counter follows every key and the maps end on the latest step', async () => {
    const { stdin, frame, source } = open();
    const before = source.calls.regionsAt;
    for (let i = 0; i < 11; i++) stdin.write(KEYS.right);
    await settle();
    expect(frame()).toContain('step 12/12');
    expect(frame()).toContain('exited with 0');
    // The heavy panel read the regions for far fewer steps than keys were pressed.
    expect(source.calls.regionsAt - before).toBeLessThan(11);
  });

  it('uses a tree column beside the maps when wide', () => {
    const { frame } = open(130, 30);
    expect(frame()).toMatch(/Maps · pid 100.*Processes/);
  });
});
