import { describe, expect, it } from 'vitest';
import { FlowAggregator, defaultUnderlyingOf, type OptionTrade } from '../../../../src/market/flow/aggregator.js';
import type { FlowPrint } from '../../../../src/market/types.js';

/** Tuesday 2026-03-10 10:30 New York. */
const T0 = Date.UTC(2026, 2, 10, 14, 30);
const CALL = 'O:SPY260320C00580000';
const PUT = 'O:SPY260320P00560000';

function setup(): FlowAggregator {
  const agg = new FlowAggregator();
  for (const c of [CALL, PUT]) {
    agg.quote(c, { time: T0 - 5_000, bid: 2, ask: 2.1 });
    agg.setContract(c, { openInterest: 10_000, iv: 0.21, volume: 0 }, T0);
  }
  agg.setSpot('SPY', 570);
  return agg;
}

const t = (over: Partial<OptionTrade> & { time: number }): OptionTrade => ({
  contract: CALL,
  price: 2.1,
  size: 10,
  exchange: 316,
  conditions: [209],
  ...over,
});

function feed(agg: FlowAggregator, trades: readonly OptionTrade[]): FlowPrint[] {
  return trades.flatMap((tr) => agg.trade(tr));
}

describe('FlowAggregator scripted orders', () => {
  it('classifies three prints on three exchanges within 300 ms as one sweep', () => {
    const agg = setup();
    const early = feed(agg, [
      t({ time: T0, exchange: 302, size: 100, conditions: [219] }),
      t({ time: T0 + 120, exchange: 309, size: 50, conditions: [219] }),
      t({ time: T0 + 300, exchange: 316, size: 50, price: 2.12, conditions: [219] }),
    ]);
    expect(early).toEqual([]);
    expect(agg.flush(T0 + 1000)).toEqual([]);
    const [sweep, ...rest] = agg.flush(T0 + 1001);
    expect(rest).toEqual([]);
    expect(sweep).toMatchObject({
      contract: CALL,
      underlying: 'SPY',
      expiry: '2026-03-20',
      right: 'call',
      strike: 580,
      kind: 'sweep',
      prints: 3,
      exchanges: [302, 309, 316],
      size: 200,
      side: 'ask',
      sentiment: 'bullish',
      bid: 2,
      ask: 2.1,
      time: T0,
      volume: 200,
      openInterest: 10_000,
      iv: 0.21,
      spot: 570,
      dte: 10,
    });
    expect(sweep?.premium).toBeCloseTo(2.1 * 150 * 100 + 2.12 * 50 * 100, 6);
    expect(sweep?.price).toBeCloseTo((2.1 * 150 + 2.12 * 50) / 200, 9);
    expect(sweep?.moneyness).toBeCloseTo(580 / 570, 12);
    expect(sweep?.fills?.map((f) => [f.exchange, f.size, f.side])).toEqual([
      [302, 100, 'ask'],
      [309, 50, 'ask'],
      [316, 50, 'above_ask'],
    ]);
    expect(sweep?.flags).toEqual(['outside_nbbo']);
  });

  it('classifies several prints on one exchange within the window as a split', () => {
    const agg = setup();
    feed(
      agg,
      [0, 200, 400, 900].map((dt) => t({ time: T0 + dt, exchange: 316, size: 25, price: 2 })),
    );
    const [split] = agg.flush(Number.POSITIVE_INFINITY);
    expect(split).toMatchObject({
      kind: 'split',
      prints: 4,
      exchanges: [316],
      size: 100,
      side: 'bid',
      sentiment: 'bearish',
    });
    expect(split?.fills).toHaveLength(4);
  });

  it('classifies one 1,000-lot print as a block with unusual size', () => {
    const agg = setup();
    feed(agg, [t({ time: T0, size: 1000, price: 2.05 })]);
    const [block] = agg.flush(Number.POSITIVE_INFINITY);
    expect(block).toMatchObject({
      kind: 'block',
      prints: 1,
      size: 1000,
      side: 'mid',
      sentiment: 'neutral',
      premium: 205_000,
    });
    expect(block?.flags).toContain('unusual_size');
    expect(block?.fills).toBeUndefined();
  });

  it.each([
    ['a small print', 10, 2.1, 'single'],
    ['499 contracts', 499, 2.1, 'single'],
    ['500 contracts', 500, 2.1, 'block'],
    ['100 contracts worth $1M', 100, 100, 'block'],
  ])('classifies %s alone as %s', (_name, size, price, kind) => {
    const agg = setup();
    agg.quote(CALL, { time: T0 - 1, bid: price - 0.1, ask: price });
    feed(agg, [t({ time: T0, size, price })]);
    expect(agg.flush(Number.POSITIVE_INFINITY)[0]?.kind).toBe(kind);
  });

  it('marks a sweep of $1M or more at the ask as a golden sweep', () => {
    const agg = setup();
    agg.quote(CALL, { time: T0 - 1, bid: 9.9, ask: 10 });
    feed(
      agg,
      [302, 309, 316].map((x, i) => t({ time: T0 + i * 50, exchange: x, size: 400, price: 10 })),
    );
    const [order] = agg.flush(Number.POSITIVE_INFINITY);
    expect(order?.kind).toBe('sweep');
    expect(order?.premium).toBe(1_200_000);
    expect(order?.flags).toEqual(['golden_sweep', 'unusual_size']);
  });

  it('does not call a large sweep at the bid golden', () => {
    const agg = setup();
    agg.quote(PUT, { time: T0 - 1, bid: 10, ask: 10.1 });
    feed(
      agg,
      [302, 309].map((x, i) => t({ contract: PUT, time: T0 + i, exchange: x, size: 600, price: 10 })),
    );
    const [order] = agg.flush(Number.POSITIVE_INFINITY);
    expect(order).toMatchObject({ kind: 'sweep', side: 'bid', sentiment: 'bullish', right: 'put' });
    expect(order?.flags).not.toContain('golden_sweep');
  });
});

describe('FlowAggregator windows and emission', () => {
  it('closes a window when a later print of any contract shows its time has passed', () => {
    const agg = setup();
    expect(agg.trade(t({ time: T0 }))).toEqual([]);
    const out = agg.trade(t({ contract: PUT, time: T0 + 1500, price: 2 }));
    expect(out.map((p) => [p.contract, p.kind])).toEqual([[CALL, 'single']]);
    expect(agg.stats().pending).toBe(1);
  });

  it('starts a new order for the same contract after the window', () => {
    const agg = setup();
    const out = feed(agg, [
      t({ time: T0, exchange: 302 }),
      t({ time: T0 + 1000, exchange: 309 }),
      t({ time: T0 + 1001, exchange: 316 }),
    ]);
    expect(out.map((p) => [p.kind, p.prints])).toEqual([['sweep', 2]]);
    expect(agg.flush(Number.POSITIVE_INFINITY).map((p) => [p.kind, p.exchanges])).toEqual([['single', [316]]]);
  });

  it('emits late, multi-leg and cross prints at once, never joined to an order', () => {
    const agg = setup();
    agg.trade(t({ time: T0, exchange: 302 }));
    const late = agg.trade(t({ time: T0 + 10, exchange: 309, conditions: [204] }));
    const leg = agg.trade(t({ time: T0 + 20, exchange: 309, price: 3, conditions: [232] }));
    const cross = agg.trade(t({ time: T0 + 30, exchange: 309, conditions: [229] }));
    expect(late.map((p) => [p.kind, p.side, p.flags])).toEqual([['single', 'none', ['late']]]);
    expect(leg.map((p) => [p.kind, p.side, p.sentiment, p.flags])).toEqual([
      ['single', 'none', 'neutral', ['multi_leg']],
    ]);
    expect(cross.map((p) => [p.side, p.flags])).toEqual([['none', []]]);
    expect(agg.flush(Number.POSITIVE_INFINITY).map((p) => [p.kind, p.prints])).toEqual([['single', 1]]);
  });

  it('drops cancel prints and malformed trades, counting them', () => {
    const agg = setup();
    const out = feed(agg, [
      t({ time: T0, conditions: [201] }),
      t({ time: T0, contract: 'SPY' }),
      t({ time: T0, price: Number.NaN }),
      t({ time: T0, size: 0 }),
      t({ time: Number.NaN }),
    ]);
    expect(out).toEqual([]);
    expect(agg.flush(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(agg.stats()).toEqual({ accepted: 0, rejected: 4, canceled: 1, emitted: 0, pending: 0 });
  });

  it('loses no print: every accepted contract appears in exactly one emitted order', () => {
    const agg = setup();
    const trades: OptionTrade[] = [];
    for (let i = 0; i < 200; i++) {
      trades.push(
        t({
          contract: i % 3 === 0 ? PUT : CALL,
          time: T0 + i * 137,
          exchange: 300 + (i % 4),
          size: 1 + (i % 7),
          conditions: i % 11 === 0 ? [232] : [209],
        }),
      );
    }
    const out = [...feed(agg, trades), ...agg.flush(Number.POSITIVE_INFINITY)];
    expect(out.reduce((s, p) => s + p.size, 0)).toBe(trades.reduce((s, tr) => s + tr.size, 0));
    expect(new Set(out.map((p) => p.id)).size).toBe(out.length);
    expect(agg.stats()).toMatchObject({ accepted: 200, emitted: out.length, pending: 0 });
  });

  it('judges each print against the NBBO in force at its time, not a later quote', () => {
    const agg = setup();
    agg.quote(CALL, { time: T0 + 50, bid: 2.5, ask: 2.6 });
    agg.trade(t({ time: T0 + 10, price: 2.1 }));
    const [p] = agg.flush(Number.POSITIVE_INFINITY);
    expect([p?.side, p?.bid, p?.ask]).toEqual(['ask', 2, 2.1]);
  });

  it('leaves the side none without any quote', () => {
    const agg = new FlowAggregator();
    agg.trade(t({ time: T0 }));
    expect(agg.flush(Number.POSITIVE_INFINITY)[0]).toMatchObject({
      side: 'none',
      sentiment: 'neutral',
      bid: undefined,
      spot: undefined,
      moneyness: undefined,
      openInterest: undefined,
    });
  });
});

describe('FlowAggregator contract facts and flags', () => {
  it.each([
    ['size above open interest', { openInterest: 20, volume: 0 }, 30, true],
    ['day volume passing open interest', { openInterest: 100, volume: 80 }, 30, true],
    ['volume and size within open interest', { openInterest: 100, volume: 10 }, 30, false],
    ['unknown open interest', { volume: 0 }, 30, false],
  ])('flags opening for %s: %s', (_name, info, size, opening) => {
    const agg = setup();
    agg.setContract(CALL, { openInterest: undefined, ...info }, T0);
    agg.trade(t({ time: T0, size }));
    expect(agg.flush(Number.POSITIVE_INFINITY)[0]?.flags.includes('opening')).toBe(opening);
  });

  it.each([
    ['half the open interest, 50+ lots', 200, 100, true],
    ['under the minimum size', 60, 49, false],
    ['under half the open interest', 1000, 400, false],
    ['the block size regardless of OI', 1_000_000, 500, true],
  ])('flags unusual size for %s: %s', (_name, oi, size, unusual) => {
    const agg = setup();
    agg.setContract(CALL, { openInterest: oi }, T0);
    agg.trade(t({ time: T0, size }));
    expect(agg.flush(Number.POSITIVE_INFINITY)[0]?.flags.includes('unusual_size')).toBe(unusual);
  });

  it('counts day volume from the snapshot and resets it on a new New York date', () => {
    const agg = setup();
    agg.setContract(CALL, { volume: 1000 }, T0);
    const out = feed(agg, [t({ time: T0, size: 5 }), t({ time: T0 + 86_400_000, size: 7 })]);
    expect([...out, ...agg.flush(Number.POSITIVE_INFINITY)].map((p) => p.volume)).toEqual([1005, 7]);
  });

  it('flags 0DTE on expiry day and maps SPXW to SPX for spot and summaries', () => {
    const agg = new FlowAggregator();
    const spxw = 'O:SPXW260310P05700000';
    agg.quote(spxw, { time: T0 - 1, bid: 5, ask: 5.2 });
    agg.setSpot('SPX', 5750);
    agg.trade({ contract: spxw, time: T0, price: 5.2, size: 20, exchange: 302 });
    const [p] = agg.flush(Number.POSITIVE_INFINITY);
    expect(p).toMatchObject({ underlying: 'SPX', dte: 0, spot: 5750, sentiment: 'bearish' });
    expect(p?.flags).toContain('0dte');
    expect(p?.moneyness).toBeCloseTo(5700 / 5750, 12);
  });

  it.each([
    ['SPXW', 'SPX'],
    ['NDXP', 'NDX'],
    ['RUTW', 'RUT'],
    ['SPY', 'SPY'],
    ['AMC1', 'AMC1'],
  ])('maps root %s to underlying %s', (root, underlying) => {
    expect(defaultUnderlyingOf(root)).toBe(underlying);
  });

  it('honours configured thresholds', () => {
    const agg = new FlowAggregator({ thresholds: { windowMs: 100, blockSize: 50 } });
    agg.quote(CALL, { time: T0 - 1, bid: 2, ask: 2.1 });
    const out = feed(agg, [t({ time: T0, exchange: 302 }), t({ time: T0 + 150, exchange: 309, size: 60 })]);
    expect(out.map((p) => p.kind)).toEqual(['single']);
    expect(agg.flush(Number.POSITIVE_INFINITY).map((p) => p.kind)).toEqual(['block']);
  });
});
