import { describe, expect, it } from 'vitest';
import {
  printLiquidityWarnings,
  quoteLiquidityWarnings,
  spreadFraction,
  type LiquidityQuote,
} from '../../../src/market/liquidity.js';
import type { FlowPrint } from '../../../src/market/types.js';

const NOW = Date.UTC(2026, 2, 10, 15, 0);
const q = (over: Partial<LiquidityQuote>): LiquidityQuote => ({
  symbol: 'O:SPY260320C00580000',
  bid: 2,
  ask: 2.1,
  quoteTime: NOW,
  openInterest: 5000,
  ...over,
});

describe('spreadFraction', () => {
  it.each([
    [2, 2.1, 0.1 / 2.05],
    [0, 0.1, 2],
    [1, 1, 0],
    [2, 1, undefined],
    [undefined, 1, undefined],
    [1, 0, undefined],
    [Number.NaN, 1, undefined],
  ])('bid %s ask %s → %s', (bid, ask, expected) => {
    const f = spreadFraction(bid, ask);
    if (expected === undefined) expect(f).toBeUndefined();
    else expect(f).toBeCloseTo(expected, 12);
  });
});

describe('quoteLiquidityWarnings', () => {
  it.each([
    ['a tight, fresh, liquid quote', q({}), {}, []],
    ['a spread of exactly 10 % of mid', q({ bid: 0.95, ask: 1.05 }), {}, []],
    ['a spread of 18 % of mid', q({ bid: 1, ask: 1.2 }), {}, ['wide_spread:spread 18% of mid']],
    ['a one-sided market (no bid)', q({ bid: 0, ask: 0.05 }), {}, ['wide_spread:spread 200% of mid']],
    [
      'a 5 % spread with a 4 % threshold',
      q({ bid: 1, ask: 1.05 }),
      { maxSpreadFraction: 0.04 },
      ['wide_spread:spread 5% of mid'],
    ],
    ['open interest 99', q({ openInterest: 99 }), {}, ['low_open_interest:open interest 99 < 100']],
    ['open interest 100', q({ openInterest: 100 }), {}, []],
    [
      'open interest under a custom floor',
      q({ openInterest: 400 }),
      { minOpenInterest: 500 },
      ['low_open_interest:open interest 400 < 500'],
    ],
    ['a stock (no open interest)', q({ symbol: 'SPY', openInterest: undefined }), {}, []],
    ['a quote 61 s old', q({ quoteTime: NOW - 61_000 }), {}, ['stale_quote:quote 61s old']],
    ['a quote exactly 60 s old', q({ quoteTime: NOW - 60_000 }), {}, []],
    [
      'a quote 6 s old with a 5 s limit',
      q({ quoteTime: NOW - 6_000 }),
      { staleQuoteMs: 5_000 },
      ['stale_quote:quote 6s old'],
    ],
    ['no quote at all', q({ bid: undefined, ask: undefined, quoteTime: undefined }), {}, []],
    [
      'all three at once',
      q({ bid: 1, ask: 2, openInterest: 3, quoteTime: NOW - 120_000 }),
      {},
      ['wide_spread:spread 67% of mid', 'low_open_interest:open interest 3 < 100', 'stale_quote:quote 120s old'],
    ],
  ])('for %s', (_name, quote, options, expected) => {
    const out = quoteLiquidityWarnings(quote, NOW, options);
    expect(out.map((w) => `${w.reason}:${w.detail}`)).toEqual(expected);
    for (const w of out) expect([w.symbol, w.time]).toEqual([quote.symbol, NOW]);
  });
});

describe('printLiquidityWarnings', () => {
  const base: FlowPrint = {
    id: 'x',
    time: NOW,
    contract: 'O:SPY260320C00580000',
    underlying: 'SPY',
    expiry: '2026-03-20',
    right: 'call',
    strike: 580,
    spot: 570,
    bid: 2,
    ask: 2.1,
    price: 2.3,
    size: 10,
    premium: 2300,
    side: 'above_ask',
    kind: 'single',
    exchanges: [316],
    sentiment: 'bullish',
    volume: 10,
    openInterest: 100,
    iv: 0.2,
    moneyness: 1.02,
    dte: 10,
    flags: ['outside_nbbo'],
    prints: 1,
  };
  it.each([
    ['above the ask', base, ['outside_nbbo:filled 2.30 above ask 2.1']],
    ['below the bid', { ...base, price: 1.5, side: 'below_bid' as const }, ['outside_nbbo:filled 1.50 below bid 2']],
    ['inside the NBBO', { ...base, price: 2.1, side: 'ask' as const, flags: [] }, []],
    [
      'outside with a multi-leg condition',
      { ...base, side: 'none' as const, flags: ['outside_nbbo', 'multi_leg'] as const },
      [],
    ],
    ['late', { ...base, side: 'none' as const, flags: ['late'] as const }, []],
  ])('warns for a print %s as expected', (_n, p, expected) => {
    expect(printLiquidityWarnings(p as FlowPrint).map((w) => `${w.reason}:${w.detail}`)).toEqual(expected);
  });
});
