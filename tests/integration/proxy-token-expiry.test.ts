import { describe, it, expect, vi } from 'vitest';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';

const KEY = 'expiry-real-key-0007';
const rig = proxyRig(KEY);
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup() {
  upstream = await rig.fakeUpstream();
  proxy = await rig.proxy(upstream, { expiryNoticeMs: 400, idleGraceMs: 60_000 });
}

async function session(ttlMs: number): Promise<WsProbe> {
  const c = await rig.client(proxy!);
  c.send({ action: 'auth', params: proxy!.issueToken('expiry', ttlMs) });
  c.send({ action: 'subscribe', params: 'T.AAPL,Q.AAPL' });
  await vi.waitFor(() => expect(upstream!.conns[0]?.topics.size).toBe(2));
  return c;
}

const statuses = (c: WsProbe) => c.statuses().map((s) => s.status);

describe('token expiry on a live session', () => {
  it('warns before the token expires and keeps the session when the client re-sends auth with a fresh token', async () => {
    await setup();
    const c = await session(1_500);
    await vi.waitFor(() => expect(statuses(c)).toContain('token_expiring'), { timeout: 5_000 });
    const notice = c.statuses().find((s) => s.status === 'token_expiring')!;
    expect(notice.message).toMatch(/^token expires in \d+ s; send auth with a fresh token/);
    c.send({ action: 'auth', params: proxy!.issueToken('expiry', 60_000) });
    await vi.waitFor(() => expect(statuses(c).filter((s) => s === 'auth_success')).toHaveLength(2));
    // Well past the first token's expiry the socket is still open and still fed.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(c.ws.readyState).toBe(1);
    upstream!.push('/stocks', [{ ev: 'T', sym: 'AAPL', p: 5, s: 1, t: 1 }]);
    await vi.waitFor(() => expect(c.elements).toContainEqual({ ev: 'T', sym: 'AAPL', p: 5, s: 1, t: 1 }));
    expect(statuses(c)).not.toContain('token_expired');
    // Renewal is local to the proxy: upstream saw one subscribe and nothing else.
    expect(upstream!.conns).toHaveLength(1);
    expect(upstream!.conns[0]!.messages.filter((m) => m.action !== 'auth')).toEqual([
      { action: 'subscribe', params: 'T.AAPL,Q.AAPL' },
    ]);
    expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({ 'Q.AAPL': 1, 'T.AAPL': 1 });
    expect(proxy!.status().clients[0]!.expiresAt! - Date.now()).toBeGreaterThan(50_000);
  });

  it('closes a session whose token ran out without renewal and releases its subscriptions', async () => {
    await setup();
    const c = await session(800);
    const { code } = await c.closed;
    expect(code).toBe(1008);
    expect(statuses(c)).toEqual(expect.arrayContaining(['token_expiring', 'token_expired']));
    await vi.waitFor(() => expect(proxy!.status().upstreams.stocks.subscriptions).toEqual({}));
    expect(proxy!.status().clients).toHaveLength(0);
  });

  it('ends the session when the renewal carries a bad token', async () => {
    await setup();
    const c = await session(60_000);
    c.send({ action: 'auth', params: `${proxy!.issueToken('expiry', 60_000).slice(0, -3)}AAA` });
    expect((await c.closed).code).toBe(1008);
    expect(statuses(c)).toContain('auth_failed');
  });
});
