/**
 * The REST budget's two lanes: the poller's price requests before background REST (history,
 * chains). On a free key (5 calls a minute) the watchlist's prices must not wait behind bar
 * history, nor behind the market panel's indices.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { MassiveError } from '../../../src/lib/errors.js';
import { takeSlot } from '../../../src/stream/backfill.js';
import { RestBudget } from '../../../src/stream/budget.js';
import { pollerRig } from '../../helpers/poller-rig.js';

const FREE = { limit: 5, intervalMs: 60_000 };
const EOD_ONLY = { feed: 'rest', snapshots: false, recency: 'eod' } as const;

describe('REST budget lanes', () => {
  it('gives background a slot only when it leaves one for every poll waiting', () => {
    const clock = new ManualClock(0);
    const budget = new RestBudget({ clock, quota: FREE });
    let waiting = 2;
    budget.setPollsWaiting(() => waiting);
    expect(budget.tryTake('background')).toBe(true);
    expect(budget.tryTake('background')).toBe(true);
    // Two of four taken, two polls waiting: background must wait, a poll may go.
    expect(budget.tryTake('background')).toBe(false);
    expect(budget.waitMs('background')).toBeGreaterThan(60_000);
    expect(budget.tryTake('poll')).toBe(true);
    waiting = 1;
    expect(budget.tryTake('background')).toBe(false);
    waiting = 0;
    expect(budget.tryTake('background')).toBe(true);
    // The window is full for both lanes now.
    expect(budget.tryTake('poll')).toBe(false);
  });

  it('gives back the slot of a call the proxy refused with a 429', () => {
    const clock = new ManualClock(0);
    const budget = new RestBudget({ clock, quota: FREE });
    for (let i = 0; i < 4; i++) {
      clock.set(i * 100);
      expect(budget.tryTake()).toBe(true);
    }
    expect(budget.tryTake()).toBe(false);
    budget.refund(200);
    budget.refund(200); // once only: the slot is gone
    expect(budget.used).toBe(3);
    expect(budget.tryTake()).toBe(true);
    expect(budget.tryTake()).toBe(false);
  });

  it('trusts an empty shared bucket for one refill interval, then tries again', () => {
    const clock = new ManualClock(0);
    const budget = new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } });
    budget.observe({ 'x-quota-left': '0' });
    expect(budget.tryTake()).toBe(false);
    clock.set(20);
    // Nothing else arrives to say the bucket refilled: the budget does not wait forever.
    expect(budget.tryTake()).toBe(true);
  });

  it("sends the watchlist's prices before history and before the indices on a free key", async () => {
    const sent: string[] = [];
    const r = pollerRig(
      (path) => {
        sent.push(path);
        const ticker = /ticker\/([^/]+)\/prev/.exec(path)?.[1] ?? 'X';
        return { status: 'OK', results: [{ T: ticker, c: 100, o: 99, h: 101, l: 98, v: 1, t: 1 }] };
      },
      { quota: FREE },
    );
    const history = new AbortController();
    let historySlots = 0;
    // History keeps asking from the start: it must only get what the prices leave.
    const loop = async (): Promise<void> => {
      while (!history.signal.aborted) {
        await takeSlot(r.budget, r.clock, history.signal, 'background');
        historySlots++;
        sent.push(`history ${historySlots}`);
      }
    };
    for (const asset of ['stocks', 'indices'] as const) r.poller.setEntitlement(asset, EOD_ONLY);
    r.poller.refresh({ stocks: [], options: [], indices: ['I:SPX', 'I:VIX', 'I:NDX'] }, 'regular', 1);
    r.poller.refresh({ stocks: ['SPY', 'QQQ'], options: [], indices: [] }, 'regular', 1);
    const looping = loop().catch((e: unknown) => {
      if (!(e instanceof MassiveError && e.code === 'ABORTED')) throw e;
    });
    await r.run(200_000, 1_000);
    history.abort();
    await looping;
    r.poller.close();
    const prices = sent.filter((s) => s.includes('/prev'));
    const firstHistory = sent.findIndex((s) => s.startsWith('history'));
    // All five prices went before any history. Each family is probed with one request first (a
    // 403 costs one call), then stocks go before indices: both watchlist prices are among the
    // first three calls, which is what a free account has left after the proxy's plan probes.
    expect(prices).toHaveLength(5);
    expect(firstHistory).toBe(5);
    expect(prices.slice(0, 3).filter((p) => /SPY|QQQ/.test(p))).toHaveLength(2);
    expect(historySlots).toBeGreaterThan(0);
  });

  it('sends a price never sent soon after a 429, however far the slowdown stretches its interval', async () => {
    let calls = 0;
    const r = pollerRig(
      (path) => {
        // The account had three calls left after the proxy's plan probes: the fourth is refused.
        if (++calls === 4) return new MassiveError('RATE_LIMITED', 'slow down', { status: 429, retryAfterSec: 5 });
        const ticker = /ticker\/([^/]+)\/prev/.exec(path)?.[1] ?? 'X';
        return { status: 'OK', results: [{ T: ticker, c: 100, o: 99, h: 101, l: 98, v: 1, t: 1 }] };
      },
      { quota: FREE },
    );
    for (const asset of ['stocks', 'indices'] as const) r.poller.setEntitlement(asset, EOD_ONLY);
    r.poller.update({ stocks: ['SPY', 'QQQ'], options: [], indices: ['I:SPX', 'I:VIX', 'I:NDX'] }, 'pre', 1);
    await r.run(130_000, 1_000);
    r.poller.close();
    // Every symbol priced within about two quota windows, not after a stretched interval.
    expect(new Set(r.quotes.map((q) => q.symbol))).toEqual(new Set(['SPY', 'QQQ', 'I:SPX', 'I:VIX', 'I:NDX']));
  });
});
