import { describe, it, expect, vi } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import type { ProxyOptions } from '../../src/proxy/index.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import { upgradeRefusal, type WsProbe } from '../helpers/ws-client.js';

const KEY = 'ws-proxy-real-key-0001';
const rig = proxyRig(KEY);
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions> = {}, upstreamOpts: { autoPong?: boolean } = {}) {
  upstream = await rig.fakeUpstream(upstreamOpts);
  proxy = await rig.proxy(upstream, extra);
  return { upstream, proxy };
}

const authedClient = (path = '/stocks', clientId = 'test'): Promise<WsProbe> => rig.authed(proxy!, path, clientId);

const trade = (sym: string, p: number) => ({ ev: 'T', sym, p, s: 100, t: 1767625200000 });

describe('proxy WebSocket hubs', () => {
  it('speaks the Massive handshake downstream: connected, then auth_success for a valid token', async () => {
    await setup();
    const c = await authedClient();
    expect(c.texts[0]).toBe('[{"ev":"status","status":"connected","message":"Connected Successfully"}]');
    expect(c.texts[1]).toBe('[{"ev":"status","status":"auth_success","message":"authenticated"}]');
    // No subscription yet: the upstream is opened only to find out what the key has, and says so.
    await vi.waitFor(() =>
      expect(c.elements.find((e) => e.status === 'entitlement')).toMatchObject({ feed: 'realtime' }),
    );
    expect(upstream!.conns).toHaveLength(1);
    expect(upstream!.conns[0]!.messages).toEqual([{ action: 'auth', params: KEY }]);
  });

  it.each([
    ['a forged token', () => 'mt1.e30.AAAA'],
    ['the real API key', () => KEY],
    ['an expired token', () => proxy!.issueToken('x', -1)],
  ])('answers auth_failed and closes for %s', async (_label, token) => {
    await setup();
    const c = await rig.client(proxy!);
    c.send({ action: 'auth', params: token() });
    const { code } = await c.closed;
    expect(code).toBe(1008);
    expect(c.statuses().map((s) => s.status)).toEqual(['connected', 'auth_failed']);
  });

  it('refuses subscriptions before auth', async () => {
    await setup();
    const c = await rig.client(proxy!);
    c.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(c.statuses()).toContainEqual({ status: 'error', message: 'not authorized' }));
    expect(upstream!.conns).toHaveLength(0);
  });

  it('shares one upstream per cluster and subscribes upstream only on first interest', async () => {
    await setup();
    const a = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.AAPL')).toBe(true));
    const b = await authedClient();
    b.send({ action: 'subscribe', params: 'T.AAPL,T.MSFT' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.MSFT')).toBe(true));
    expect(upstream!.conns).toHaveLength(1);
    const conn = upstream!.conns[0]!;
    expect(conn.messages[0]).toEqual({ action: 'auth', params: KEY });
    expect(conn.messages.slice(1)).toEqual([
      { action: 'subscribe', params: 'T.AAPL' },
      { action: 'subscribe', params: 'T.MSFT' },
    ]);
    // One ack per topic, in request order.
    await vi.waitFor(() =>
      expect(
        b
          .statuses()
          .filter((s) => s.status === 'success')
          .map((s) => s.message),
      ).toEqual(['subscribed to: T.AAPL', 'subscribed to: T.MSFT']),
    );
    expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'T.AAPL': 2, 'T.MSFT': 1 });
  });

  it('forwards each client only its topics, passing whole frames through untouched', async () => {
    await setup();
    const a = await authedClient();
    const b = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    b.send({ action: 'subscribe', params: 'T.*' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(2));
    const text = upstream!.push('/stocks', [trade('AAPL', 1), trade('MSFT', 2), trade('AAPL', 3)]);
    await vi.waitFor(() => expect(b.texts).toContain(text));
    await vi.waitFor(() => expect(a.elements.filter((e) => e.ev === 'T').map((e) => e.p)).toEqual([1, 3]));
  });

  it('unsubscribes upstream on the last release and closes an idle upstream after the grace period', async () => {
    await setup({ idleGraceMs: 200 });
    const a = await authedClient();
    const b = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    b.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'T.AAPL': 2 }));
    a.send({ action: 'unsubscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'T.AAPL': 1 }));
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.AAPL')).toBe(true));
    b.terminate();
    await vi.waitFor(() =>
      expect(upstream!.conns[0]!.messages).toContainEqual({ action: 'unsubscribe', params: 'T.AAPL' }),
    );
    await vi.waitFor(() => expect(upstream!.open()).toHaveLength(0), { timeout: 2000 });
    expect(proxy!.status().upstreams.stocks.upstream.state).toBe('idle');
  });

  it('keeps clusters apart: an options client never opens the stocks upstream', async () => {
    await setup();
    const o = await authedClient('/options');
    o.send({ action: 'subscribe', params: 'T.O:SPY261218C00650000' });
    await vi.waitFor(() => expect(upstream!.open('/options')).toHaveLength(1));
    expect(upstream!.open('/stocks')).toHaveLength(0);
  });

  it('reconnects after a drop and resubscribes everything in one frame after auth_success', async () => {
    await setup({ reconnect: { baseMs: 20, capMs: 50 } });
    const a = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL,Q.AAPL' });
    const b = await authedClient();
    b.send({ action: 'subscribe', params: 'AM.*' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(3));
    upstream!.conns[0]!.ws.terminate();
    await vi.waitFor(() => expect(upstream!.conns[1]?.topics.size).toBe(3));
    const second = upstream!.conns[1]!;
    expect(second.messages).toEqual([
      { action: 'auth', params: KEY },
      { action: 'subscribe', params: 'T.AAPL,Q.AAPL,AM.*' },
    ]);
    await vi.waitFor(() =>
      expect(a.statuses().map((s) => s.status)).toEqual(
        expect.arrayContaining(['upstream_reconnecting', 'upstream_restored']),
      ),
    );
    upstream!.push('/stocks', [trade('AAPL', 7)]);
    await vi.waitFor(() => expect(a.elements).toContainEqual(trade('AAPL', 7)));
    expect(proxy!.status().upstreams.stocks.upstream.reconnects).toBe(1);
  });

  it('reports max_connections to every client and does not answer it with a reconnect storm', async () => {
    await setup({ reconnect: { baseMs: 10, capMs: 20, evictionBaseMs: 5_000 } });
    const a = await authedClient();
    const b = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    b.send({ action: 'subscribe', params: 'T.MSFT' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(2));
    const evict = upstream!.conns[0]!.ws;
    evict.send(
      JSON.stringify([{ ev: 'status', status: 'max_connections', message: 'Maximum number of connections exceeded.' }]),
    );
    evict.close(1008, 'max connections');
    for (const c of [a, b]) {
      await vi.waitFor(() =>
        expect(c.statuses()).toContainEqual({
          status: 'max_connections',
          message: 'Maximum number of connections exceeded.',
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 600));
    expect(upstream!.conns).toHaveLength(1);
    const st = proxy!.status().upstreams.stocks.upstream;
    expect(st.state).toBe('reconnecting');
    expect(st.evictions).toBe(1);
    expect(st.nextAttemptAt! - Date.now()).toBeGreaterThan(1_500);
  });

  it('stops reconnecting when upstream rejects the key and tells clients why', async () => {
    upstream = rig.own(await startFakeUpstream('some-other-key'));
    proxy = await rig.proxy(upstream, { reconnect: { baseMs: 10, capMs: 20 } });
    const a = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(a.statuses().map((s) => s.status)).toContain('auth_failed'));
    await new Promise((r) => setTimeout(r, 300));
    // One try on each host (an old delayed-plan refusal reads like a bad key), then REST's 401 settles it.
    expect(upstream.conns.map((c) => c.path)).toEqual(['/stocks', '/delayed/stocks']);
    expect(upstream.restRequests.map((r) => r.url)).toEqual(['/v2/aggs/ticker/SPY/prev']);
    expect(proxy.status().keyRejected).toBe(true);
    expect(a.statuses().find((s) => s.status === 'auth_failed')?.message).toMatch(
      /rejected the API key.*MASSIVE_API_KEY/,
    );
    // A client arriving later hears it too.
    const b = await authedClient();
    await vi.waitFor(() => expect(b.statuses().map((s) => s.status)).toContain('auth_failed'));
  });

  it('drops an upstream that stops answering pings and reconnects', async () => {
    await setup(
      { pingIntervalMs: 50, deadAfterMs: 200, clientPingIntervalMs: 25_000, reconnect: { baseMs: 10, capMs: 20 } },
      { autoPong: false },
    );
    const a = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(upstream!.conns).toHaveLength(1));
    await vi.waitFor(() => expect(upstream!.conns.length).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(upstream!.conns[0]!.ws.readyState).not.toBe(1);
    await vi.waitFor(() => expect(upstream!.conns[1]!.topics.has('T.AAPL')).toBe(true));
  });

  it('cuts off a client that stops reading while others keep receiving everything', async () => {
    await setup({ backpressure: { softBytes: 1024 * 1024, hardBytes: 64 * 1024 * 1024, maxStallMs: 300 } });
    const slow = await authedClient();
    const fast = await authedClient();
    slow.send({ action: 'subscribe', params: 'T.*' });
    fast.send({ action: 'subscribe', params: 'T.*' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.*')).toBe(true));
    slow.ws.pause();
    const big = Array.from({ length: 200 }, (_, i) => trade('AAPL', i));
    const n = 1500;
    // Paced so the reading client (in this same process) can keep up; the paused one cannot.
    for (let i = 0; i < n; i++) {
      upstream!.push('/stocks', big);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
    }
    await vi.waitFor(() => expect(fast.texts.filter((f) => f.startsWith('[{"ev":"T"')).length).toBe(n), {
      timeout: 10_000,
    });
    await new Promise((r) => setTimeout(r, 350));
    upstream!.push('/stocks', big);
    slow.ws.resume();
    await slow.closed;
    expect(slow.texts.length).toBeLessThan(n);
    expect(proxy!.status().upstreams.stocks.clients).toBe(1);
  });

  it('refuses upgrades that carry an Origin or a non-loopback Host', async () => {
    await setup();
    expect(await upgradeRefusal(`${proxy!.wsUrl}/stocks`, { origin: 'http://127.0.0.1' })).toBe(403);
    expect(await upgradeRefusal(`${proxy!.wsUrl}/stocks`, { host: 'attacker.example' })).toBe(403);
    expect(await upgradeRefusal(`${proxy!.wsUrl}/crypto`, {})).toBe(404);
  });

  it('never lets the API key reach logs, client frames or status output', async () => {
    const lines: string[] = [];
    await setup({
      logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }),
      reconnect: { baseMs: 10, capMs: 20 },
    });
    const a = await authedClient();
    a.send({ action: 'subscribe', params: 'T.AAPL' });
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(1));
    upstream!.conns[0]!.ws.close(1011, `boom ${KEY}`);
    await vi.waitFor(() => expect(upstream!.conns[1]?.topics.size).toBe(1));
    const everything = [...lines, ...a.texts, JSON.stringify(proxy!.status())].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(KEY);
  });
});
