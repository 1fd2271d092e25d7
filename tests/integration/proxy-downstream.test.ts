import { describe, it, expect, vi } from 'vitest';
import WebSocket from 'ws';
import type { ProxyOptions } from '../../src/proxy/index.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';

const KEY = 'downstream-real-key-0005';
const rig = proxyRig(KEY);
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions> = {}) {
  upstream = await rig.fakeUpstream();
  proxy = await rig.proxy(upstream, extra);
}

const client = (): Promise<WsProbe> => rig.client(proxy!);

describe('proxy downstream sessions', () => {
  it('closes a connection that never authenticates with auth_timeout', async () => {
    await setup({ authTimeoutMs: 100 });
    const c = await client();
    expect((await c.closed).code).toBe(1008);
    expect(c.statuses()).toContainEqual({ status: 'auth_timeout', message: 'No authentication request received.' });
  });

  it('answers Invalid JSON and keeps the socket open', async () => {
    await setup();
    const c = await client();
    c.ws.send('{nope');
    await vi.waitFor(() => expect(c.statuses()).toContainEqual({ status: 'error', message: 'Invalid JSON' }));
    c.send({ action: 'auth', params: proxy!.issueToken() });
    await vi.waitFor(() => expect(c.statuses().map((s) => s.status)).toContain('auth_success'));
  });

  it('rejects malformed topics without forwarding them upstream', async () => {
    await setup();
    const c = await client();
    c.send({ action: 'auth', params: proxy!.issueToken() });
    c.send({ action: 'subscribe', params: 'T.AAPL,ZZ.X,T.' });
    await vi.waitFor(() => expect(c.statuses().filter((s) => s.status === 'error')).toHaveLength(2));
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics).toEqual(new Set(['T.AAPL'])));
  });

  it('renews a session in place when the client re-authenticates with a fresh token', async () => {
    await setup();
    const c = await client();
    c.send({ action: 'auth', params: proxy!.issueToken('w', 5_000) });
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.AAPL')).toBe(true));
    c.send({ action: 'auth', params: proxy!.issueToken('w') });
    await vi.waitFor(() => expect(c.statuses().filter((s) => s.status === 'auth_success')).toHaveLength(2));
    upstream!.push('/stocks', [{ ev: 'T', sym: 'AAPL', p: 1, s: 1, t: 1 }]);
    await vi.waitFor(() => expect(c.elements.some((e) => e.ev === 'T')).toBe(true));
    expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'T.AAPL': 1 });
  });

  it('drops a client that stops answering pings and releases its topics', async () => {
    await setup({ clientPingIntervalMs: 100, idleGraceMs: 60_000 });
    const ws = new WebSocket(`${proxy!.wsUrl}/stocks`, { autoPong: false });
    const closed = new Promise<void>((r) => ws.on('close', () => r()));
    await new Promise<void>((r) => ws.on('open', () => r()));
    ws.send(JSON.stringify({ action: 'auth', params: proxy!.issueToken() }));
    ws.send(JSON.stringify({ action: 'subscribe', params: 'T.AAPL' }));
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'T.AAPL': 1 }));
    await closed;
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({}));
    expect(proxy!.status().clients).toHaveLength(0);
  });

  it('tells a recovering slow client how many frames it lost', { timeout: 40_000 }, async () => {
    await setup({ backpressure: { softBytes: 256 * 1024, hardBytes: 64 * 1024 * 1024, maxStallMs: 60_000 } });
    const c = await client();
    c.send({ action: 'auth', params: proxy!.issueToken() });
    c.send({ action: 'subscribe', params: 'T.*' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.*')).toBe(true));
    c.ws.pause();
    const big = Array.from({ length: 200 }, (_, i) => ({ ev: 'T', sym: 'AAPL', p: i, s: 1, t: 1 }));
    for (let i = 0; i < 1500; i++) {
      upstream!.push('/stocks', big);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
    }
    await vi.waitFor(() => expect(proxy!.status().clients[0]!.dropped).toBeGreaterThan(0), { timeout: 5000 });
    c.ws.resume();
    // The loss is reported with the first frame delivered once the client has drained below the
    // soft limit; keep a trickle of frames coming until then (a loaded box drains slowly).
    await vi.waitFor(
      () => {
        upstream!.push('/stocks', [{ ev: 'T', sym: 'AAPL', p: -1, s: 1, t: 1 }]);
        expect(c.statuses().some((s) => s.status === 'slow_consumer' && /dropped \d+ frames/.test(s.message))).toBe(
          true,
        );
      },
      { timeout: 25_000, interval: 200 },
    );
    // The resumed client first reads through its backlog; on a loaded 2-core CI box that takes a while.
    await vi.waitFor(() => expect(c.elements.some((e) => e.p === -1)).toBe(true), { timeout: 25_000 });
  });

  it('conflates a slow client to the latest quote per symbol and counts the trades it lost', async () => {
    await setup({ backpressure: { softBytes: 256 * 1024, hardBytes: 64 * 1024 * 1024, maxStallMs: 60_000 } });
    const c = await client();
    c.send({ action: 'auth', params: proxy!.issueToken() });
    c.send({ action: 'subscribe', params: 'T.*,Q.*' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('Q.*')).toBe(true));
    c.ws.pause();
    const pad = Array.from({ length: 200 }, (_, i) => ({ ev: 'T', sym: 'PAD', p: i, s: 1, t: 1 }));
    for (let i = 0; i < 1500; i++) {
      upstream!.push('/stocks', [
        ...pad,
        { ev: 'Q', sym: 'AAPL', bp: i, ap: i + 0.01, t: i },
        { ev: 'Q', sym: 'MSFT', bp: 1000 + i, ap: 1000.01 + i, t: i },
      ]);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
    }
    await vi.waitFor(() => expect(proxy!.status().clients[0]!.dropped).toBeGreaterThan(0), { timeout: 5000 });
    c.ws.resume();
    await new Promise((r) => setTimeout(r, 300));
    upstream!.push('/stocks', [{ ev: 'T', sym: 'AAPL', p: -1, s: 1, t: 1 }]);
    await vi.waitFor(() => expect(c.elements.some((e) => e.p === -1)).toBe(true), { timeout: 10_000 });
    const status = c.statuses().find((s) => s.status === 'slow_consumer');
    expect(status?.message).toMatch(/dropped \d+ frames .*; [1-9]\d* trades lost/);
    // The last quotes sent before the marker trade are the newest ones, for both symbols.
    const quotes = c.elements.filter((e) => e.ev === 'Q');
    const last = (sym: string) => quotes.filter((q) => q.sym === sym).at(-1)!.bp;
    expect(last('AAPL')).toBe(1499);
    expect(last('MSFT')).toBe(2499);
  });
});
