import { describe, expect, it } from 'vitest';
import { SimMarket } from '../../../src/sim/index.js';
import { emitOptionQuote, placePrice, tickSize } from '../../../src/sim/market/option-flow.js';
import { newOptionState } from '../../../src/sim/market/cursor.js';
import { buildChain, strikeGrid } from '../../../src/sim/market/options.js';
import type { SimEvent } from '../../../src/sim/market/state.js';

// A Tuesday, 10:00 New York: regular session.
const START = Date.UTC(2026, 0, 6, 15, 0, 0);

function run(market: SimMarket, seconds: number): SimEvent[] {
  const out: SimEvent[] = [];
  for (let t = market.now() + 1000; t <= START + seconds * 1000; t += 1000) out.push(...market.advanceTo(t).live);
  return out;
}

describe('option prices respect the minimum tick', () => {
  it.each([
    ['bid', { bid: 0, ask: 0.01 }, false, 0.01],
    ['below_bid', { bid: 0, ask: 0.01 }, false, 0.01],
    ['mid', { bid: 0, ask: 0.01 }, false, 0.01],
    ['mid', { bid: 1, ask: 1.03 }, false, 1.02],
    [0.004, { bid: 0, ask: 0.01 }, false, 0.01],
    [1.234, { bid: 1, ask: 1.5 }, false, 1.23],
    ['above_ask', { bid: 5, ask: 5.2 }, false, 5.25],
    ['above_ask', { bid: 5, ask: 5.2 }, true, 5.21],
    ['below_bid', { bid: 5, ask: 5.2 }, true, 4.99],
  ] as const)('prints %j against %j (penny everywhere %s) at %d', (placement, nbbo, penny, price) => {
    expect(placePrice(placement, nbbo, penny)).toBe(price);
  });

  it.each([
    [0.5, false, 0.01],
    [3, false, 0.05],
    [3, true, 0.01],
    [40, true, 0.01],
  ])('ticks %d (penny everywhere %s) by %d', (price, penny, tick) => {
    expect(tickSize(price, penny)).toBe(tick);
  });

  it('never prints an option below a cent or off the cent, and never quotes an ask of 0, in a busy session', () => {
    const m = new SimMarket({ seed: 11, startMs: START });
    // Far out-of-the-money and deep in-the-money contracts of the nearest expiry, beside the firehose.
    const chain = m.chain('QQQ');
    const first = chain[0]!.expiry;
    for (const c of chain.filter((c) => c.expiry === first)) m.track(c.ticker);
    const events = run(m, 120);
    const trades = events.filter((e) => e.cluster === 'options' && e.ch === 'T');
    const quotes = events.filter((e) => e.cluster === 'options' && e.ch === 'Q');
    expect(trades.length).toBeGreaterThan(50);
    for (const t of trades) {
      const p = t.data.p as number;
      expect(p).toBeGreaterThanOrEqual(0.01);
      expect(Math.round(p * 100) / 100).toBe(p);
    }
    for (const q of quotes) expect(q.data.ap).toBeGreaterThan(0);
  });
});

describe('zero fields are left off the wire', () => {
  const spec = buildChain('SPY', 680, START).find((c) => c.strike === 850 && c.right === 'call')!;

  it('leaves bid price and size off a quote with no bid, and keeps both sides otherwise', () => {
    const state = newOptionState(7, spec, { price: 0.001, delta: 0 });
    const out: SimEvent[] = [];
    emitOptionQuote(state, { bid: 0, ask: 0.01 }, START, 302, [40, 25], 1, out);
    emitOptionQuote(state, { bid: 0.05, ask: 0.07 }, START + 5, 302, [40, 25], 1, out);
    expect(out[0]!.data).toEqual({
      ev: 'Q',
      sym: spec.ticker,
      bx: 302,
      ax: 302,
      ap: 0.01,
      as: 25,
      t: START,
      q: state.seq - 1,
    });
    expect(out[1]!.data).toMatchObject({ bp: 0.05, bs: 40, ap: 0.07, as: 25 });
  });

  it('sends no numeric 0 in any streamed element', () => {
    const m = new SimMarket({ seed: 5, startMs: START });
    for (const c of m.chain('SPY').filter((c) => c.expiry === m.chain('SPY')[0]!.expiry)) m.track(c.ticker);
    const events = run(m, 30);
    expect(events.some((e) => e.ch === 'Q' && e.cluster === 'options' && e.data.bp === undefined)).toBe(true);
    for (const e of events)
      for (const [k, v] of Object.entries(e.data)) if (v === 0) throw new Error(`${e.ch} ${e.sym} sends ${k}: 0`);
  });
});

describe('trades and quotes on clocks that are not in lock-step', () => {
  it('stamps a stock trade a few ms before the quote that follows it, and can deliver that quote first', () => {
    const m = new SimMarket({ seed: 7, startMs: START });
    const events = run(m, 60).filter((e) => e.cluster === 'stocks' && (e.ch === 'T' || e.ch === 'Q'));
    let quoteFirst = 0;
    let tradeJustBefore = 0;
    const lastTrade = new Map<string, number>();
    for (const [i, e] of events.entries()) {
      const t = e.data.t as number;
      if (e.ch === 'T') lastTrade.set(e.sym, t);
      else if (lastTrade.has(e.sym) && t - lastTrade.get(e.sym)! > 0 && t - lastTrade.get(e.sym)! <= 6)
        tradeJustBefore++;
      // A quote element ahead of a trade of the same symbol stamped earlier.
      if (e.ch === 'Q') {
        const later = events.slice(i + 1, i + 40).find((x) => x.sym === e.sym && x.ch === 'T');
        if (later && (later.data.t as number) < t) quoteFirst++;
      }
    }
    expect(tradeJustBefore).toBeGreaterThan(100);
    expect(quoteFirst).toBeGreaterThan(5);
  });
});

describe('strike grid', () => {
  it('lists SPY and QQQ in $1 steps near the money, $5 and then $10 further out', () => {
    const grid = strikeGrid('SPY', 680);
    expect(grid).toContain(679);
    expect(grid).toContain(681);
    expect(grid).toContain(730);
    expect(grid).not.toContain(741);
    expect(grid).toContain(745);
    expect(grid).not.toContain(795);
    expect(grid).toContain(790);
    expect(grid.length).toBeGreaterThan(130);
    expect(grid).toEqual([...grid].sort((a, b) => a - b));
  });

  it('keeps other names on one step within 20 %', () => {
    expect(strikeGrid('AAPL', 232)).toEqual(Array.from({ length: 18 }, (_, i) => 190 + 5 * i));
  });

  it('gives one SPY expiry hundreds of contracts, deterministically', () => {
    const chain = buildChain('SPY', 680, START);
    const perExpiry = chain.filter((c) => c.expiry === chain[0]!.expiry);
    expect(perExpiry.length).toBeGreaterThan(250);
    expect(buildChain('SPY', 680, START)).toEqual(chain);
  });
});
