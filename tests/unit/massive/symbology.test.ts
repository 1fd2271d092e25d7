import { describe, it, expect } from 'vitest';
import {
  classifySymbol,
  formatOptionTicker,
  isIndexTicker,
  isOptionTicker,
  isValidStockSymbol,
  normalizeUserSymbol,
  parseOptionTicker,
} from '../../../src/massive/symbology.js';

describe('parseOptionTicker', () => {
  it.each([
    ['O:SPY251219C00650000', { root: 'SPY', expiry: '2025-12-19', right: 'call', strike: 650 }],
    ['O:AAPL230616C00150000', { root: 'AAPL', expiry: '2023-06-16', right: 'call', strike: 150 }],
    ['O:SPY241220P00720000', { root: 'SPY', expiry: '2024-12-20', right: 'put', strike: 720 }],
    ['O:SPY261218C00650000', { root: 'SPY', expiry: '2026-12-18', right: 'call', strike: 650 }],
    ['O:TSLA210903C00700000', { root: 'TSLA', expiry: '2021-09-03', right: 'call', strike: 700 }],
    ['O:SPXW251219P05432500', { root: 'SPXW', expiry: '2025-12-19', right: 'put', strike: 5432.5 }],
    ['O:AMC1230120C00002500', { root: 'AMC1', expiry: '2023-01-20', right: 'call', strike: 2.5 }],
    ['O:F250117C00012125', { root: 'F', expiry: '2025-01-17', right: 'call', strike: 12.125 }],
  ])('parses %s', (ticker, expected) => {
    expect(parseOptionTicker(ticker)).toEqual(expected);
  });

  it.each([
    ['missing prefix', 'SPY251219C00650000'],
    ['lower-case right', 'O:SPY251219c00650000'],
    ['bad right letter', 'O:SPY251219X00650000'],
    ['short strike', 'O:SPY251219C0065000'],
    ['no root', 'O:251219C00650000'],
    ['root too long', 'O:ABCDEFG251219C00650000'],
    ['month 13', 'O:SPY251319C00650000'],
    ['Feb 30', 'O:SPY250230C00650000'],
    ['lower-case root', 'O:spy251219C00650000'],
    ['empty', ''],
    ['index ticker', 'I:SPX'],
  ])('rejects a ticker with %s', (_name, ticker) => {
    expect(parseOptionTicker(ticker)).toBeUndefined();
    expect(isOptionTicker(ticker)).toBe(false);
  });
});

describe('formatOptionTicker', () => {
  it.each(['O:SPY251219C00650000', 'O:SPXW251219P05432500', 'O:AMC1230120C00002500', 'O:F250117C00012125'])(
    'round-trips %s',
    (ticker) => {
      const parsed = parseOptionTicker(ticker);
      expect(parsed).toBeDefined();
      expect(formatOptionTicker(parsed!)).toBe(ticker);
    },
  );

  it('rounds float strikes to the nearest tenth of a cent', () => {
    expect(formatOptionTicker({ root: 'spy', expiry: '2026-12-18', right: 'put', strike: 0.1 + 0.2 })).toBe(
      'O:SPY261218P00000300',
    );
  });

  it.each([
    ['negative strike', { root: 'SPY', expiry: '2026-12-18', right: 'call' as const, strike: -1 }],
    ['strike too large', { root: 'SPY', expiry: '2026-12-18', right: 'call' as const, strike: 100_000 }],
    ['NaN strike', { root: 'SPY', expiry: '2026-12-18', right: 'call' as const, strike: Number.NaN }],
    ['bad expiry', { root: 'SPY', expiry: '2026-13-01', right: 'call' as const, strike: 1 }],
    ['expiry outside 20xx', { root: 'SPY', expiry: '2126-01-01', right: 'call' as const, strike: 1 }],
    ['root with a space', { root: 'S Y', expiry: '2026-12-18', right: 'call' as const, strike: 1 }],
  ])('returns undefined for %s', (_name, option) => {
    expect(formatOptionTicker(option)).toBeUndefined();
  });
});

describe('stock and index tickers', () => {
  it.each([
    ['AAPL', true],
    ['BRK.B', true],
    ['BF-B', true],
    ['A', true],
    ['ABCDEFGHIJ', true],
    ['ABCDEFGHIJK', false],
    ['aapl', false],
    ['SP Y', false],
    ['$$$', false],
    ['', false],
    ['.A', false],
    ['A.', false],
    ['I:SPX', false],
  ])('isValidStockSymbol(%j) is %s', (symbol, expected) => {
    expect(isValidStockSymbol(symbol)).toBe(expected);
  });

  it.each([
    ['I:SPX', true],
    ['I:VIX', true],
    ['I:NDX', true],
    ['I:', false],
    ['SPX', false],
    ['I:S&P', false],
  ])('isIndexTicker(%j) is %s', (symbol, expected) => {
    expect(isIndexTicker(symbol)).toBe(expected);
  });

  it.each([
    ['SPY', 'stocks'],
    ['BRK.B', 'stocks'],
    ['O:SPY261218C00650000', 'options'],
    ['I:SPX', 'indices'],
    ['C:EURUSD', undefined],
    ['X:BTCUSD', undefined],
    ['spy', undefined],
  ])('classifySymbol(%j) is %s', (symbol, expected) => {
    expect(classifySymbol(symbol)).toBe(expected);
  });
});

describe('normalizeUserSymbol', () => {
  it.each([
    ['spy', 'SPY'],
    ['  nvda ', 'NVDA'],
    ['brk.b', 'BRK.B'],
    ['i:spx', 'I:SPX'],
    ['o:spy261218c00650000', 'O:SPY261218C00650000'],
    ['SP Y', undefined],
    ['$$$', undefined],
    ['', undefined],
    ['   ', undefined],
    ['O:SPY261318C00650000', undefined],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeUserSymbol(input)).toBe(expected);
  });
});

describe('underlyingOfRoot', () => {
  it.each([
    ['SPY', 'SPY'],
    ['SPXW', 'I:SPX'],
    ['SPX', 'I:SPX'],
    ['NDXP', 'I:NDX'],
    ['VIXW', 'I:VIX'],
    ['AMC1', 'AMC'],
  ])('maps %s to %s', async (root, underlying) => {
    const { underlyingOfRoot } = await import('../../../src/massive/symbology.js');
    expect(underlyingOfRoot(root)).toBe(underlying);
  });
});
