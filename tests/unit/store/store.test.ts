import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore } from '../../../src/store/store.js';
import type { DataEvent } from '../../../src/massive/events.js';
import { withDefaults } from '../../../src/massive/conditions.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const trade = (sym: string, p: number, t = T0): DataEvent => ({ ev: 'T', sym, p, s: 100, t });

function setup(frameMs = 100) {
  const clock = new ManualClock(T0);
  const store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, frameMs, clock });
  let published = 0;
  store.subscribe(() => published++);
  return { clock, store, published: () => published };
}

describe('market store', () => {
  it('publishes at most one snapshot per frame however many events arrive', () => {
    const { clock, store, published } = setup(100);
    for (let i = 0; i < 1000; i++) store.apply(trade('SPY', 600 + i / 100, T0 + i), 'ws');
    expect(published()).toBe(0);
    clock.advance(100);
    expect(published()).toBe(1);
    expect(store.getSnapshot().quotes.SPY?.price).toBeCloseTo(609.99);
  });

  it('publishes after every change when the frame is 0', () => {
    const { store, published } = setup(0);
    store.apply(trade('SPY', 600), 'ws');
    store.apply(trade('SPY', 601, T0 + 1), 'ws');
    expect(published()).toBe(2);
  });

  it('computes change against the previous close from the REST seed', () => {
    const { clock, store } = setup();
    store.seed('SPY', { prevClose: 600, price: 603, asOf: T0 - 1000 }, 'rest');
    store.apply(trade('SPY', 606), 'ws');
    clock.advance(100);
    const row = store.getSnapshot().quotes.SPY!;
    expect(row.change).toBeCloseTo(6);
    expect(row.changePct).toBeCloseTo(1);
    expect(row.source).toBe('ws');
  });

  it('does not let an older snapshot overwrite a newer streamed price', () => {
    const { clock, store } = setup();
    store.apply(trade('SPY', 606, T0), 'ws');
    store.seed('SPY', { prevClose: 600, price: 590, asOf: T0 - 5000 }, 'rest');
    clock.advance(100);
    const row = store.getSnapshot().quotes.SPY!;
    expect(row.price).toBe(606);
    expect(row.prevClose).toBe(600);
    expect(row.source).toBe('ws');
  });

  it('keeps index tickers apart from the watchlist', () => {
    const { clock, store } = setup();
    store.apply({ ev: 'V', T: 'I:SPX', val: 6800.5, t: T0 }, 'ws');
    clock.advance(100);
    const snap = store.getSnapshot();
    expect(snap.indices['I:SPX']?.price).toBe(6800.5);
    expect(snap.quotes['I:SPX']).toBeUndefined();
    expect(Object.keys(snap.quotes)).toEqual(['SPY', 'QQQ']);
  });

  it('ignores events for symbols nobody watches', () => {
    const { clock, store, published } = setup();
    store.apply(trade('TSLA', 400), 'ws');
    clock.advance(100);
    expect(published()).toBe(0);
  });

  it('takes bid and ask from quotes and volume and VWAP from bars', () => {
    const { clock, store } = setup();
    store.apply({ ev: 'Q', sym: 'QQQ', bp: 500.1, ap: 500.12, t: T0 }, 'ws');
    store.apply(
      { ev: 'A', sym: 'QQQ', o: 500, h: 501, l: 499, c: 500.5, v: 10, av: 12345, a: 500.2, s: T0, e: T0 + 1000 },
      'ws',
    );
    clock.advance(100);
    const row = store.getSnapshot().quotes.QQQ!;
    expect([row.bid, row.ask, row.volume, row.vwap, row.price]).toEqual([500.1, 500.12, 12345, 500.2, 500.5]);
  });

  it('fires no listener and leaves no timer after close', () => {
    const { clock, store, published } = setup();
    store.apply(trade('SPY', 600), 'ws');
    store.close();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(published()).toBe(0);
  });

  it('publishes a status change once and ignores a repeat', () => {
    const { clock, store, published } = setup();
    store.setStatus({ connection: 'live' });
    clock.advance(100);
    store.setStatus({ connection: 'live' });
    clock.advance(100);
    expect(published()).toBe(1);
    expect(store.getSnapshot().status).toMatchObject({ connection: 'live', demo: true });
  });
});

describe('market store and trade conditions', () => {
  const odd = (p: number, t: number): DataEvent => ({ ev: 'T', sym: 'SPY', p, s: 7, c: [37], t });

  it('does not move Last on an odd lot with the built-in rules', () => {
    const { clock, store, published } = setup();
    store.apply(trade('SPY', 600, T0), 'ws');
    clock.advance(100);
    store.apply(odd(650, T0 + 1), 'ws');
    clock.advance(100);
    expect(store.getSnapshot().quotes.SPY).toMatchObject({ price: 600, tradeAt: T0 });
    expect(published()).toBe(1);
  });

  it('follows the rules it is given later', () => {
    const { clock, store } = setup();
    store.setConditions(
      withDefaults({ stocks: { 37: { updatesLast: true, updatesVolume: true, updatesHighLow: true } } }),
    );
    store.apply(odd(650, T0 + 1), 'ws');
    clock.advance(100);
    expect(store.getSnapshot().quotes.SPY?.price).toBe(650);
  });

  it('takes its rules from the options', () => {
    const clock = new ManualClock(T0);
    const conditions = withDefaults({
      stocks: { 14: { updatesLast: false, updatesVolume: true, updatesHighLow: true } },
    });
    const store = createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 0, clock, conditions });
    store.apply({ ev: 'T', sym: 'SPY', p: 600, s: 100, c: [14], t: T0 }, 'ws');
    expect(store.getSnapshot().quotes.SPY?.price).toBeUndefined();
  });
});
