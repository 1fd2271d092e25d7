import { describe, it, expect, afterEach, vi } from 'vitest';
import { websocketClient } from '@massive.com/client-js';
import type { Simulator } from '../../src/sim/index.js';
import type { ProxyOptions } from '../../src/proxy/index.js';
import { createRestClient } from '../../src/rest/index.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import type { WsProbe } from '../helpers/ws-client.js';

const KEY = 'resilience-key-0009';
const rig = proxyRig(KEY);
let sim: Simulator | undefined;
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function startSim() {
  sim = await rig.simulator({ seed: 5 });
  return sim;
}

const addProxy = (extra: Partial<ProxyOptions> = {}): Promise<ProxyUnderTest> =>
  rig.proxy(sim!, { restRetries: 3, ...extra });

const subscribed = (p: ProxyUnderTest, topics: string, path = '/stocks'): Promise<WsProbe> =>
  topics ? rig.subscribed(p, path, topics, { clientId: 'res' }) : rig.authed(p, path, 'res');

const dataCount = (c: WsProbe) => c.elements.filter((e) => e.ev === 'T' || e.ev === 'Q').length;
const stocksConns = () => sim!.connections().filter((c) => c.cluster === 'stocks');

/** Deterministic pseudo-random numbers (mulberry32), so a failing cycle test can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('proxy resilience against the simulator', () => {
  it('two proxies on one key settle instead of evicting each other back and forth', async () => {
    await startSim();
    // Ordinary drops retry fast; evictions use the real (minute-long) schedule.
    const a = await addProxy({ reconnect: { baseMs: 10, capMs: 50 } });
    const b = await addProxy({ reconnect: { baseMs: 10, capMs: 50 } });
    const ca = await subscribed(a, 'T.AAPL');
    await vi.waitFor(() => expect(stocksConns().filter((c) => c.authed)).toHaveLength(1));
    await subscribed(b, 'T.MSFT');
    await vi.waitFor(() => expect(ca.statuses().map((s) => s.status)).toContain('max_connections'), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    const sa = a.status().upstreams.stocks.upstream;
    const sb = b.status().upstreams.stocks.upstream;
    // A's first connection, B's, and nothing more within the window.
    expect(sa.connects + sb.connects).toBeLessThanOrEqual(3);
    expect([sa.state, sb.state].sort()).toEqual(['live', 'reconnecting']);
    const waiting = sa.state === 'reconnecting' ? sa : sb;
    expect(waiting.nextAttemptAt! - Date.now()).toBeGreaterThan(20_000);
    expect(stocksConns()).toHaveLength(1);
  });

  // Only the silent-server row needs a short dead-man timer; elsewhere a loaded CI box could
  // trip it and turn the test into one about event-loop lag.
  const quick = { pingIntervalMs: 100, deadAfterMs: 800, clientPingIntervalMs: 25_000 };
  const wsFaults: [string, (s: Simulator) => void, Partial<ProxyOptions>][] = [
    ['an abrupt TCP drop', (s) => s.faults.drop('stocks'), {}],
    ['a 1011 server-error close', (s) => s.faults.close(1011, 'internal error'), {}],
    ['a 1001 going-away close', (s) => s.faults.close(1001, 'restart'), {}],
    ['a bare 1008 close', (s) => s.faults.close(1008, 'policy'), {}],
    [
      'a silent server (no pongs, no data)',
      (s) => {
        s.faults.stopPongs(true);
        s.faults.stall(true);
      },
      quick,
    ],
    [
      'refused reconnects after a drop',
      (s) => {
        s.faults.refuseConnects(true);
        s.faults.drop('stocks');
      },
      {},
    ],
    ['slow frames', (s) => s.faults.latency(150), {}],
    ['malformed frames', (s) => s.faults.malformed(6), {}],
    ['status elements mixed into data', (s) => s.faults.mixStatus(true), {}],
  ];

  it.each(wsFaults)(
    'recovers from %s: same subscriptions upstream, data flows again',
    { timeout: 40_000 },
    async (_label, inject, opts) => {
      await startSim();
      const p = await addProxy({ reconnect: { baseMs: 20, capMs: 100 }, ...opts });
      const c = await subscribed(p, 'T.AAPL,Q.AAPL');
      await vi.waitFor(() => expect(dataCount(c)).toBeGreaterThan(0), { timeout: 5_000 });
      inject(sim!);
      await new Promise((r) => setTimeout(r, 1_000));
      sim!.faults.reset();
      const before = dataCount(c);
      await vi.waitFor(() => expect(dataCount(c)).toBeGreaterThan(before + 2), { timeout: 25_000 });
      await vi.waitFor(() => expect(stocksConns().filter((x) => x.authed)).toHaveLength(1), { timeout: 5_000 });
      expect(new Set(stocksConns()[0]!.subscriptions)).toEqual(new Set(['T.AAPL', 'Q.AAPL']));
      expect(p.status().upstreams.stocks.subscriptions).toEqual({ 'Q.AAPL': 1, 'T.AAPL': 1 });
      expect(c.ws.readyState).toBe(1);
      expect(c.elements.every((e) => e.ev === 'status' || e.sym === 'AAPL')).toBe(true);
    },
  );

  it.each([
    ['429s', (s: Simulator) => s.faults.rest429(2, 0)],
    ['502 pages from the edge', (s: Simulator) => s.faults.rest5xx(2)],
    ['slow responses', (s: Simulator) => s.faults.latency(200)],
  ])('answers REST through injected %s', async (_label, inject) => {
    await startSim();
    const p = await addProxy({ cacheTtlMs: 0 });
    const rest = createRestClient({ baseUrl: p.httpUrl, auth: () => p.issueToken('rest'), retries: 0 });
    inject(sim!);
    const res = await rest.get<{ ticker: { ticker: string } }>('/v2/snapshot/locale/us/markets/stocks/tickers/NVDA');
    expect(res.body.ticker.ticker).toBe('NVDA');
    await rest.close();
  });

  it('holds exactly the desired refcounts after 100 client connect/disconnect cycles', async () => {
    await startSim();
    const p = await addProxy({ idleGraceMs: 60_000 });
    const pool = ['T.AAPL', 'Q.AAPL', 'T.MSFT', 'Q.MSFT', 'T.NVDA', 'AM.SPY', 'Q.SPY', 'T.*'];
    const rand = prng(42);
    const live: { c: WsProbe; topics: Set<string> }[] = [];
    for (let i = 0; i < 100; i++) {
      const topics = new Set(pool.filter(() => rand() < 0.35));
      const c = await rig.client(p);
      c.send({ action: 'auth', params: p.issueToken(`cycle${i}`) });
      if (topics.size > 0) c.send({ action: 'subscribe', params: [...topics].join(',') });
      const entry = { c, topics };
      live.push(entry);
      // Some drop a topic again, some vanish abruptly, some leave politely.
      if (topics.size > 1 && rand() < 0.3) {
        const t = [...topics][0]!;
        c.send({ action: 'unsubscribe', params: t });
        topics.delete(t);
      }
      if (rand() < 0.6) {
        const victim = live.splice(Math.floor(rand() * live.length), 1)[0]!;
        if (rand() < 0.5) victim.c.terminate();
        else victim.c.ws.close();
      }
    }
    const expected: Record<string, number> = {};
    for (const l of live) for (const t of l.topics) expected[t] = (expected[t] ?? 0) + 1;
    const sorted = Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b)));
    await vi.waitFor(() => expect(p.status().upstreams.stocks.subscriptions).toEqual(sorted), { timeout: 10_000 });
    await vi.waitFor(() => expect(new Set(stocksConns()[0]?.subscriptions)).toEqual(new Set(Object.keys(expected))), {
      timeout: 5_000,
    });
    expect(p.status().clients).toHaveLength(live.length);
    expect(stocksConns()).toHaveLength(1);
  });

  it('serves the official @massive.com/client-js WebSocket client with a token in place of the key', async () => {
    await startSim();
    const p = await addProxy();
    const ws = websocketClient(p.issueToken('client-js'), p.wsUrl).stocks();
    cleanups.push(() => ws.close());
    const received: { ev: string; sym?: string; status?: string }[] = [];
    ws.onmessage = (msg: { data: unknown }) => {
      const elements = JSON.parse(String(msg.data)) as { ev: string; sym?: string; status?: string }[];
      for (const el of elements) {
        received.push(el);
        if (el.ev === 'status' && el.status === 'auth_success')
          ws.send(JSON.stringify({ action: 'subscribe', params: 'T.AAPL,Q.AAPL' }));
      }
    };
    await vi.waitFor(() => expect(received.filter((e) => e.ev === 'Q' || e.ev === 'T').length).toBeGreaterThan(2), {
      timeout: 8_000,
    });
    expect(received.filter((e) => e.ev !== 'status').every((e) => e.sym === 'AAPL')).toBe(true);
    expect(received.some((e) => e.status === 'auth_success')).toBe(true);
  });
});
