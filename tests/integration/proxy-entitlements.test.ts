/**
 * The proxy finds out what a key has per asset class against the simulator selling Massive's
 * plans: real-time host, then the delayed host, then one REST probe; channels narrowed by
 * `not authorized`; the answer cached per key; no auth storms.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeyPlans } from '../../src/massive/entitlements.js';
import { entitlementCachePath } from '../../src/proxy/entitlement-cache.js';
import type { ProxyOptions } from '../../src/proxy/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';
import { createRestClient } from '../../src/rest/index.js';
import { fetchSimStats } from '../helpers/sim.js';

const KEY = 'entitlement-test-key-01';
const rig = proxyRig(KEY);
let sim: Simulator | undefined;
const dirs: string[] = [];

afterEach(() => {
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A proxy for the key on `plans`, in front of this case's simulator (started on first use). */
async function setup(plans: KeyPlans | 'free', extra: Partial<ProxyOptions> = {}): Promise<ProxyUnderTest> {
  sim ??= await rig.simulator({ keys: { [KEY]: plans }, seed: 3, tickMs: 50, speed: 1, at: '2026-03-10T15:00:00Z' });
  return rig.proxy(sim, { reconnect: { baseMs: 20, capMs: 50 }, ...extra });
}

/** An authenticated client that asked for `topics` (answers not awaited: they are what the tests check). */
async function subscribed(proxy: ProxyUnderTest, path: string, topics: string): Promise<WsProbe> {
  const c = await rig.authed(proxy, path);
  c.send({ action: 'subscribe', params: topics });
  return c;
}

const entitlementsOf = (c: WsProbe) => c.elements.filter((e) => e.status === 'entitlement');
const dataOf = (c: WsProbe) => c.elements.filter((e) => e.ev !== 'status');

describe('proxy entitlement detection against the simulator', () => {
  it('finds a Stocks Starter key on the delayed host, narrows it to aggregates, and streams those', async () => {
    const proxy = await setup({ stocks: 'starter' });
    const c = await subscribed(proxy, '/stocks', 'T.SPY,Q.SPY,A.SPY');
    await vi.waitFor(() => expect(proxy.status().entitlements.stocks.entitlement?.channels).toEqual(['A', 'AM']), {
      timeout: 5000,
    });
    const st = proxy.status().entitlements.stocks;
    expect(st.entitlement).toMatchObject({
      feed: 'delayed',
      recency: 'delayed',
      restQuotes: false,
      source: 'detected',
    });
    expect(st.authAttempts).toEqual({ realtime: 1, delayed: 1 });
    // The client heard each step: first the delayed feed, then the channels the plan really has.
    expect(entitlementsOf(c).map((e) => e.channels)).toEqual([
      ['T', 'A', 'AM'],
      ['A', 'AM'],
    ]);
    await vi.waitFor(() => expect(dataOf(c).some((e) => e.ev === 'A' && e.sym === 'SPY')).toBe(true), {
      timeout: 5000,
    });
    expect(dataOf(c).some((e) => e.ev === 'Q' || e.ev === 'T')).toBe(false);
    const up = sim!.connections().filter((x) => x.cluster === 'stocks' && x.authed);
    expect(up).toHaveLength(1);
    expect(up[0]!.delayed).toBe(true);
    expect(up[0]!.subscriptions).toEqual(['A.SPY']);
  });

  it('refuses what the plan lacks to a client arriving after detection, as Massive would', async () => {
    const proxy = await setup({ stocks: 'starter' });
    const first = await subscribed(proxy, '/stocks', 'A.SPY');
    await vi.waitFor(() => expect(entitlementsOf(first).length).toBeGreaterThan(0), { timeout: 5000 });
    const late = await subscribed(proxy, '/stocks', 'Q.QQQ,A.QQQ');
    await vi.waitFor(() =>
      expect(late.statuses().filter((s) => s.status === 'success' || s.message === 'not authorized')).toHaveLength(2),
    );
    expect(entitlementsOf(late)).toHaveLength(1);
    expect(late.statuses()).toContainEqual({ status: 'error', message: 'not authorized' });
    expect(late.statuses()).toContainEqual({ status: 'success', message: 'subscribed to: A.QQQ' });
  });

  it('takes an Advanced key on the real-time host with quotes, in one attempt', async () => {
    const proxy = await setup({ stocks: 'advanced' });
    const c = await subscribed(proxy, '/stocks', 'Q.SPY');
    await vi.waitFor(() => expect(dataOf(c).some((e) => e.ev === 'Q')).toBe(true), { timeout: 5000 });
    expect(proxy.status().entitlements.stocks).toMatchObject({
      entitlement: { feed: 'realtime', restQuotes: true },
      authAttempts: { realtime: 1, delayed: 0 },
    });
  });

  it('settles a class outside the plan as none after one try per host and one REST probe, and keeps it so', async () => {
    const proxy = await setup({ stocks: 'starter' });
    const c = await subscribed(proxy, '/indices', 'V.I:SPX');
    await vi.waitFor(() => expect(proxy.status().entitlements.indices.entitlement?.feed).toBe('none'), {
      timeout: 5000,
    });
    expect(entitlementsOf(c).at(-1)).toMatchObject({ feed: 'none', channels: [] });
    await new Promise((r) => setTimeout(r, 400));
    expect(proxy.status().entitlements.indices.authAttempts).toEqual({ realtime: 1, delayed: 1 });
    expect(proxy.status().upstreams.indices.upstream.state).toBe('idle');
    // A new subscriber is told at once and refused; nothing is tried upstream again.
    const again = await subscribed(proxy, '/indices', 'V.I:VIX');
    await vi.waitFor(() => expect(again.statuses()).toContainEqual({ status: 'error', message: 'not authorized' }));
    expect(proxy.status().entitlements.indices.authAttempts).toEqual({ realtime: 1, delayed: 1 });
  });

  it('finds a free key REST-only everywhere and switches the shared quota to 5 a minute', async () => {
    const proxy = await setup('free');
    for (const [path, topic] of [
      ['/stocks', 'A.SPY'],
      ['/options', 'T.O:SPY260320C00600000'],
      ['/indices', 'V.I:SPX'],
    ] as const) {
      await subscribed(proxy, path, topic);
    }
    await vi.waitFor(
      () => {
        const e = proxy.status().entitlements;
        expect([e.stocks.entitlement?.feed, e.options.entitlement?.feed, e.indices.entitlement?.feed]).toEqual([
          'rest',
          'rest',
          'rest',
        ]);
      },
      { timeout: 5000 },
    );
    expect(proxy.status().quota).toMatchObject({ limit: 5, intervalMs: 60_000 });
    expect(proxy.status().entitlements.stocks.entitlement).toMatchObject({ recency: 'eod', snapshots: false });
  });

  it('calls a key that every host and REST refuse rejected, tells clients, and retries nothing', async () => {
    sim = await rig.simulator({ keys: { 'some-other-key': 'advanced' }, seed: 3, tickMs: 50, speed: 1, at: undefined });
    const proxy = await setup('free');
    const c = await subscribed(proxy, '/stocks', 'T.SPY');
    await vi.waitFor(() => expect(c.statuses().map((s) => s.status)).toContain('auth_failed'), { timeout: 5000 });
    expect(c.statuses().find((s) => s.status === 'auth_failed')!.message).toMatch(/rejected the API key/);
    await new Promise((r) => setTimeout(r, 400));
    expect(proxy.status().keyRejected).toBe(true);
    expect(proxy.status().entitlements.stocks.authAttempts).toEqual({ realtime: 1, delayed: 1 });
    // REST is answered at once without asking Massive again with a key it rejected.
    const before = (await fetchSimStats(sim!.httpUrl)).rest.reduce((n, r) => n + r.requests, 0);
    const rest = createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.issueToken('t'), retries: 0 });
    await expect(rest.get('/v2/snapshot/locale/us/markets/stocks/tickers?tickers=SPY')).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    await rest.close();
    expect((await fetchSimStats(sim!.httpUrl)).rest.reduce((n, r) => n + r.requests, 0)).toBe(before);
  });

  it('caches what it detected per key, so the next proxy goes straight to the right host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'massive-ent-'));
    dirs.push(dir);
    const cachePath = entitlementCachePath(dir, KEY);
    const first = await setup({ stocks: 'developer' }, { entitlementCachePath: cachePath });
    await subscribed(first, '/stocks', 'T.SPY');
    await vi.waitFor(() => expect(first.status().entitlements.stocks.entitlement?.feed).toBe('delayed'), {
      timeout: 5000,
    });
    expect(readFileSync(cachePath, 'utf8')).not.toContain(KEY);
    await first.close();
    const second = await setup({ stocks: 'developer' }, { entitlementCachePath: cachePath });
    expect(second.status().entitlements.stocks.entitlement).toMatchObject({ feed: 'delayed', source: 'cached' });
    const c = await subscribed(second, '/stocks', 'T.SPY');
    await vi.waitFor(() => expect(dataOf(c).some((e) => e.ev === 'T')).toBe(true), { timeout: 5000 });
    expect(second.status().entitlements.stocks.authAttempts).toEqual({ realtime: 0, delayed: 1 });
  });

  it('uses a configured plan without probing', async () => {
    const proxy = await setup({ stocks: 'developer' }, { plans: { stocks: 'developer' } });
    const c = await subscribed(proxy, '/stocks', 'T.SPY');
    await vi.waitFor(() => expect(dataOf(c).some((e) => e.ev === 'T')).toBe(true), { timeout: 5000 });
    expect(proxy.status().entitlements.stocks).toMatchObject({
      entitlement: { source: 'configured', feed: 'delayed' },
      authAttempts: { realtime: 0, delayed: 1 },
    });
  });
});
