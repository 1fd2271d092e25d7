import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { emptyRow } from '../../../src/store/quote-reducer.js';
import { biasUnavailableReason } from '../../../src/store/availability.js';
import { createMarketStore } from '../../../src/store/store.js';
import type { QuoteRow } from '../../../src/store/types.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

function setup() {
  const clock = new ManualClock(T0);
  const store = createMarketStore({ symbols: ['SPY', 'O:SPY261127C00600000'], demo: false, frameMs: 0, clock });
  return { clock, store, snap: () => store.getSnapshot() };
}

describe('feeds and availability in the store', () => {
  it('starts real-time, with no feeds until the manager says', () => {
    const { snap } = setup();
    expect(snap().quotes.SPY?.delayed).toBe(false);
    expect(snap().indices['I:SPX']?.delayed).toBe(false);
    expect(snap().status.feeds).toBeUndefined();
  });

  it('puts the feeds on the status and marks the rows of delayed or end-of-day classes', () => {
    const { store, snap } = setup();
    store.setFeeds({
      stocks: { feed: 'delayed', recency: 'delayed' },
      indices: { feed: 'rest', recency: 'eod' },
      options: { feed: 'realtime', recency: 'realtime' },
    });
    expect(snap().status.feeds).toEqual({ stocks: 'delayed', indices: 'rest', options: 'realtime' });
    expect(snap().quotes.SPY?.delayed).toBe(true);
    expect(snap().indices['I:VIX']?.delayed).toBe(true);
    expect(snap().quotes['O:SPY261127C00600000']?.delayed).toBe(false);
    store.setFeeds({ stocks: { feed: 'realtime', recency: 'realtime' } });
    expect(snap().status.feeds).toEqual({ stocks: 'realtime' });
    expect(snap().quotes.SPY?.delayed).toBe(false);
    expect(snap().indices['I:VIX']?.delayed).toBe(false);
  });

  it('publishes nothing when the feeds did not change', () => {
    const { store, snap } = setup();
    store.setFeeds({ stocks: { feed: 'delayed', recency: 'delayed' } });
    const version = snap().version;
    const status = snap().status;
    store.setFeeds({ stocks: { feed: 'delayed', recency: 'delayed' } });
    expect(snap().version).toBe(version);
    expect(snap().status).toBe(status);
  });

  it('keeps the delayed flag through updates', () => {
    const { store, snap } = setup();
    store.setFeeds({ stocks: { feed: 'delayed', recency: 'delayed' } });
    store.apply({ ev: 'T', sym: 'SPY', p: 600, s: 1, t: T0 - 15 * 60_000 }, 'ws');
    expect(snap().quotes.SPY).toMatchObject({ price: 600, delayed: true });
  });

  it('says why the bias is missing when the indices are not in the plan, and forgets it once data arrives', () => {
    const { store, snap } = setup();
    expect(snap().biasUnavailable).toBeUndefined();
    store.setUnavailable('I:SPX', 'indices not in your plan');
    store.setUnavailable('I:VIX', 'indices not in your plan');
    expect(snap().indices['I:SPX']?.unavailable).toBe('indices not in your plan');
    expect(snap().biasUnavailable).toBe('indices not in your plan: the bias needs I:SPX and I:VIX');
    store.apply({ ev: 'V', T: 'I:VIX', val: 16, t: T0 }, 'ws');
    expect(snap().indices['I:VIX']?.unavailable).toBeUndefined();
    expect(snap().biasUnavailable).toBe('I:SPX indices not in your plan: the bias needs I:SPX and I:VIX');
    store.setUnavailable('I:SPX', undefined);
    expect(snap().biasUnavailable).toBeUndefined();
  });
});

describe('why the bias cannot be computed', () => {
  const row = (symbol: string, unavailable?: string): QuoteRow => ({
    ...emptyRow(symbol),
    ...(unavailable ? { unavailable } : {}),
  });
  it.each<[string, Record<string, QuoteRow>, string | undefined]>([
    ['both available', { 'I:SPX': row('I:SPX'), 'I:VIX': row('I:VIX') }, undefined],
    [
      'indices not in the plan',
      { 'I:SPX': row('I:SPX', 'indices not in your plan'), 'I:VIX': row('I:VIX', 'indices not in your plan') },
      'indices not in your plan: the bias needs I:SPX and I:VIX',
    ],
    [
      'VIX alone',
      { 'I:SPX': row('I:SPX'), 'I:VIX': row('I:VIX', 'not in your plan') },
      'I:VIX not in your plan: the bias needs I:SPX and I:VIX',
    ],
    [
      'different reasons',
      { 'I:SPX': row('I:SPX', 'unknown ticker'), 'I:VIX': row('I:VIX', 'not in your plan') },
      'I:SPX unknown ticker, I:VIX not in your plan: the bias needs I:SPX and I:VIX',
    ],
    ['rows missing altogether', {}, undefined],
  ])('%s', (_name, rows, expected) => {
    expect(biasUnavailableReason(rows)).toBe(expected);
  });
});
