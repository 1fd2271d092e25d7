import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { num, openWs, type WireElement, type WsProbe } from '../helpers/ws-client.js';
import { at, jsonOf } from '../helpers/json.js';

const KEY = 'demo-key';
const AT = '2026-01-06T17:00:00Z';

describe('scripted option prints on the options feed', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  async function optionsClient(topics: string): Promise<WsProbe> {
    const p = await openWs(`${sim!.wsUrl}/options`);
    probes.push(p);
    p.auth(KEY, topics);
    await p.waitFor((e) => e.ev === 'status' && e.status === 'success');
    return p;
  }

  it('delivers a scripted sweep, block and split with quotes ahead of them to a T.*/Q subscriber', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT, naturalOptionTrades: false });
    const [call] = sim.market.scriptOptionTrades('SPY', [
      { right: 'call', exchange: 300, price: 'ask', size: 1, atOffsetMs: 60_000 },
    ]);
    const c = await optionsClient(`T.*,Q.${call!.contract}`);
    const res = sim.market.scriptOptionTrades('SPY', [
      { right: 'call', exchange: 302, price: 'ask', size: 100, conditions: [219], atOffsetMs: 200 },
      { right: 'call', exchange: 309, price: 'ask', size: 80, conditions: [219], atOffsetMs: 220 },
      { right: 'call', exchange: 316, price: 'ask', size: 60, conditions: [219], atOffsetMs: 240 },
      { right: 'call', exchange: 300, price: 'mid', size: 2000, conditions: [229], atOffsetMs: 1500 },
      { right: 'call', exchange: 313, price: 'bid', size: 30, atOffsetMs: 2600 },
      { right: 'call', exchange: 313, price: 'bid', size: 30, atOffsetMs: 2650 },
    ]);
    expect(res.every((r) => r.contract === call!.contract)).toBe(true);
    await c.waitFor((e) => e.ev === 'T' && e.t === res[5]!.t, 10_000);
    const events = c.frames.flat().filter((e) => e.sym === call!.contract && (e.ev === 'T' || e.ev === 'Q'));
    const trades = events.filter((e) => e.ev === 'T');
    expect(trades.map((t) => [t.x, t.s, t.c])).toEqual([
      [302, 100, [219]],
      [309, 80, [219]],
      [316, 60, [219]],
      [300, 2000, [229]],
      [313, 30, [209]],
      [313, 30, [209]],
    ]);
    for (const t of trades) {
      const quote = events
        .slice(0, events.indexOf(t))
        .filter((e) => e.ev === 'Q')
        .at(-1);
      expect(quote, 'a quote precedes every print').toBeDefined();
      expect(num(quote, 't')).toBeLessThanOrEqual(num(t, 't'));
    }
    const nbboAt = (t: WireElement | undefined) =>
      events
        .slice(0, events.indexOf(t!))
        .filter((e) => e.ev === 'Q')
        .at(-1);
    expect(trades[0]!.p).toBe(nbboAt(trades[0])!.ap);
    expect(num(trades[3], 'p')).toBeCloseTo((num(nbboAt(trades[3]), 'ap') + num(nbboAt(trades[3]), 'bp')) / 2, 2);
    expect(trades[4]!.p).toBe(nbboAt(trades[4])!.bp);
  });

  it('takes a script over POST /_sim/script and rejects a malformed one', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const c = await optionsClient('T.*');
    const post = async (body: unknown) => {
      const res = await fetch(`${sim!.httpUrl}/_sim/script`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: await jsonOf(res) };
    };
    expect(
      (await post({ underlying: 'SPY', prints: [{ exchange: 302, price: 'nowhere', size: 1, atOffsetMs: 0 }] })).status,
    ).toBe(400);
    expect(
      (await post({ underlying: 'NOT A TICKER', prints: [{ exchange: 302, price: 'ask', size: 1, atOffsetMs: 0 }] }))
        .status,
    ).toBe(400);
    const ok = await post({
      underlying: 'QQQ',
      naturalOptionTrades: false,
      prints: [
        { right: 'put', dte: 7, exchange: 322, price: 'below_bid', size: 7, conditions: [204], atOffsetMs: 100 },
      ],
    });
    expect(ok.status).toBe(200);
    const contract = at(ok.body, 'results', 0, 'contract');
    expect(contract).toMatch(/^O:QQQ\d{6}P\d{8}$/);
    const t = await c.waitFor((e) => e.ev === 'T' && e.sym === contract, 10_000);
    expect(t).toMatchObject({ x: 322, s: 7, c: [204], t: at(ok.body, 'results', 0, 't') });
  });
});
