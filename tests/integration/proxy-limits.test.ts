import { describe, it, expect, afterEach, vi } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { startProxy, type Proxy as ProxyUnderTest, type ProxyOptions } from '../../src/proxy/index.js';
import { formatStatus } from '../../src/cli/status.js';
import {
  connectClient,
  startFakeUpstream,
  upgradeRefusal,
  type FakeUpstream,
  type TestClient,
} from './proxy-helpers.js';

// WebSocket limits (the HTTP ones are in proxy-limits-http.test.ts), each against a real proxy.
const KEY = 'limits-real-key-0016';
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

async function setup(limits: ProxyOptions['limits'], extra: Partial<ProxyOptions> = {}): Promise<ProxyUnderTest> {
  upstream = await startFakeUpstream(KEY);
  proxy = await startProxy({ apiKey: KEY, apiBase: upstream.httpUrl, wsBase: upstream.wsUrl, limits, ...extra });
  return proxy;
}

async function open(path = '/stocks'): Promise<TestClient> {
  const c = await connectClient(proxy!.wsUrl + path);
  clients.push(c);
  return c;
}

async function authed(clientId = 'script', path = '/stocks'): Promise<TestClient> {
  const c = await open(path);
  c.send({ action: 'auth', params: proxy!.issueToken(clientId) });
  await vi.waitFor(() => expect(c.statuses().map((s) => s.status)).toContain('auth_success'));
  return c;
}

const statusesOf = (c: TestClient) => c.statuses().map((s) => s.status);

describe('proxy limits: WebSocket', () => {
  it('refuses an upgrade beyond the total with HTTP 503, and lets one in again once a session leaves', async () => {
    await setup({ maxConnections: 2 });
    const a = await open();
    await open();
    expect(await upgradeRefusal(`${proxy!.wsUrl}/stocks`, {})).toBe(503);
    expect(proxy!.status().refused?.connections).toBe(1);
    await a.close();
    await vi.waitFor(() => expect(proxy!.status().clients).toHaveLength(1));
    const c = await authed();
    expect(statusesOf(c)).toContain('auth_success');
  });

  it('closes a client holding too many sessions (max_connections, 1008); another client id still gets in', async () => {
    await setup({ maxConnectionsPerClient: 2 });
    await authed('script');
    await authed('script');
    const third = await open();
    third.send({ action: 'auth', params: proxy!.issueToken('script') });
    expect((await third.closed).code).toBe(1008);
    expect(third.statuses().at(-1)).toEqual({
      status: 'max_connections',
      message: 'client script already holds 2 connections to this proxy (proxyMaxConnectionsPerClient)',
    });
    expect(statusesOf(third)).not.toContain('auth_success');
    await authed('watch');
    expect(proxy!.status().refused?.clientConnections).toBe(1);
  });

  it('closes the oldest session still waiting for auth when too many wait, so a real client gets in', async () => {
    await setup({ maxUnauthenticated: 3 });
    const idle = [await open(), await open(), await open()];
    const fresh = await authed('watch');
    expect((await idle[0]!.closed).code).toBe(1008);
    expect(idle[0]!.statuses().at(-1)).toEqual({
      status: 'auth_timeout',
      message: 'too many connections are waiting to authenticate; closed the oldest',
    });
    expect(statusesOf(fresh)).toContain('auth_success');
    expect(idle[1]!.ws.readyState).toBe(idle[1]!.ws.OPEN);
    expect(proxy!.status().refused?.unauthenticated).toBe(1);
  });

  it('grants subscriptions up to the per-client limit across sockets and reports the rest in one status', async () => {
    await setup({ maxSubscriptionsPerClient: 3 });
    const a = await authed('script');
    a.send({ action: 'subscribe', params: 'T.AAPL,T.MSFT,T.NVDA,T.TSLA,T.AMD' });
    await vi.waitFor(() => expect(statusesOf(a)).toContain('max_subscriptions'));
    const acks = a.statuses().filter((s) => s.status === 'success');
    expect(acks.map((s) => s.message)).toEqual([
      'subscribed to: T.AAPL',
      'subscribed to: T.MSFT',
      'subscribed to: T.NVDA',
    ]);
    expect(a.statuses().filter((s) => s.status === 'max_subscriptions')).toEqual([
      {
        status: 'max_subscriptions',
        message: 'refused 2 topics: client script may hold 3 subscriptions (proxyMaxSubscriptionsPerClient)',
      },
    ]);
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(3));
    expect(upstream!.conns[0]!.topics.has('T.TSLA')).toBe(false);
    // The same client on another socket shares the budget; leaving a topic frees a place.
    const b = await authed('script');
    b.send({ action: 'subscribe', params: 'T.TSLA' });
    await vi.waitFor(() => expect(statusesOf(b)).toContain('max_subscriptions'));
    a.send({ action: 'unsubscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(a.statuses().map((s) => s.message)).toContain('unsubscribed to: T.AAPL'));
    b.send({ action: 'subscribe', params: 'T.TSLA' });
    await vi.waitFor(() => expect(b.statuses().map((s) => s.message)).toContain('subscribed to: T.TSLA'));
    expect(proxy!.status().refused?.subscriptions).toBe(3);
  });

  it('gives a closed session its subscriptions back', async () => {
    await setup({ maxSubscriptionsPerClient: 2 });
    const a = await authed('script');
    a.send({ action: 'subscribe', params: 'T.AAPL,T.MSFT' });
    await vi.waitFor(() => expect(a.statuses().filter((s) => s.status === 'success')).toHaveLength(2));
    await a.close();
    await vi.waitFor(() => expect(proxy!.status().clients).toHaveLength(0));
    const b = await authed('script');
    b.send({ action: 'subscribe', params: 'T.NVDA,T.TSLA' });
    await vi.waitFor(() => expect(b.statuses().filter((s) => s.status === 'success')).toHaveLength(2));
    expect(statusesOf(b)).not.toContain('max_subscriptions');
  });

  it('closes a socket that sends a frame over the size limit with 1009', async () => {
    await setup({ maxFrameBytes: 1024 });
    const c = await authed();
    // 4 MiB: the proxy closes at the frame header and does not read the rest.
    c.send({ action: 'subscribe', params: `T.${'A'.repeat(4 * 2 ** 20)}` });
    expect((await c.closed).code).toBe(1009);
    await vi.waitFor(() => expect(proxy!.status().refused?.frameBytes).toBe(1));
  });

  it('allows the message rate, then closes a socket over it (max_messages, 1008)', async () => {
    const clock = new ManualClock();
    await setup({ maxMessagesPerSecond: 4 }, { clock });
    const c = await authed(); // auth is the first of 4 this second
    for (const s of ['AAPL', 'MSFT', 'NVDA']) c.send({ action: 'subscribe', params: `T.${s}` });
    await vi.waitFor(() => expect(c.statuses().filter((s) => s.status === 'success')).toHaveLength(3));
    clock.advance(1_000);
    for (const s of ['TSLA', 'AMD', 'INTC', 'IBM']) c.send({ action: 'subscribe', params: `T.${s}` });
    await vi.waitFor(() => expect(c.statuses().filter((s) => s.status === 'success')).toHaveLength(7));
    c.send({ action: 'subscribe', params: 'T.ORCL' });
    expect((await c.closed).code).toBe(1008);
    expect(c.statuses().at(-1)).toEqual({
      status: 'max_messages',
      message: 'more than 4 messages per second (proxyMaxMessagesPerSecond)',
    });
    expect(proxy!.status().refused?.messageRate).toBe(1);
  });

  it('shows every limit and what it refused in `massive status`', async () => {
    await setup({ maxConnections: 1 });
    await open();
    expect(await upgradeRefusal(`${proxy!.wsUrl}/stocks`, {})).toBe(503);
    const text = formatStatus(proxy!.status(), { pid: 1, startedAt: Date.now(), demo: false });
    expect(text).toContain('limits (refused since the start)');
    expect(text).toContain('connections 1 (over 1 in total)');
    expect(text).toContain('message rate 0 (over 100/s)');
    expect(text).toContain('body too large 0 (64 KiB)');
  });
});
