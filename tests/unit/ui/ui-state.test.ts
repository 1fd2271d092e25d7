import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/ui/keymap.js';
import { nextSortMode, sortModes, sortSymbols } from '../../../src/ui/sort.js';
import { initialUiState, reduceUi, type UiState } from '../../../src/ui/ui-state.js';
import { row } from './fake-store.js';
import { flowPrint } from './flow-fixtures.js';

const order = ['SPY', 'QQQ', 'NVDA'];
const flow = [flowPrint({ id: 'b' }), flowPrint({ id: 'a' })];
const press = (state: UiState, ...actions: Exclude<Action, 'quit'>[]): UiState =>
  actions.reduce((s, action) => reduceUi(s, { type: 'action', action, order, flow }), state);

describe('reduceUi', () => {
  it.each([
    [['down'], 'QQQ'],
    [['down', 'down'], 'NVDA'],
    [['down', 'down', 'down'], 'NVDA'],
    [['up'], 'SPY'],
    [['down', 'up'], 'SPY'],
  ] as const)('moves the selection with %j to %s, stopping at the ends', (actions, selected) => {
    expect(press(initialUiState, ...actions).selected).toBe(selected);
  });

  it('opens the selected symbol, follows j/k inside the detail view and closes it on back', () => {
    let s = press(initialUiState, 'down', 'open');
    expect(s.detail).toBe('QQQ');
    s = press(s, 'down');
    expect(s).toMatchObject({ detail: 'NVDA', selected: 'NVDA' });
    s = press(s, 'back');
    expect(s).toMatchObject({ detail: undefined, selected: 'NVDA' });
  });

  it('opens the first row when nothing is selected, and nothing on an empty watchlist', () => {
    expect(press(initialUiState, 'open').detail).toBe('SPY');
    expect(reduceUi(initialUiState, { type: 'action', action: 'open', order: [], flow }).detail).toBeUndefined();
  });

  it('cycles the sort through every mode and back', () => {
    const seen = [initialUiState.sort];
    let s = initialUiState;
    for (let i = 0; i < sortModes.length; i++) {
      s = press(s, 'sort');
      seen.push(s.sort);
    }
    expect(seen).toEqual([...sortModes, sortModes[0]]);
  });

  it('cycles the focused panel with Tab and Shift+Tab', () => {
    expect(press(initialUiState, 'nextPanel').panel).toBe('flow');
    expect(press(initialUiState, 'nextPanel', 'nextPanel').panel).toBe('bias');
    expect(press(initialUiState, 'nextPanel', 'nextPanel', 'nextPanel').panel).toBe('watchlist');
    expect(press(initialUiState, 'prevPanel').panel).toBe('bias');
  });

  it('scrolls the tape instead of the watchlist when the tape has focus', () => {
    const s = press(initialUiState, 'nextPanel', 'down', 'down', 'up');
    expect(s.tapeOffset).toBe(1);
    expect(s.selected).toBeUndefined();
    expect(press(s, 'up', 'up').tapeOffset).toBe(0);
  });

  it('opens help over everything, ignores other keys there and closes on ? or back', () => {
    const open = press(initialUiState, 'help');
    expect(open.help).toBe(true);
    expect(press(open, 'down', 'sort', 'pause')).toBe(open);
    expect(press(open, 'help').help).toBe(false);
    expect(press(open, 'back').help).toBe(false);
  });

  it('freezes the tape on pause and lets go on the second press', () => {
    const paused = press(initialUiState, 'pause');
    expect(paused.frozen).toBe(flow);
    expect(press(paused, 'pause').frozen).toBeUndefined();
  });

  it('edits a filter draft, applies it on commit and keeps the old one on cancel', () => {
    let s = press(initialUiState, 'filter');
    expect(s.draft).toBe('');
    for (const text of ['S', 'P', 'Y', 'X']) s = reduceUi(s, { type: 'draftInput', text });
    s = reduceUi(s, { type: 'draftBackspace' });
    s = reduceUi(s, { type: 'draftInput', text: ' c ' });
    s = reduceUi(s, { type: 'draftCommit' });
    expect(s).toMatchObject({ filter: 'SPY c', draft: undefined });
    s = press(s, 'filter');
    expect(s.draft).toBe('SPY c');
    s = reduceUi(reduceUi(s, { type: 'draftInput', text: 'zzz' }), { type: 'draftCancel' });
    expect(s).toMatchObject({ filter: 'SPY c', draft: undefined });
  });

  it('ignores draft events when no draft is open', () => {
    expect(reduceUi(initialUiState, { type: 'draftInput', text: 'x' })).toBe(initialUiState);
    expect(reduceUi(initialUiState, { type: 'draftCommit' })).toBe(initialUiState);
  });
});

describe('sortSymbols', () => {
  const quotes = {
    SPY: row('SPY', { changePct: 0.5, volume: 100 }),
    QQQ: row('QQQ', { changePct: -1, volume: 300 }),
    NVDA: row('NVDA', { changePct: 2, volume: undefined }),
    AAPL: row('AAPL'),
  };
  const symbols = ['SPY', 'QQQ', 'NVDA', 'AAPL'];
  it.each([
    ['user', ['SPY', 'QQQ', 'NVDA', 'AAPL']],
    ['changePct', ['NVDA', 'SPY', 'QQQ', 'AAPL']],
    ['symbol', ['AAPL', 'NVDA', 'QQQ', 'SPY']],
    ['volume', ['QQQ', 'SPY', 'NVDA', 'AAPL']],
  ] as const)('orders by %s, unknown values last', (mode, expected) => {
    expect(sortSymbols(symbols, quotes, mode)).toEqual(expected);
    expect(symbols).toEqual(['SPY', 'QQQ', 'NVDA', 'AAPL']);
  });

  it('cycles change %, symbol, volume, your order', () => {
    expect([nextSortMode('user'), nextSortMode('changePct'), nextSortMode('symbol'), nextSortMode('volume')]).toEqual([
      'changePct',
      'symbol',
      'volume',
      'user',
    ]);
  });
});

describe('reduceUi filter from the detail view', () => {
  it('closes the detail view so the tape being filtered is on screen', () => {
    const detail = reduceUi(initialUiState, { type: 'action', action: 'open', order, flow });
    expect(reduceUi(detail, { type: 'action', action: 'filter', order, flow })).toMatchObject({
      detail: undefined,
      draft: '',
    });
  });
});
