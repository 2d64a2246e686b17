import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMaps, formatMapsLine } from '../../src/render/maps.js';
import { parseProcMaps } from './proc-maps.js';

describe('formatMaps', () => {
  it('reproduces this test process /proc/self/maps byte for byte', () => {
    const text = readFileSync('/proc/self/maps', 'utf8');
    const regions = parseProcMaps(text);
    expect(regions.length).toBeGreaterThan(10);
    expect(formatMaps(regions)).toBe(text);
  });

  it('puts the name at 0-based column 73 and ends unnamed lines with "0 "', () => {
    const named = formatMapsLine({ start: 0x7f0765394000, end: 0x7f0765395000, perms: 'r--p', offset: 0x26000, dev: 'fe:00', inode: 339380, name: '/lib/x.so' });
    expect(named.indexOf('/lib/x.so')).toBe(73);
    expect(named).toBe('7f0765394000-7f0765395000 r--p 00026000 fe:00 339380                     /lib/x.so');
    const anon = formatMapsLine({ start: 0x1000, end: 0x2000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '' });
    expect(anon).toBe('00001000-00002000 rw-p 00000000 00:00 0 ');
  });

  it('uses column 49 for a 32-bit kernel and pads short addresses to 8 digits', () => {
    const line = formatMapsLine({ start: 0x565a8000, end: 0x565a9000, perms: 'r--p', offset: 0, dev: 'fe:00', inode: 2163748, name: '/tmp/m' }, { bits: 32 });
    expect(line.indexOf('/tmp/m')).toBe(49);
  });

  it('escapes only newlines in names, as \\012', () => {
    const line = formatMapsLine({ start: 0x1000, end: 0x2000, perms: 'r--s', offset: 0, dev: 'fe:00', inode: 7, name: '/tmp/del me\nnow\t<x> (deleted)' });
    expect(line.endsWith(' /tmp/del me\\012now\t<x> (deleted)')).toBe(true);
  });

  it('adds just the one extra space when the prefix already reaches column 72', () => {
    // seq_pad: no padding when the prefix (with its trailing space) is past the width, then one space.
    const line = formatMapsLine({ start: 0xffffffffff600000, end: 0xffffffffff601000, perms: '--xp', offset: 0x123456789abc, dev: '103:02', inode: 1234567890123, name: '[x]' });
    expect(line).toBe('ffffffffff600000-ffffffffff601000 --xp 123456789abc 103:02 1234567890123  [x]');
  });
});
