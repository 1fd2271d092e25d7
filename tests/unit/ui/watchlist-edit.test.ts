import { describe, expect, it } from 'vitest';
import { initialUiState, reduceUi } from '../../../src/ui/ui-state.js';
import { applyEdit } from '../../../src/ui/watchlist-edit.js';

const ctx = { symbols: ['SPY', 'QQQ', 'NVDA'], indices: ['I:SPX', 'I:VIX'] };

describe('applyEdit', () => {
  it('adds a typed symbol, cleaned like the command line does, at the end', () => {
    expect(applyEdit({ kind: 'add', text: ' aapl ' }, ctx)).toEqual({
      ok: true,
      symbols: ['SPY', 'QQQ', 'NVDA', 'AAPL'],
      select: 'AAPL',
      note: 'added AAPL',
    });
    expect(applyEdit({ kind: 'add', text: 'brk.b' }, ctx)).toMatchObject({ ok: true, select: 'BRK.B' });
  });

  it('refuses what is not a ticker, a duplicate, an index of the bias panel, or nothing', () => {
    expect(applyEdit({ kind: 'add', text: 'SP Y' }, ctx)).toMatchObject({ ok: false, error: /invalid symbol "SP Y"/ });
    expect(applyEdit({ kind: 'add', text: 'qqq' }, ctx)).toMatchObject({ ok: false, error: /already/ });
    expect(applyEdit({ kind: 'add', text: 'i:spx' }, ctx)).toMatchObject({ ok: false, error: /bias panel/ });
    expect(applyEdit({ kind: 'add', text: '  ' }, ctx)).toMatchObject({ ok: false });
  });

  it('removes the selected symbol and selects the one that took its place', () => {
    expect(applyEdit({ kind: 'remove', symbol: 'QQQ' }, ctx)).toMatchObject({
      symbols: ['SPY', 'NVDA'],
      select: 'NVDA',
    });
    expect(applyEdit({ kind: 'remove', symbol: 'NVDA' }, ctx)).toMatchObject({
      symbols: ['SPY', 'QQQ'],
      select: 'QQQ',
    });
    expect(applyEdit({ kind: 'remove', symbol: 'SPY' }, { symbols: ['SPY'] })).toMatchObject({ ok: false });
  });

  it('moves a symbol one place, and not past either end', () => {
    expect(applyEdit({ kind: 'move', symbol: 'QQQ', delta: -1 }, ctx)).toMatchObject({
      symbols: ['QQQ', 'SPY', 'NVDA'],
      select: 'QQQ',
    });
    expect(applyEdit({ kind: 'move', symbol: 'QQQ', delta: 1 }, ctx)).toMatchObject({
      symbols: ['SPY', 'NVDA', 'QQQ'],
    });
    const still = applyEdit({ kind: 'move', symbol: 'NVDA', delta: 1 }, ctx);
    expect(still).toMatchObject({ ok: true, note: '' });
    expect(still.ok && still.symbols).toBe(ctx.symbols);
  });
});

describe('ui state for editing', () => {
  const action = (state: typeof initialUiState, a: Parameters<typeof reduceUi>[1] & { type: 'action' }) =>
    reduceUi(state, a);
  const act = (a: 'addSymbol' | 'chartBars' | 'moveSymbolUp') =>
    ({ type: 'action', action: a, order: ['SPY'], flow: [] }) as const;

  it('opens the add prompt, takes text and backspace, and closes on an applied edit', () => {
    let s = action(initialUiState, act('addSymbol'));
    expect(s.symbolDraft).toBe('');
    for (const text of ['N', 'V', 'D', 'X']) s = reduceUi(s, { type: 'symbolInput', text });
    s = reduceUi(s, { type: 'symbolBackspace' });
    s = reduceUi(s, { type: 'symbolInput', text: 'A' });
    expect(s.symbolDraft).toBe('NVDA');
    s = reduceUi(s, { type: 'edited', select: 'NVDA' });
    expect(s).toMatchObject({ symbolDraft: undefined, selected: 'NVDA', detail: undefined });
    expect(reduceUi({ ...s, symbolDraft: 'X' }, { type: 'symbolCancel' }).symbolDraft).toBeUndefined();
  });

  it('switches the chart between 1- and 5-minute bars', () => {
    const five = action(initialUiState, act('chartBars'));
    expect(five.chartMinutes).toBe(5);
    expect(action(five, act('chartBars')).chartMinutes).toBe(1);
  });

  it('shows your order when a symbol is moved', () => {
    expect(action({ ...initialUiState, sort: 'symbol' }, act('moveSymbolUp')).sort).toBe('user');
  });

  it('keeps the detail view on the selection after an edit', () => {
    const s = reduceUi({ ...initialUiState, detail: 'QQQ', selected: 'QQQ' }, { type: 'edited', select: 'NVDA' });
    expect(s).toMatchObject({ detail: 'NVDA', selected: 'NVDA' });
  });
});
