import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { status } from '../helpers/sim.js';
import { num, openWs, type WsProbe } from '../helpers/ws-client.js';

const KEY = 'demo-key';

describe('simulator WebSocket protocol', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  async function connect(path: string): Promise<WsProbe> {
    const p = await openWs(sim!.wsUrl + path);
    probes.push(p);
    return p;
  }

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  it('sends connected, then auth_success, each in a frame of its own', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await connect('/stocks');
    expect(await c.next()).toEqual([status('connected', 'Connected Successfully')]);
    c.auth(KEY);
    expect(await c.next()).toEqual([status('auth_success', 'authenticated')]);
    await expect
      .poll(() => sim!.connections())
      .toEqual([{ cluster: 'stocks', delayed: false, key: KEY, authed: true, subscriptions: [] }]);
  });

  it('answers a bad key with auth_failed and closes the socket', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await connect('/stocks');
    await c.next();
    c.auth('wrong-key');
    expect(await c.next()).toEqual([status('auth_failed', 'authentication failed')]);
    expect((await c.closed).code).toBe(1008);
  });

  it('honours a subscribe pipelined right behind the auth frame, with one ack frame per topic in order', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await connect('/stocks');
    c.auth(KEY, 'T.AAPL,Q.AAPL,AM.*');
    await c.next();
    expect(await c.next()).toEqual([status('auth_success', 'authenticated')]);
    expect(await c.next()).toEqual([status('success', 'subscribed to: T.AAPL')]);
    expect(await c.next()).toEqual([status('success', 'subscribed to: Q.AAPL')]);
    expect(await c.next()).toEqual([status('success', 'subscribed to: AM.*')]);
    c.send({ action: 'unsubscribe', params: 'T.AAPL' });
    await c.waitFor((e) => e.ev === 'status' && e.message === 'unsubscribed to: T.AAPL');
    expect(sim.connections()[0]!.subscriptions.sort()).toEqual(['AM.*', 'Q.AAPL']);
  });

  it('keeps the socket open and answers Invalid JSON for an unparseable frame', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await connect('/stocks');
    await c.next();
    c.send('{"action":');
    expect(await c.next()).toEqual([status('error', 'Invalid JSON')]);
    c.auth(KEY);
    expect(await c.next()).toEqual([status('auth_success', 'authenticated')]);
  });

  it('refuses a subscribe sent before any auth', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const c = await connect('/stocks');
    await c.next();
    c.send({ action: 'subscribe', params: 'T.SPY' });
    expect(await c.next()).toEqual([status('error', 'not authorized')]);
    expect(sim.connections()[0]!.subscriptions).toEqual([]);
  });

  it('streams only the subscribed stock topics, as batched arrays with exact keys and ms timestamps', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10 });
    const c = await connect('/stocks');
    c.auth(KEY, 'T.SPY,Q.SPY,A.SPY');
    const trade = await c.waitFor((e) => e.ev === 'T');
    await c.waitFor((e) => e.ev === 'Q');
    const agg = await c.waitFor((e) => e.ev === 'A');
    expect(Object.keys(trade).sort()).toEqual(expect.arrayContaining(['ev', 'i', 'p', 'q', 's', 'sym', 't', 'x', 'z']));
    expect(typeof trade.i).toBe('string');
    expect(String(trade.t)).toHaveLength(13);
    if ('c' in trade) expect(trade.c).not.toHaveLength(0);
    expect(num(agg, 'e') - num(agg, 's')).toBe(1000);
    const data = c.frames.flat().filter((e) => e.ev !== 'status');
    expect(new Set(data.map((e) => `${e.ev}.${e.sym}`))).toEqual(new Set(['T.SPY', 'Q.SPY', 'A.SPY']));
    expect(c.frames.some((f) => f.length > 1 && new Set(f.map((e) => e.ev)).size > 1)).toBe(true);
  });

  it('delivers every ticker of a channel for a CH.* wildcard', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10 });
    const c = await connect('/stocks');
    c.auth(KEY, 'T.*');
    await c.waitFor((e) => e.ev === 'T' && e.sym === 'NVDA');
    await c.waitFor((e) => e.ev === 'T' && e.sym === 'SPY');
    expect(c.frames.flat().filter((e) => e.ev !== 'status' && e.ev !== 'T')).toEqual([]);
  });

  it('emits minute bars aligned to minute boundaries', async () => {
    sim = await startSimulator({ tickMs: 10, speed: 200 });
    const c = await connect('/stocks');
    c.auth(KEY, 'AM.SPY');
    const bar = await c.waitFor((e) => e.ev === 'AM', 8000);
    expect(num(bar, 'e') - num(bar, 's')).toBe(60_000);
    expect(num(bar, 's') % 60_000).toBe(0);
    expect(bar.h).toBeGreaterThanOrEqual(Math.max(num(bar, 'o'), num(bar, 'c')));
    expect(bar.av).toBeGreaterThanOrEqual(num(bar, 'v'));
  });

  it('streams index values under T and val on /indices', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10 });
    const c = await connect('/indices');
    c.auth(KEY, 'V.I:SPX,V.I:VIX');
    const spx = await c.waitFor((e) => e.ev === 'V' && e.T === 'I:SPX');
    const vix = await c.waitFor((e) => e.ev === 'V' && e.T === 'I:VIX');
    expect(Object.keys(spx).sort()).toEqual(['T', 'ev', 't', 'val']);
    expect(spx.val).toBeGreaterThan(5000);
    expect(spx.val).toBeLessThan(9000);
    expect(vix.val).toBeGreaterThan(8);
    expect(vix.val).toBeLessThan(40);
  });

  it('streams trades and quotes for a subscribed option contract on /options', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 20 });
    const contract = sim.market
      .chain('SPY')
      .find((x) => x.right === 'call' && Math.abs(x.strike - sim!.market.price('SPY')!) < 5)!.ticker;
    const c = await connect('/options');
    c.auth(KEY, `Q.${contract},T.${contract}`);
    const q = await c.waitFor((e) => e.ev === 'Q');
    expect(q.sym).toBe(contract);
    expect(q.ap).toBeGreaterThan(num(q, 'bp'));
    expect(Object.keys(q).sort()).toEqual(['ap', 'as', 'ax', 'bp', 'bs', 'bx', 'ev', 'q', 'sym', 't']);
    const t = await c.waitFor((e) => e.ev === 'T', 10_000);
    expect(t.sym).toBe(contract);
    expect(t.x).toBeGreaterThanOrEqual(300);
  });

  it('moves the market only when an injected clock moves', async () => {
    const clock = new ManualClock(Date.parse('2026-01-06T15:00:00Z'));
    sim = await startSimulator({ tickMs: 50, clock });
    const c = await connect('/indices');
    c.auth(KEY, 'V.I:SPX');
    await c.waitFor((e) => e.ev === 'status' && e.status === 'success');
    const start = sim.market.now();
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.market.now()).toBe(start);
    expect(c.frames.flat().some((e) => e.ev === 'V')).toBe(false);
    clock.advance(3000);
    const v = await c.waitFor((e) => e.ev === 'V');
    expect(v.t).toBeGreaterThanOrEqual(start);
    expect(sim.market.now()).toBe(start + 3000);
  });
});
