import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import type { Bar } from '../../../src/massive/rest-models.js';
import { sessionBars } from '../../../src/store/session-bars.js';
import { createMarketStore } from '../../../src/store/store.js';

// Monday 2026-11-30 09:30 New York.
const OPEN = Date.UTC(2026, 10, 30, 14, 30);
const bar = (timeMs: number, close = 10): Bar => ({
  timeMs,
  open: close,
  high: close,
  low: close,
  close,
  volume: 100,
  vwap: undefined,
  trades: undefined,
});

describe('sessionBars', () => {
  it('keeps the bars of the newest bar’s New York date only', () => {
    const yesterday = [bar(OPEN - 86_400_000), bar(OPEN - 86_400_000 + 60_000)];
    // 04:00 New York pre-market is the same session; 23:59 the day before is not.
    const today = [bar(OPEN - 330 * 60_000), bar(OPEN), bar(OPEN + 60_000)];
    const lateYesterday = bar(OPEN - (9 * 60 + 31) * 60_000);
    expect(sessionBars([...yesterday, lateYesterday, ...today])).toEqual(today);
    expect(sessionBars([])).toEqual([]);
  });

  it('is capped', () => {
    const many = Array.from({ length: 50 }, (_, i) => bar(OPEN + i * 60_000));
    expect(sessionBars(many, 20)).toEqual(many.slice(-20));
  });
});

describe('store.setSymbols (the watchlist edited while running)', () => {
  function setup() {
    const clock = new ManualClock(OPEN + 3_600_000);
    const store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, frameMs: 0, clock });
    return { store };
  }

  it('adds a symbol with an empty row that then takes data, indicators and session bars', () => {
    const { store } = setup();
    store.setSymbols(['SPY', 'QQQ', 'NVDA']);
    let snap = store.getSnapshot();
    expect(snap.symbols).toEqual(['SPY', 'QQQ', 'NVDA']);
    expect(snap.quotes.NVDA).toMatchObject({ symbol: 'NVDA', price: undefined });
    store.apply({ ev: 'T', sym: 'NVDA', p: 181.5, s: 100, t: OPEN + 3_600_000 }, 'ws');
    store.seedBars('NVDA', [bar(OPEN), bar(OPEN + 60_000, 11)]);
    snap = store.getSnapshot();
    expect(snap.quotes.NVDA?.price).toBe(181.5);
    expect(snap.sessionBars?.NVDA?.map((b) => b.close)).toEqual([10, 11]);
    expect(snap.indicators.NVDA?.bars).toBe(2);
  });

  it('removes and reorders, and keeps the index rows', () => {
    const { store } = setup();
    store.setSymbols(['QQQ']);
    const snap = store.getSnapshot();
    expect(snap.symbols).toEqual(['QQQ']);
    expect(Object.keys(snap.quotes)).toEqual(['QQQ']);
    expect(Object.keys(snap.indices).sort()).toEqual(['I:SPX', 'I:VIX']);
    store.apply({ ev: 'T', sym: 'SPY', p: 600, s: 100, t: OPEN + 3_600_000 }, 'ws');
    expect(store.getSnapshot().quotes.SPY).toBeUndefined();
  });
});
