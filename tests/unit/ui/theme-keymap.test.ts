import { describe, it, expect } from 'vitest';
import type { Key } from 'ink';
import { actionFor, bindings } from '../../../src/ui/keymap.js';
import { colorTheme, monochromeTheme, moveColor, resolveTheme } from '../../../src/ui/theme.js';

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
    const values = [
      monochromeTheme.up,
      monochromeTheme.down,
      monochromeTheme.accent,
      monochromeTheme.border,
      monochromeTheme.warning,
      monochromeTheme.demoBackground,
      ...Object.values(monochromeTheme.connection),
    ];
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
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

describe('actionFor', () => {
  it.each([
    ['q', {}, 'quit'],
    ['Q', { shift: true }, 'quit'],
    ['c', { ctrl: true }, 'quit'],
    ['c', {}, undefined],
    ['q', { ctrl: true }, undefined],
    ['q', { meta: true }, undefined],
    ['x', {}, undefined],
    ['', { escape: true }, undefined],
  ] as const)('maps %j with %j to %s', (input, mods, expected) => {
    expect(actionFor(input, { ...noKey, ...mods })).toBe(expected);
  });

  it('has one footer hint per action', () => {
    const actions = bindings.map((b) => b.action);
    expect(new Set(actions).size).toBe(actions.length);
  });
});
