import { describe, it, expect, vi } from 'vitest';
import WebSocket from 'ws';
import type { Simulator } from '../../src/sim/index.js';
import type { ProxyOptions } from '../../src/proxy/index.js';
import { createRestClient } from '../../src/rest/index.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';

const KEY = 'sim-proxy-key-0003';
const rig = proxyRig(KEY);
let sim: Simulator | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions> = {}) {
  // The rig's simulator starts Monday 10:00 New York time, so the market is open and trading.
  sim = await rig.simulator();
  proxy = await rig.proxy(sim, { restRetries: 2, ...extra });
}

const subscribed = (path: string, topics: string): Promise<WsProbe> =>
  rig.subscribed(proxy!, path, topics, { clientId: 'sim-test' });

const dataOf = (c: WsProbe) => c.elements.filter((e) => e.ev !== 'status');

describe('proxy in front of the simulator', () => {
  it('streams simulated trades and quotes to several clients over one upstream socket', async () => {
    await setup();
    const a = await subscribed('/stocks', 'T.AAPL,Q.AAPL');
    const b = await subscribed('/stocks', 'Q.MSFT');
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(2), { timeout: 8000 });
    await vi.waitFor(() => expect(dataOf(b).length).toBeGreaterThan(2), { timeout: 8000 });
    expect(new Set(dataOf(a).map((e) => `${String(e.ev)}.${String(e.sym)}`))).toEqual(new Set(['T.AAPL', 'Q.AAPL']));
    expect(new Set(dataOf(b).map((e) => `${String(e.ev)}.${String(e.sym)}`))).toEqual(new Set(['Q.MSFT']));
    const stocks = sim!.connections().filter((c) => c.cluster === 'stocks');
    expect(stocks).toHaveLength(1);
    expect(new Set(stocks[0]!.subscriptions)).toEqual(new Set(['T.AAPL', 'Q.AAPL', 'Q.MSFT']));
  });

  it('streams index values on the indices cluster', async () => {
    await setup();
    const c = await subscribed('/indices', 'V.I:SPX');
    await vi.waitFor(() => expect(dataOf(c).length).toBeGreaterThan(2), { timeout: 5000 });
    expect(dataOf(c).every((e) => e.ev === 'V' && e.T === 'I:SPX')).toBe(true);
  });

  it('survives an abrupt upstream drop: reconnects, resubscribes and data flows again', async () => {
    await setup({ reconnect: { baseMs: 20, capMs: 50 } });
    const a = await subscribed('/stocks', 'T.AAPL,T.NVDA');
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(0), { timeout: 5000 });
    sim!.faults.drop('stocks');
    await vi.waitFor(() => expect(a.statuses().map((s) => s.status)).toContain('upstream_restored'), { timeout: 5000 });
    const before = dataOf(a).length;
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(before), { timeout: 5000 });
    const stocks = sim!.connections().filter((c) => c.cluster === 'stocks');
    expect(stocks).toHaveLength(1);
    expect(new Set(stocks[0]!.subscriptions)).toEqual(new Set(['T.AAPL', 'T.NVDA']));
  });

  it('keeps streaming through malformed frames and status elements mixed into data', async () => {
    await setup();
    const a = await subscribed('/stocks', 'T.AAPL,Q.AAPL');
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(0), { timeout: 5000 });
    sim!.faults.mixStatus(true);
    sim!.faults.malformed(3);
    const before = dataOf(a).length;
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(before + 5), { timeout: 5000 });
    // Upstream acks and statuses mixed into data are the proxy's business, not the client's.
    const acks = a.statuses().filter((s) => s.status === 'success');
    expect(acks).toHaveLength(2);
    expect(dataOf(a).every((e) => e.sym === 'AAPL' && (e.ev === 'T' || e.ev === 'Q'))).toBe(true);
  });

  it('detects a simulator that stops answering pings and reconnects', async () => {
    await setup({
      pingIntervalMs: 50,
      deadAfterMs: 250,
      clientPingIntervalMs: 25_000,
      reconnect: { baseMs: 10, capMs: 20 },
    });
    const a = await subscribed('/stocks', 'T.AAPL');
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(0), { timeout: 5000 });
    sim!.faults.stopPongs(true);
    sim!.faults.stall(true);
    await vi.waitFor(() => expect(a.statuses().map((s) => s.status)).toContain('upstream_reconnecting'), {
      timeout: 5000,
    });
    sim!.faults.reset();
    await vi.waitFor(() => expect(a.statuses().map((s) => s.status)).toContain('upstream_restored'), { timeout: 5000 });
  });

  it('keeps retrying while the simulator refuses connections, then recovers', async () => {
    await setup({ reconnect: { baseMs: 20, capMs: 100 } });
    const a = await subscribed('/stocks', 'T.AAPL');
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(0), { timeout: 5000 });
    sim!.faults.refuseConnects(true);
    sim!.faults.drop('stocks');
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.upstream.connects).toBeGreaterThanOrEqual(4), {
      timeout: 5000,
    });
    expect(proxy!.status().upstreams.stocks.upstream.state).not.toBe('live');
    sim!.faults.refuseConnects(false);
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.upstream.state).toBe('live'), { timeout: 5000 });
    const before = dataOf(a).length;
    await vi.waitFor(() => expect(dataOf(a).length).toBeGreaterThan(before), { timeout: 5000 });
  });

  it('yields to another holder of the key on max_connections instead of fighting it', async () => {
    await setup({ reconnect: { baseMs: 10, capMs: 20, evictionBaseMs: 10_000 } });
    const a = await subscribed('/stocks', 'T.AAPL');
    await vi.waitFor(() => expect(sim!.connections().filter((c) => c.authed)).toHaveLength(1));
    // Another program with the same key takes the account's one stocks socket.
    const other = new WebSocket(`${sim!.wsUrl}/stocks`);
    rig.own({ close: () => other.terminate() });
    other.on('message', (d) => {
      const [first] = JSON.parse(d.toString()) as { status?: string }[];
      if (first?.status === 'connected') other.send(JSON.stringify({ action: 'auth', params: KEY }));
    });
    await vi.waitFor(() => expect(a.statuses().map((s) => s.status)).toContain('max_connections'), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(sim!.connections().filter((c) => c.cluster === 'stocks')).toHaveLength(1);
    expect(proxy!.status().upstreams.stocks.upstream.state).toBe('reconnecting');
  });

  it('takes a key both WebSocket hosts refuse but REST serves as REST-only, tells clients, and stays down', async () => {
    await setup({ reconnect: { baseMs: 10, capMs: 20 } });
    sim!.faults.failAuth(true);
    const c = await rig.client(proxy!);
    c.send({ action: 'auth', params: proxy!.issueToken() });
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(c.elements.find((e) => e.status === 'entitlement')).toMatchObject({ feed: 'rest' }), {
      timeout: 5000,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy!.status().entitlements.stocks.authAttempts).toEqual({ realtime: 1, delayed: 1 });
    expect(proxy!.status().upstreams.stocks.upstream.state).toBe('idle');
    expect(proxy!.status().keyRejected).toBe(false);
  });

  it('forwards REST snapshots with the key swapped in and retries through injected 429 and 502', async () => {
    await setup();
    const rest = createRestClient({ baseUrl: proxy!.httpUrl, auth: () => proxy!.issueToken('rest'), retries: 0 });
    const snap = await rest.get<{ status: string; ticker: { ticker: string } }>(
      '/v2/snapshot/locale/us/markets/stocks/tickers/AAPL',
    );
    expect(snap.body.ticker.ticker).toBe('AAPL');
    sim!.faults.rest5xx(1);
    sim!.faults.rest429(1, 0);
    const msft = await rest.get<{ ticker: { ticker: string } }>('/v2/snapshot/locale/us/markets/stocks/tickers/MSFT');
    expect(msft.body.ticker.ticker).toBe('MSFT');
    expect(proxy!.status().quota.used).toBe(4);
  });

  it('paginates an option chain through the proxy, next_url pointing back at the proxy', async () => {
    await setup({ quota: { limit: 100, intervalMs: 1000 } });
    const rest = createRestClient({ baseUrl: proxy!.httpUrl, auth: () => proxy!.issueToken('rest'), retries: 0 });
    const first = await rest.get<{ next_url?: string; results: unknown[] }>('/v3/snapshot/options/SPY?limit=5');
    expect(first.body.results).toHaveLength(5);
    expect(first.body.next_url?.startsWith(`${proxy!.httpUrl}/v3/snapshot/options/SPY?cursor=`)).toBe(true);
    const tickers: string[] = [];
    let pages = 0;
    for await (const page of rest.paginate<{ details: { ticker: string } }>('/v3/snapshot/options/SPY?limit=20')) {
      pages++;
      tickers.push(...page.map((c) => c.details.ticker));
      if (pages >= 3) break;
    }
    expect(pages).toBe(3);
    expect(tickers).toHaveLength(60);
    expect(new Set(tickers).size).toBe(60);
  });

  it('maps an unknown ticker to NOT_FOUND', async () => {
    await setup();
    const rest = createRestClient({ baseUrl: proxy!.httpUrl, auth: () => proxy!.issueToken('rest'), retries: 0 });
    await expect(rest.get('/v2/snapshot/locale/us/markets/stocks/tickers/ZZZZZZ')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
