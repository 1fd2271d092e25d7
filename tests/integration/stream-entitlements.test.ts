import { afterEach, describe, expect, it } from 'vitest';
import { quoteLine, statusLine } from '../../src/headless/events.js';
import { CHANNELS } from '../../src/massive/client-messages.js';
import type { Entitlement } from '../../src/massive/entitlements.js';
import type { WritableMarketStore } from '../../src/store/store.js';
import type { MarketClient } from '../../src/stream/market-client.js';
import { startFakeProxy, type FakeProxy } from '../helpers/fake-entitlement-proxy.js';
import type { MarketClock } from '../helpers/market-clock.js';
import { REGULAR, streamRig } from '../helpers/stream-rig.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const REALTIME: Entitlement = {
  feed: 'realtime',
  channels: CHANNELS,
  recency: 'realtime',
  snapshots: true,
  restQuotes: true,
  source: 'detected',
};
/** Stocks Developer: delayed trades and bars, no quotes anywhere. */
const DELAYED_NO_Q: Entitlement = {
  feed: 'delayed',
  channels: ['T', 'A', 'AM'],
  recency: 'delayed',
  snapshots: true,
  restQuotes: false,
  source: 'detected',
};
const REST_ONLY: Entitlement = {
  feed: 'rest',
  channels: [],
  recency: 'delayed',
  snapshots: true,
  restQuotes: false,
  source: 'detected',
};
const NONE: Entitlement = {
  feed: 'none',
  channels: [],
  recency: 'eod',
  snapshots: false,
  restQuotes: false,
  source: 'detected',
};

interface Rig {
  readonly proxy: FakeProxy;
  readonly store: WritableMarketStore;
  readonly client: MarketClient;
  readonly clock: MarketClock;
  /** Every status message the store published. */
  readonly messages: string[];
}

describe('the subscription manager honours what the plan allows per cluster', () => {
  const rigs = streamRig();
  let proxy: FakeProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  /** The client on SPY against the fake proxy selling `plan`, started. */
  async function start(
    plan: Parameters<typeof startFakeProxy>[0],
    o: { restLagMs?: number; stallAfterMs?: number; indexErrors?: Record<string, string> } = {},
  ): Promise<Rig> {
    let now = (): number => Date.now();
    // `restLagMs`: how far behind the clock the REST snapshots' market time runs.
    const p = await startFakeProxy(plan, () => now() - (o.restLagMs ?? 0));
    proxy = p;
    for (const [ticker, error] of Object.entries(o.indexErrors ?? {})) p.indexErrors.set(ticker, error);
    const backend = { httpUrl: p.httpUrl, wsUrl: p.wsUrl, token: () => 'token' };
    const { store, client, clock } = rigs.client(backend, {
      at: REGULAR,
      symbols: ['SPY'],
      demo: false,
      frameMs: 10,
      checkEveryMs: 100,
      retries: 0,
      ...(o.stallAfterMs ? { stallAfterMs: o.stallAfterMs } : {}),
    });
    now = () => clock.now();
    const messages: string[] = [];
    store.subscribe(() => messages.push(store.getSnapshot().status.message ?? ''));
    await client.start();
    return { proxy: p, store, client, clock, messages };
  }

  it('subscribes no quotes on delayed stocks without Q and labels their quotes delayed, not stale', async () => {
    // The delayed plan's REST is older still than the trade pushed below.
    const r = await start({ stocks: DELAYED_NO_Q, indices: REALTIME }, { restLagMs: 20 * 60_000 });
    await expect
      .poll(() => r.proxy.subscribed.stocks, { timeout: 5_000 })
      .toEqual(expect.arrayContaining(['T.SPY', 'A.SPY']));
    // A delayed trade: market time 15 minutes behind the wall clock.
    const t = r.clock.now() - 15 * 60_000;
    r.proxy.push('stocks', [{ ev: 'T', sym: 'SPY', p: 501.25, s: 100, t, x: 4 }]);
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.price, { timeout: 5_000 }).toBe(501.25);
    await sleep(300); // a few health checks
    const row = r.store.getSnapshot().quotes.SPY!;
    expect(row.delayed).toBe(true);
    expect(row.stale).toBe(false);
    expect(quoteLine(row, r.clock.now(), false)).toMatchObject({ delayed: true, stale: false, price: 501.25 });
    expect(r.store.getSnapshot().indices['I:SPX']?.delayed).toBe(false);
    expect(r.proxy.subscribed.stocks).not.toContain('Q.SPY');
    const status = r.store.getSnapshot().status;
    expect(status.feeds).toEqual({ stocks: 'delayed', indices: 'realtime' });
    expect(status.connection).toBe('live');
    expect(statusLine(status, r.clock.now()).feeds).toEqual({ stocks: 'delayed', options: null, indices: 'realtime' });
    expect(r.client.stats().entitlements.stocks).toMatchObject({ feed: 'delayed', source: 'detected' });
  });

  it('neither subscribes nor polls indices that are not in the plan, and says why', async () => {
    const r = await start({ stocks: REALTIME, indices: NONE });
    await expect
      .poll(() => r.store.getSnapshot().indices['I:SPX']?.unavailable, { timeout: 5_000 })
      .toBe('indices not in your plan');
    await expect
      .poll(() => r.store.getSnapshot().biasUnavailable)
      .toBe('indices not in your plan: the bias needs I:SPX and I:VIX');
    // The socket stays open (a later change of plan still arrives), with nothing on it.
    expect(r.proxy.sockets('indices')).toBe(1);
    await sleep(1_500);
    expect(r.proxy.subscribed.indices).toEqual([]);
    expect(r.proxy.restPaths.filter((p) => /indices|I%3A|I:/.test(p))).toEqual([]);
    expect(r.client.stats().polled).not.toContain('I:SPX');
    expect(r.store.getSnapshot().status.feeds).toEqual({ stocks: 'realtime', indices: 'none' });
    expect(r.store.getSnapshot().indices['I:VIX']?.unavailable).toBe('indices not in your plan');
  });

  it('polls a REST-only cluster for good without calling it an outage, then streams once the plan allows', async () => {
    const r = await start({ stocks: REST_ONLY, indices: REALTIME });
    const snapshots = () =>
      r.proxy.restPaths.filter((p) => p.startsWith('/v2/snapshot/locale/us/markets/stocks/tickers')).length;
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.source, { timeout: 5_000 }).toBe('rest');
    await expect.poll(snapshots, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    expect(r.client.stats().polled).toContain('SPY');
    expect(r.proxy.subscribed.stocks).toEqual([]);
    expect(r.proxy.sockets('stocks')).toBe(1);
    expect(r.store.getSnapshot().status.feeds?.stocks).toBe('rest');
    expect(r.store.getSnapshot().status.connection).toBe('live');
    expect(r.messages.filter((m) => /stream down|stream quiet|REST fallback/.test(m))).toEqual([]);
    expect(r.client.stats().backfills).toEqual([]);

    r.proxy.setEntitlement('stocks', DELAYED_NO_Q);
    await expect
      .poll(() => r.proxy.subscribed.stocks, { timeout: 5_000 })
      .toEqual(expect.arrayContaining(['T.SPY', 'A.SPY']));
    expect(r.proxy.subscribed.stocks).not.toContain('Q.SPY');
    await expect.poll(() => r.client.stats().polled, { timeout: 5_000 }).not.toContain('SPY');
    await expect.poll(() => r.store.getSnapshot().status.feeds?.stocks).toBe('delayed');
    expect(r.store.getSnapshot().quotes.SPY?.delayed).toBe(true);
    const settled = snapshots();
    await sleep(3_500);
    // One refresh on the change of plan at most, then the stream serves SPY.
    expect(snapshots() - settled).toBeLessThanOrEqual(1);
    expect(r.messages.filter((m) => /stream down/.test(m))).toEqual([]);
    expect(r.client.stats().backfills).toEqual([]);
  });

  it('takes "stream down" back when the plan turns out to be REST only, and backfills nothing', async () => {
    const r = await start({ stocks: REALTIME, indices: NONE }, { stallAfterMs: 500 });
    // Nothing is pushed: the stocks stream stalls and REST covers the outage.
    await expect
      .poll(() => r.store.getSnapshot().status.message, { timeout: 5_000 })
      .toBe('REST fallback for 1 symbol: stream down (stocks)');
    r.proxy.setEntitlement('stocks', REST_ONLY);
    await expect.poll(() => r.store.getSnapshot().status.message ?? '', { timeout: 5_000 }).not.toMatch(/stream down/);
    expect(r.store.getSnapshot().status).toMatchObject({
      connection: 'polling',
      feeds: { stocks: 'rest', indices: 'none' },
    });
    await sleep(500);
    expect(r.client.stats().backfills).toEqual([]);
    expect(r.store.getSnapshot().status.message ?? '').not.toMatch(/stream down|backfilled/);
  });

  it('takes bid/ask from REST snapshots when the stream has no Q but REST has quotes', async () => {
    const r = await start({ stocks: { ...REALTIME, channels: ['T', 'A', 'AM'] }, indices: REALTIME });
    await expect
      .poll(() => r.proxy.subscribed.stocks, { timeout: 5_000 })
      .toEqual(expect.arrayContaining(['T.SPY', 'A.SPY']));
    const snapshots = () =>
      r.proxy.restPaths.filter((p) => p.startsWith('/v2/snapshot/locale/us/markets/stocks/tickers')).length;
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.source, { timeout: 5_000 }).toBe('rest'); // the seed
    r.proxy.push('stocks', [{ ev: 'T', sym: 'SPY', p: 501.5, s: 100, t: r.clock.now(), x: 4 }]);
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.price, { timeout: 5_000 }).toBe(501.5);
    // A snapshot newer than the trade arrives: it brings bid/ask, not a REST Last over the stream's.
    const after = snapshots();
    await expect.poll(snapshots, { timeout: 10_000, interval: 100 }).toBeGreaterThan(after);
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.bid).toBe(499.9);
    const row = r.store.getSnapshot().quotes.SPY!;
    expect(row).toMatchObject({ ask: 500.1, source: 'ws', delayed: false });
    expect(row.price).toBe(501.5);
    expect(r.proxy.subscribed.stocks).not.toContain('Q.SPY');
    expect(r.client.stats().polled).toContain('SPY');
    expect(r.store.getSnapshot().status.connection).toBe('live');
    expect(r.messages.filter((m) => /REST fallback/.test(m))).toEqual([]);
  });

  it('says which index the bias lacks when REST refuses one ticker', async () => {
    const r = await start({ stocks: REALTIME, indices: REST_ONLY }, { indexErrors: { 'I:VIX': 'NOT_AUTHORIZED' } });
    const s = r.store;
    await expect.poll(() => s.getSnapshot().indices['I:VIX']?.unavailable, { timeout: 5_000 }).toBe('not in your plan');
    await expect.poll(() => s.getSnapshot().indices['I:SPX']?.price).toBe(6000);
    expect(s.getSnapshot().biasUnavailable).toBe('I:VIX not in your plan: the bias needs I:SPX and I:VIX');
  });

  it('leaves no timer behind after close', async () => {
    const r = await start({ stocks: REST_ONLY, indices: NONE });
    await expect
      .poll(() => r.store.getSnapshot().status.feeds, { timeout: 5_000 })
      .toEqual({ stocks: 'rest', indices: 'none' });
    r.client.close();
    expect(r.clock.pending).toBe(0);
  });
});
