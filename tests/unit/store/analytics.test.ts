import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createMarketStore, type StoreEvent } from '../../../src/store/store.js';
import { parseAlertRules } from '../../../src/market/alerts.js';
import type { DataEvent } from '../../../src/massive/events.js';

// Tuesday 2026-11-24, 10:30 New York.
const T0 = Date.UTC(2026, 10, 24, 15, 30, 0);
const CALL = 'O:SPY261218C00690000';

function setup(alerts: string[] = []) {
  const clock = new ManualClock(T0);
  const { rules } = parseAlertRules(alerts);
  const store = createMarketStore({
    symbols: ['SPY'],
    demo: true,
    frameMs: 100,
    clock,
    analytics: { alertRules: rules },
  });
  const events: StoreEvent[] = [];
  store.subscribeEvents((e) => events.push(e));
  const feed = (e: DataEvent) => store.apply(e, 'ws');
  return { clock, store, events, feed };
}

describe('store analytics', () => {
  it('classifies a sweep across three exchanges as one bullish flow event with its fills', () => {
    const { clock, store, events, feed } = setup();
    feed({ ev: 'T', sym: 'SPY', p: 681, s: 100, t: T0 });
    feed({ ev: 'Q', sym: CALL, bp: 4.9, ap: 5.0, t: T0 });
    feed({ ev: 'T', sym: CALL, p: 5.0, s: 300, x: 302, t: T0 + 10 });
    feed({ ev: 'T', sym: CALL, p: 5.0, s: 400, x: 309, t: T0 + 120 });
    feed({ ev: 'T', sym: CALL, p: 5.0, s: 500, x: 316, t: T0 + 300 });
    expect(events.filter((e) => e.type === 'flow')).toHaveLength(0); // the window is still open
    clock.advance(1500);
    const flows = events.flatMap((e) => (e.type === 'flow' ? [e.print] : []));
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({
      kind: 'sweep',
      side: 'ask',
      sentiment: 'bullish',
      size: 1200,
      premium: 600_000,
      underlying: 'SPY',
      spot: 681,
      prints: 3,
    });
    expect(flows[0]!.exchanges).toEqual([302, 309, 316]);
    clock.advance(100);
    const snap = store.getSnapshot();
    expect(snap.flow[0]?.id).toBe(flows[0]!.id);
    expect(snap.flowSummary.SPY).toMatchObject({ bullishPremium: 600_000, bearishPremium: 0, count: 1 });
    store.close();
    expect(clock.pending).toBe(0);
  });

  it('computes indicators and a sparkline from minute bars', () => {
    const { clock, store, feed } = setup();
    for (let i = 0; i < 30; i++) {
      const s = T0 - (30 - i) * 60_000;
      feed({
        ev: 'AM',
        sym: 'SPY',
        o: 600 + i,
        h: 601 + i,
        l: 599 + i,
        c: 600.5 + i,
        v: 1000,
        vw: 600 + i,
        s,
        e: s + 60_000,
      });
    }
    clock.advance(100);
    const snap = store.getSnapshot();
    expect(snap.indicators.SPY?.bars).toBe(30);
    expect(snap.indicators.SPY?.trend).toBe('up');
    expect(snap.indicators.SPY?.rsi14).toBeGreaterThan(90);
    expect(snap.sparklines.SPY).toHaveLength(30);
    expect(snap.sparklines.SPY?.at(-1)).toBe(629.5);
  });

  it('turns bearish when SPX falls below its EMAs and VIX jumps, and keeps the bias object while nothing changes', () => {
    const { clock, store, feed } = setup();
    const bars = Array.from({ length: 40 }, (_, i) => {
      const s = T0 - (40 - i) * 60_000;
      const c = 6900 - i * 5;
      return {
        timeMs: s,
        open: c + 2,
        high: c + 3,
        low: c - 3,
        close: c,
        volume: undefined,
        vwap: undefined,
        trades: undefined,
      };
    });
    store.seedBars('I:SPX', bars);
    store.seed('I:VIX', { prevClose: 15, price: 15, asOf: T0 - 1000 }, 'rest');
    feed({ ev: 'V', T: 'I:SPX', val: 6690, t: T0 });
    feed({ ev: 'V', T: 'I:VIX', val: 22, t: T0 });
    clock.advance(100);
    const first = store.getSnapshot().bias!;
    expect(first.label).toBe('bearish');
    expect(first.vixRegime).toBe('elevated');
    expect(first.reasons.length).toBeGreaterThan(1);
    store.setStale('SPY', true);
    clock.advance(100);
    expect(store.getSnapshot().bias).toBe(first);
  });

  it('fires a price alert once when crossing, and again only after re-arming', () => {
    const { clock, events, feed } = setup(['SPY>600']);
    const prices = [599, 601, 602, 598, 603];
    for (const [i, p] of prices.entries()) {
      feed({ ev: 'T', sym: 'SPY', p, s: 1, t: T0 + i });
      clock.advance(100);
    }
    const alerts = events.flatMap((e) => (e.type === 'alert' ? [e.alert] : []));
    expect(alerts.map((a) => a.message)).toEqual([expect.stringContaining('601'), expect.stringContaining('603')]);
  });

  it('raises a liquidity warning for a print outside the NBBO', () => {
    const { clock, events, feed } = setup();
    feed({ ev: 'Q', sym: CALL, bp: 4.9, ap: 5.0, t: T0 });
    feed({ ev: 'T', sym: CALL, p: 5.4, s: 10, x: 302, t: T0 + 10 });
    clock.advance(2000);
    const warnings = events.flatMap((e) => (e.type === 'liquidity' ? [e.warning] : []));
    expect(warnings.some((w) => w.reason === 'outside_nbbo' && w.symbol === CALL)).toBe(true);
  });

  it('drains every pending flow window on flush', () => {
    const { store, events, feed } = setup();
    feed({ ev: 'Q', sym: CALL, bp: 4.9, ap: 5.0, t: T0 });
    feed({ ev: 'T', sym: CALL, p: 4.9, s: 20, x: 302, t: T0 + 10 });
    store.flush();
    expect(events.filter((e) => e.type === 'flow')).toHaveLength(1);
  });
});
