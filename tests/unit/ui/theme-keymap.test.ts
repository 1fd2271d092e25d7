import { describe, it, expect } from 'vitest';
import type { Key } from 'ink';
import { actionFor, bindings, footerHints } from '../../../src/ui/keymap.js';
import { footerLine } from '../../../src/ui/key-hints.js';
import { colorTheme, monochromeTheme, moveColor, quotaLevel, resolveTheme } from '../../../src/ui/theme.js';

describe('resolveTheme', () => {
  it.each([
    [{}, colorTheme],
    [{ NO_COLOR: '1' }, monochromeTheme],
    [{ NO_COLOR: 'false' }, monochromeTheme],
    [{ NO_COLOR: '' }, colorTheme],
  ])('with env %j picks the right theme', (env, expected) => {
    expect(resolveTheme(env)).toBe(expected);
  });

  it('has no colour at all in the monochrome theme', () => {
    const { color, connection, ...rest } = monochromeTheme;
    expect(color).toBe(false);
    const values = [...Object.values(rest), ...Object.values(connection)];
    expect(values.length).toBeGreaterThan(10);
    expect(values.every((v) => v === undefined)).toBe(true);
  });

  it.each([
    ['up', 'green'],
    ['down', 'red'],
    ['flat', undefined],
  ] as const)('colours a move %s as %s', (dir, expected) => {
    expect(moveColor(colorTheme, dir)).toBe(expected);
  });
});

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe('actionFor', () => {
  it.each([
    ['q', {}, 'quit'],
    ['Q', { shift: true }, 'quit'],
    ['c', { ctrl: true }, 'quit'],
    ['c', {}, 'chain'],
    ['q', { ctrl: true }, undefined],
    ['q', { meta: true }, undefined],
    ['x', {}, undefined],
    ['', { escape: true }, 'back'],
    ['', { backspace: true }, 'back'],
    ['', { delete: true }, 'back'],
    ['?', {}, 'help'],
    ['j', {}, 'down'],
    ['', { downArrow: true }, 'down'],
    ['k', {}, 'up'],
    ['', { upArrow: true }, 'up'],
    ['', { return: true }, 'open'],
    ['s', {}, 'sort'],
    ['s', { ctrl: true }, undefined],
    ['', { tab: true }, 'nextPanel'],
    ['', { tab: true, shift: true }, 'prevPanel'],
    ['/', {}, 'filter'],
    ['p', {}, 'pause'],
  ] as const)('maps %j with %j to %s', (input, mods, expected) => {
    expect(actionFor(input, { ...noKey, ...mods })).toBe(expected);
  });

  it('has one binding per action', () => {
    const actions = bindings.map((b) => b.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('starts the footer with q quit and hints only at bound keys', () => {
    expect(footerHints()).toMatch(/^q quit {2}\? help/);
    for (const hint of footerHints().split('  ')) expect(bindings.some((b) => b.hint === hint)).toBe(true);
  });
});

describe('quotaLevel', () => {
  it.each([
    [0, 5, 'ok'],
    [3, 5, 'ok'],
    [7, 10, 'warn'],
    [8, 10, 'warn'],
    [9, 10, 'critical'],
    [12, 10, 'critical'],
    [1, 0, 'ok'],
  ] as const)('%s of %s is %s', (used, limit, level) => {
    expect(quotaLevel(used, limit)).toBe(level);
  });

  it('turns colour off for the mono theme setting too', () => {
    expect(resolveTheme({}, 'mono')).toBe(monochromeTheme);
    expect(resolveTheme({}, 'dark')).toBe(colorTheme);
  });
});

describe('footerLine', () => {
  const all = bindings.flatMap((b) => (b.hint ? [b.hint] : []));

  it('shows every hint when the terminal is wide enough', () => {
    expect(footerLine(200).split('  ')).toEqual(all);
  });

  it.each([78, 60, 40])('keeps the most wanted hints, in keymap order, within %i columns', (width) => {
    const line = footerLine(width);
    expect(line.length).toBeLessThanOrEqual(width);
    const shown = line.split('  ');
    expect(shown).toContain('q quit');
    expect(shown).toContain('? help');
    expect(shown.map((h) => all.indexOf(h))).toEqual([...shown.map((h) => all.indexOf(h))].sort((a, b) => a - b));
    if (width >= 78) for (const h of ['⏎ detail', 'c chain', 't plan', 'a/d add/del']) expect(shown).toContain(h);
  });
});
