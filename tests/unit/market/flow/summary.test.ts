import { describe, expect, it } from 'vitest';
import { addToFlowSummary, emptyFlowSummary, FlowSummaries } from '../../../../src/market/flow/summary.js';
import type { FlowPrint } from '../../../../src/market/types.js';

const T0 = Date.UTC(2026, 2, 10, 14, 30);

function print(over: Partial<FlowPrint>): FlowPrint {
  return {
    id: 'x',
    time: T0,
    contract: 'O:SPY260320C00580000',
    underlying: 'SPY',
    expiry: '2026-03-20',
    right: 'call',
    strike: 580,
    spot: 570,
    bid: 2,
    ask: 2.1,
    price: 2.1,
    size: 10,
    premium: 2100,
    side: 'ask',
    kind: 'single',
    exchanges: [316],
    sentiment: 'bullish',
    volume: 10,
    openInterest: 100,
    iv: 0.2,
    moneyness: 1.02,
    dte: 10,
    flags: [],
    prints: 1,
    ...over,
  };
}

describe('addToFlowSummary', () => {
  it.each([
    ['a bullish print', print({ premium: 5000, sentiment: 'bullish' }), { bullishPremium: 5000, bearishPremium: 0 }],
    ['a bearish print', print({ premium: 7000, sentiment: 'bearish' }), { bullishPremium: 0, bearishPremium: 7000 }],
    ['a neutral print', print({ premium: 9000, sentiment: 'neutral' }), { bullishPremium: 0, bearishPremium: 0 }],
  ])('adds %s to the right side', (_n, p, expected) => {
    expect(addToFlowSummary(emptyFlowSummary('SPY'), p)).toEqual({
      underlying: 'SPY',
      ...expected,
      largest: p,
      count: 1,
    });
  });

  it('keeps the largest print by premium, whatever its sentiment', () => {
    const big = print({ id: 'big', premium: 90_000, sentiment: 'neutral' });
    let s = emptyFlowSummary('SPY');
    for (const p of [print({ premium: 1000 }), big, print({ premium: 50_000, sentiment: 'bearish' })])
      s = addToFlowSummary(s, p);
    expect(s).toMatchObject({ bullishPremium: 1000, bearishPremium: 50_000, count: 3 });
    expect(s.largest?.id).toBe('big');
  });
});

describe('FlowSummaries', () => {
  it('keeps one summary per underlying and starts afresh on a new New York date', () => {
    const book = new FlowSummaries();
    book.add(print({ premium: 100 }));
    book.add(print({ underlying: 'QQQ', premium: 300, sentiment: 'bearish' }));
    expect(book.add(print({ premium: 200 }))).toMatchObject({ underlying: 'SPY', bullishPremium: 300, count: 2 });
    const nextDay = T0 + 86_400_000;
    expect(book.get('SPY', nextDay)).toBeUndefined();
    expect(book.get('SPY', T0)?.count).toBe(2);
    expect(book.add(print({ time: nextDay, premium: 50 }))).toMatchObject({ bullishPremium: 50, count: 1 });
    expect(book.all().map((s) => [s.underlying, s.count])).toEqual([
      ['QQQ', 1],
      ['SPY', 1],
    ]);
    expect(book.get('IWM')).toBeUndefined();
  });
});
