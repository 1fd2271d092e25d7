import { describe, expect, it } from 'vitest';
import { ChainListing } from '../../../src/sim/market/chain-listing.js';
import { chainGrid } from '../../../src/sim/market/options.js';

const NOW = Date.parse('2026-01-06T15:00:00Z');

describe('ChainListing', () => {
  const spx = new ChainListing(chainGrid('I:SPX', 6800, NOW));
  const spy = new ChainListing(chainGrid('SPY', 680, NOW));

  it('finds every listed contract by its ticker, equal to the listed one', () => {
    for (const listing of [spx, spy]) {
      const list = listing.list();
      expect(list.length).toBeGreaterThan(1000);
      for (const c of list) expect(listing.get(c.ticker)).toEqual(c);
    }
  });

  it('lists by expiry, then strike, then call before put, with no ticker twice', () => {
    const list = spy.list();
    expect(new Set(list.map((c) => c.ticker)).size).toBe(list.length);
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      const order =
        a.expiry < b.expiry ||
        (a.expiry === b.expiry &&
          (a.strike < b.strike || (a.strike === b.strike && a.right === 'call' && b.right === 'put')));
      expect(order, `${a.ticker} before ${b.ticker}`).toBe(true);
    }
  });

  it('finds nothing for a ticker off the grid, under the wrong root or written differently', () => {
    const weekly = spx.list().find((c) => c.root === 'SPXW')!;
    const monthly = spx.list().find((c) => c.root === 'SPX')!;
    expect(spx.get(weekly.ticker.replace('O:SPXW', 'O:SPX'))).toBeUndefined();
    expect(spx.get(monthly.ticker.replace('O:SPX', 'O:SPXW'))).toBeUndefined();
    const strikes = spy.list().map((c) => c.strike);
    const offGrid = Math.max(...strikes) + 1000;
    const first = spy.list()[0]!;
    expect(spy.get(first.ticker.slice(0, -8) + String(offGrid * 1000).padStart(8, '0'))).toBeUndefined();
    expect(spy.get(first.ticker.replace('O:', ''))).toBeUndefined();
    expect(spy.get(first.ticker.replace(/\d{6}(?=[CP])/, '991231'))).toBeUndefined();
  });

  it('hands the same list to callers that ask again while one is held', () => {
    const held = spy.list();
    expect(spy.list()).toBe(held);
  });
});
