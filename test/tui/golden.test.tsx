// Golden frames at 80×24 for the fixed in-memory source (reviewed by eye against the fixture's regions).
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { App, type AppProps } from '../../src/tui/App.js';
import { formatMapsLine } from '../../src/render/maps.js';
import { catSource, EXEC_REGIONS } from './memory-source.js';

const frame = (initial: AppProps['initial'], width = 80, height = 23): string => renderToString(<App source={catSource()} width={width} height={height} initial={initial} />, { columns: width });

describe('golden frames (80 columns)', () => {
  it('step 1: exec, every region added', async () => {
    const f = frame({ step: 1 });
    // Each region row agrees with the kernel-format maps line of the same region (start, end, perms, offset).
    for (const r of EXEC_REGIONS) {
      const [range, perms, offset] = formatMapsLine(r).split(' ');
      const [start, end] = (range ?? '').split('-');
      expect(f).toMatch(new RegExp(`\\+0*${start}-0*${end} +[0-9.]+ [KMG]iB ${perms} ${offset}`));
    }
    await expect(f).toMatchFileSnapshot('expected/frame-step1.txt');
  });

  it('step 6: libc text mapped, table', async () => {
    await expect(frame({ step: 6 })).toMatchFileSnapshot('expected/frame-step6.txt');
  });

  it('step 8, child selected: the unmapped page shown as removed', async () => {
    await expect(frame({ step: 8, selected: 2 })).toMatchFileSnapshot('expected/frame-step8-child.txt');
  });

  it('step 6: diagram', async () => {
    await expect(frame({ step: 6, view: 'diagram' })).toMatchFileSnapshot('expected/frame-step6-diagram.txt');
  });

  it('help', async () => {
    await expect(frame({ step: 6, mode: 'help' })).toMatchFileSnapshot('expected/frame-help.txt');
  });

  it('120×40: tree beside the maps', async () => {
    await expect(frame({ step: 9 }, 120, 39)).toMatchFileSnapshot('expected/frame-step9-wide.txt');
  });
});
