import { describe, expect, it } from 'vitest';
import { reduceOptionsUi } from '../../../src/ui/chain-state.js';
import { initialUiState, type UiState } from '../../../src/ui/ui-state.js';

const inChain = (over: Partial<NonNullable<UiState['chain']>> = {}): UiState => ({
  ...initialUiState,
  detail: 'SPY',
  chain: { symbol: 'SPY', expiry: undefined, strike: undefined, right: 'call', ...over },
});
const ctx = { strikes: [595, 600, 605], strike: 600, expiries: ['2026-01-09', '2026-01-16'], expiry: '2026-01-09' };

describe('reduceOptionsUi', () => {
  it('leaves the main screen keys alone', () => {
    expect(reduceOptionsUi(initialUiState, 'down', {})).toBeUndefined();
    expect(reduceOptionsUi(initialUiState, 'open', {})).toBeUndefined();
    expect(reduceOptionsUi(inChain(), 'help', ctx)).toBeUndefined();
  });

  it('opens the chain of the detail symbol, else of the selected row; nothing without a symbol', () => {
    expect(reduceOptionsUi({ ...initialUiState, detail: 'QQQ' }, 'chain', { symbol: 'SPY' })?.chain?.symbol).toBe(
      'QQQ',
    );
    expect(reduceOptionsUi(initialUiState, 'chain', { symbol: 'SPY' })?.chain?.symbol).toBe('SPY');
    expect(reduceOptionsUi(initialUiState, 'chain', {})).toBe(initialUiState);
  });

  it('moves the cursor strike within the chain, clamped at both ends', () => {
    expect(reduceOptionsUi(inChain(), 'down', ctx)?.chain?.strike).toBe(605);
    expect(reduceOptionsUi(inChain(), 'up', ctx)?.chain?.strike).toBe(595);
    expect(reduceOptionsUi(inChain({ strike: 605 }), 'down', { ...ctx, strike: 605 })?.chain?.strike).toBe(605);
    expect(reduceOptionsUi(inChain(), 'pageDown', ctx, 10)?.chain?.strike).toBe(605);
    expect(reduceOptionsUi(inChain(), 'top', ctx)?.chain?.strike).toBe(595);
  });

  it('steps expiries with [ and ], staying inside the list, and switches sides', () => {
    expect(reduceOptionsUi(inChain(), 'nextExpiry', ctx)?.chain?.expiry).toBe('2026-01-16');
    expect(reduceOptionsUi(inChain(), 'prevExpiry', ctx)?.chain?.expiry).toBe('2026-01-09');
    expect(reduceOptionsUi(inChain(), 'right', ctx)?.chain?.right).toBe('put');
    expect(reduceOptionsUi(inChain({ right: 'put' }), 'left', ctx)?.chain?.right).toBe('call');
  });

  it('Enter opens the contract at the cursor, Esc closes the contract, then the chain', () => {
    const opened = reduceOptionsUi(inChain(), 'open', { ...ctx, chainContract: 'O:SPY260109C00600000' })!;
    expect(opened.contract).toBe('O:SPY260109C00600000');
    expect(reduceOptionsUi(opened, 'down', ctx)).toBe(opened);
    const back = reduceOptionsUi(opened, 'back', ctx)!;
    expect(back.contract).toBeUndefined();
    expect(back.chain?.symbol).toBe('SPY');
    expect(reduceOptionsUi(back, 'back', ctx)?.chain).toBeUndefined();
    expect(reduceOptionsUi(inChain(), 'open', ctx)).toEqual(inChain());
  });

  it('t opens the contract of the tape row, and does nothing on an empty tape', () => {
    expect(reduceOptionsUi(initialUiState, 'plan', { tapeContract: 'O:QQQ260109P00500000' })?.contract).toBe(
      'O:QQQ260109P00500000',
    );
    expect(reduceOptionsUi(initialUiState, 'plan', {})).toBe(initialUiState);
  });
});
