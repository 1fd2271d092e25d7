import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { PLAN_REFUSAL_MESSAGE } from '../../src/massive/entitlements.js';
import { status } from '../helpers/sim.js';
import { num, openWs, type WsProbe } from '../helpers/ws-client.js';
import { at, jsonOf } from '../helpers/json.js';

const MAX_CONN =
  'Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support at https://polygon.io/contact to increase your limit.';
const LIMIT = 'Subscription limit reached for feed. Please remove some subscriptions and try again.';
const RATE =
  "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://massive.com/pricing";

const KEYS = { adv: 'advanced', dev: 'developer', start: 'starter', free: 'free' } as const;

describe('simulator limits and entitlements', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  async function connect(path: string): Promise<WsProbe> {
    const p = await openWs(sim!.wsUrl + path);
    probes.push(p);
    await p.next();
    return p;
  }

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  it('evicts the older connection of a key on the same cluster with max_connections and 1008', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
    const old = await connect('/stocks');
    old.auth('adv');
    await old.next();
    const other = await connect('/indices');
    other.auth('adv');
    await other.next();
    const fresh = await connect('/stocks');
    fresh.auth('adv', 'T.SPY');
    expect(await old.next()).toEqual([status('max_connections', MAX_CONN)]);
    expect((await old.closed).code).toBe(1008);
    await fresh.waitFor((e) => e.ev === 'T');
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    expect(
      sim
        .connections()
        .map((c) => c.cluster)
        .sort(),
    ).toEqual(['indices', 'stocks']);
  });

  it('counts a delayed connection against the same per-market quota', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
    const live = await connect('/stocks');
    live.auth('adv');
    await live.next();
    const delayed = await connect('/delayed/stocks');
    delayed.auth('adv');
    expect((await live.closed).code).toBe(1008);
  });

  it('sends auth_timeout and closes when no auth arrives in time', async () => {
    sim = await startSimulator({ tickMs: 20, authTimeoutMs: 150 });
    const c = await connect('/stocks');
    expect(await c.next(2000)).toEqual([status('auth_timeout', 'No authentication request received.')]);
    expect((await c.closed).code).toBe(1008);
  });

  it('refuses a whole options Q subscribe frame that would exceed the contract cap', async () => {
    sim = await startSimulator({ tickMs: 20, optionQuoteCap: 3 });
    const c = await connect('/options');
    c.auth('demo-key', 'Q.O:SPY261218C00650000,Q.O:SPY261218C00655000');
    await c.next();
    await c.next();
    await c.next();
    c.send({ action: 'subscribe', params: 'T.O:SPY261218C00660000,Q.O:SPY261218C00660000,Q.O:SPY261218C00665000' });
    expect(await c.next()).toEqual([status('error', LIMIT)]);
    expect(sim.connections()[0]!.subscriptions.sort()).toEqual(['Q.O:SPY261218C00650000', 'Q.O:SPY261218C00655000']);
    c.send({ action: 'subscribe', params: 'Q.O:SPY261218C00660000' });
    expect(await c.next()).toEqual([status('success', 'subscribed to: Q.O:SPY261218C00660000')]);
  });

  it('answers not authorized for quotes on a developer key but allows its trades, on the delayed host', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
    const c = await connect('/delayed/stocks');
    c.auth('dev', 'Q.SPY,T.SPY');
    await c.next();
    expect(await c.next()).toEqual([status('error', 'not authorized')]);
    expect(await c.next()).toEqual([status('success', 'subscribed to: T.SPY')]);
  });

  it('refuses WebSockets to a free key with auth_failed about the plan, then 1008', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
    const c = await connect('/stocks');
    c.auth('free');
    expect(await c.next()).toEqual([status('auth_failed', PLAN_REFUSAL_MESSAGE)]);
    expect((await c.closed).code).toBe(1008);
  });

  it.each(['dev', 'start'])(
    'refuses the %s key (a delayed plan) on the real-time host with the plan message',
    async (key) => {
      sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
      const c = await connect('/stocks');
      c.auth(key, 'T.SPY');
      expect(await c.next()).toEqual([status('auth_failed', PLAN_REFUSAL_MESSAGE)]);
      expect((await c.closed).code).toBe(1008);
    },
  );

  it('gives a starter key only aggregates on the delayed host, and a developer key trades 15 minutes old', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10, keys: { ...KEYS } });
    const s = await connect('/delayed/stocks');
    s.auth('start', 'Q.SPY,T.SPY,AM.SPY');
    expect(await s.next()).toEqual([status('auth_success', 'authenticated')]);
    expect(await s.next()).toEqual([status('error', 'not authorized')]);
    expect(await s.next()).toEqual([status('error', 'not authorized')]);
    expect(await s.next()).toEqual([status('success', 'subscribed to: AM.SPY')]);
    await s.close();
    const d = await connect('/delayed/stocks');
    d.auth('dev', 'T.SPY');
    await d.next();
    expect(await d.next()).toEqual([status('success', 'subscribed to: T.SPY')]);
    const trade = await d.waitFor((e) => e.ev === 'T');
    const lag = sim.market.now() - num(trade, 't');
    expect(lag).toBeGreaterThan(14 * 60_000);
    expect(lag).toBeLessThan(16 * 60_000);
  });

  it('limits a free key to 5 REST requests per minute with the exact 429 body', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS }, retryAfterOnRateLimit: true });
    const url = `${sim.httpUrl}/v2/aggs/ticker/SPY/prev?apiKey=free`;
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(200);
    const res = await fetch(url);
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body).toEqual({ status: 'ERROR', request_id: res.headers.get('x-request-id'), error: RATE });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${sim.httpUrl}/v2/aggs/ticker/SPY/prev?apiKey=adv`)).status).toBe(200);
  });

  it('denies snapshots to a free key with 403 NOT_AUTHORIZED and omits quotes for a developer key', async () => {
    sim = await startSimulator({ tickMs: 20, keys: { ...KEYS } });
    const denied = await fetch(`${sim.httpUrl}/v2/snapshot/locale/us/markets/stocks/tickers/SPY?apiKey=free`);
    expect(denied.status).toBe(403);
    expect(at(await jsonOf(denied), 'status')).toBe('NOT_AUTHORIZED');
    const dev = await jsonOf(await fetch(`${sim.httpUrl}/v2/snapshot/locale/us/markets/stocks/tickers/SPY?apiKey=dev`));
    expect(at(dev, 'ticker', 'lastTrade')).toBeDefined();
    expect(at(dev, 'ticker')).not.toHaveProperty('lastQuote');
    const chain = await jsonOf(await fetch(`${sim.httpUrl}/v3/snapshot/options/SPY?limit=1&apiKey=dev`));
    expect(at(chain, 'results', 0)).toBeDefined();
    expect(at(chain, 'results', 0)).not.toHaveProperty('last_quote');
    const prev = await jsonOf(await fetch(`${sim.httpUrl}/v2/aggs/ticker/SPY/prev?apiKey=start`));
    expect(at(prev, 'status')).toBe('DELAYED');
  });
});
