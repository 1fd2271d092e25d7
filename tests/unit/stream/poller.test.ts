import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { MassiveError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import type { RestResponse } from '../../../src/rest/index.js';
import { RestBudget } from '../../../src/stream/budget.js';
import { Poller } from '../../../src/stream/poller.js';

type Answer = (path: string) => RestResponse<unknown> | MassiveError;

function stockBody(path: string): unknown {
  const tickers = new URL(path, 'http://x').searchParams.get('tickers')?.split(',') ?? [];
  return { status: 'OK', tickers: tickers.map((t) => ({ ticker: t, lastTrade: { p: 100, t: 1 }, updated: 1 })) };
}

const ok = (body: unknown): RestResponse<unknown> => ({ status: 200, body, headers: {} });

function rig(answer: Answer, quota = { limit: 50, intervalMs: 1_000 }) {
  const clock = new ManualClock(0);
  const calls: string[] = [];
  const quotes: string[] = [];
  const lifetime = new AbortController();
  const poller = new Poller({
    clock,
    budget: new RestBudget({ clock, quota }),
    logger: silentLogger,
    signal: lifetime.signal,
    random: () => 0.5,
    sink: { quote: (symbol) => void quotes.push(symbol) },
    rest: {
      get: async <T>(path: string) => {
        calls.push(path);
        const a = answer(path);
        if (a instanceof MassiveError) throw a;
        return a as RestResponse<T>;
      },
    },
  });
  /** Advances in small steps and lets the promise callbacks run in between. */
  async function run(ms: number, step = 100): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await new Promise((r) => setImmediate(r));
    }
  }
  return { clock, calls, quotes, poller, lifetime, run };
}

describe('REST poller', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('stops for good when Massive rejects the key: no request is repeated', async () => {
    const r = rig(() => new MassiveError('AUTH_FAILED', 'Unknown API Key', { status: 401 }));
    close = () => r.poller.close();
    r.poller.update({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, 'regular', 1);
    await r.run(60_000, 500);
    const first = r.calls.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(2);
    r.poller.update({ stocks: ['SPY', 'QQQ'], indices: [], options: [] }, 'regular', 2);
    await r.run(30_000, 500);
    expect(r.calls).toHaveLength(first);
  });

  it('polls every stock with one batched call per interval and stops when nothing needs REST', async () => {
    const r = rig((p) => ok(stockBody(p)));
    close = () => r.poller.close();
    r.poller.update({ stocks: ['SPY', 'QQQ'], indices: [], options: [] }, 'regular', 1);
    await r.run(9_050);
    expect(r.calls).toHaveLength(4); // t = 0, 3, 6, 9 s
    expect(new Set(r.quotes)).toEqual(new Set(['SPY', 'QQQ']));
    r.poller.update({ stocks: [], indices: [], options: [] }, 'regular', 1);
    expect(r.clock.pending).toBe(0);
    await r.run(10_000);
    expect(r.calls).toHaveLength(4);
  });

  it('runs no loop when the market is closed', async () => {
    const r = rig((p) => ok(stockBody(p)));
    close = () => r.poller.close();
    r.poller.update({ stocks: ['SPY'], indices: [], options: [] }, 'closed', 1);
    expect(r.clock.pending).toBe(0);
    r.poller.refresh({ stocks: ['SPY'], indices: [], options: [] }, 'closed', 1);
    await r.run(60_000, 1_000);
    expect(r.calls).toHaveLength(1);
    expect(r.clock.pending).toBe(0);
  });

  it('honours Retry-After on a 429, slows down, then recovers gradually', async () => {
    let refuse = 1;
    const r = rig((p) =>
      refuse-- > 0
        ? new MassiveError('RATE_LIMITED', 'slow down', { status: 429, retryAfterSec: 20 })
        : ok(stockBody(p)),
    );
    close = () => r.poller.close();
    r.poller.update({ stocks: ['SPY'], indices: [], options: [] }, 'regular', 1);
    await r.run(19_500);
    expect(r.calls).toHaveLength(1);
    expect(r.poller.stats()).toMatchObject({ rateLimited: 1, slowdown: 2 });
    await r.run(1_000);
    expect(r.calls).toHaveLength(2);
    await r.run(60_000);
    expect(r.poller.stats().slowdown).toBeLessThan(1.2);
  });

  it('switches to per-ticker bars when the plan has no snapshots, with one 403 per asset class only', async () => {
    const r = rig(
      (p) =>
        p.includes('/snapshot')
          ? new MassiveError('NOT_ENTITLED', 'no', { status: 403 })
          : ok({ status: 'OK', results: [{ t: 1_700_000_000_000, o: 1, h: 1, l: 1, c: 1 }] }),
      { limit: 5, intervalMs: 60_000 },
    );
    close = () => r.poller.close();
    r.poller.refresh({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, 'regular', 1);
    r.poller.update({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, 'regular', 1);
    await r.run(240_000, 1_000);
    const snapshots = r.calls.filter((c) => c.includes('/snapshot'));
    expect(snapshots).toHaveLength(2);
    expect(r.poller.stats()).toMatchObject({
      snapshots: false,
      routes: { stocks: 'bars', indices: 'bars', options: 'snapshot' },
    });
    expect(new Set(r.quotes)).toEqual(new Set(['SPY', 'I:SPX']));
    // Never more than 4 (80 % of 5) in any minute.
    expect(r.calls.length).toBeLessThanOrEqual(4 * 4 + 1);
  });

  it('drops answers for a superseded interest set', async () => {
    let release: (() => void) | undefined;
    const clock = new ManualClock(0);
    const quotes: string[] = [];
    const poller = new Poller({
      clock,
      budget: new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } }),
      logger: silentLogger,
      signal: new AbortController().signal,
      sink: { quote: (s) => void quotes.push(s) },
      rest: {
        get: <T>(path: string) =>
          new Promise<RestResponse<T>>((resolve) => (release = () => resolve(ok(stockBody(path)) as RestResponse<T>))),
      },
    });
    close = () => poller.close();
    poller.refresh({ stocks: ['SPY'], indices: [], options: [] }, 'regular', 1);
    clock.advance(1);
    poller.update({ stocks: [], indices: [], options: [] }, 'regular', 2);
    release?.();
    await new Promise((r) => setImmediate(r));
    expect(quotes).toEqual([]);
  });

  it('aborts requests in flight and fires nothing after close', async () => {
    const signals: AbortSignal[] = [];
    const clock = new ManualClock(0);
    const quotes: string[] = [];
    const lifetime = new AbortController();
    const poller = new Poller({
      clock,
      budget: new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } }),
      logger: silentLogger,
      signal: lifetime.signal,
      sink: { quote: (s) => void quotes.push(s) },
      rest: {
        get: <T>(_path: string, opts?: { signal?: AbortSignal }) => {
          signals.push(opts!.signal!);
          return new Promise<RestResponse<T>>(() => {});
        },
      },
    });
    poller.update({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, 'regular', 1);
    clock.advance(1);
    // One entitlement probe per asset class at a time: the stocks and the indices snapshot.
    expect(signals).toHaveLength(2);
    poller.close();
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    expect(quotes).toEqual([]);
  });
});
