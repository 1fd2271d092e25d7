/**
 * What the simulator's feed looks like on the wire, over a plain ws client: zero fields left off
 * (no bid on a far out-of-the-money option), no option print below a cent, and trades and quotes
 * of a stock on clocks that are not in lock-step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { num, openWs, type WsProbe } from '../helpers/ws-client.js';

const AT = '2026-01-06T15:00:00Z';

describe('simulator wire details', () => {
  let sim: Simulator | undefined;
  const probes: WsProbe[] = [];

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await sim?.close();
    sim = undefined;
  });

  async function subscribed(path: string, topics: string): Promise<WsProbe> {
    const p = await openWs(sim!.wsUrl + path);
    probes.push(p);
    p.auth('demo-key', topics);
    await p.waitFor((e) => e.ev === 'status' && e.status === 'success');
    return p;
  }

  it('streams a quote with no bid without bp and bs, and never an ask of 0 or a print below a cent', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 20, at: AT });
    const chain = sim.market.chain('SPY');
    const far = chain.filter((c) => c.expiry === chain[0]!.expiry && c.right === 'call').at(-1)!;
    const c = await subscribed('/options', `Q.${far.ticker},T.*`);
    const q = await c.waitFor((e) => e.ev === 'Q' && e.sym === far.ticker, 8000);
    expect(q.bp).toBeUndefined();
    expect(q.bs).toBeUndefined();
    expect(q.ap).toBeGreaterThanOrEqual(0.01);
    await c.waitFor((e) => e.ev === 'T', 8000);
    for (const f of c.frames) {
      for (const e of f) {
        if (e.ev === 'T') expect(e.p).toBeGreaterThanOrEqual(0.01);
        if (e.ev === 'Q') expect(e.ap).toBeGreaterThan(0);
        for (const [k, v] of Object.entries(e)) expect(v, `${e.ev}.${k}`).not.toBe(0);
      }
    }
  });

  it('delivers stock quotes a few ms after the trades they follow, sometimes ahead of them in the frame', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 20, at: AT });
    const c = await subscribed('/stocks', 'T.SPY,Q.SPY,T.NVDA,Q.NVDA');
    await expect.poll(() => c.frames.flat().filter((e) => e.ev === 'T').length, { timeout: 8000 }).toBeGreaterThan(200);
    const elements = c.frames.flat().filter((e) => e.ev === 'T' || e.ev === 'Q');
    let overtaken = 0;
    for (const [i, e] of elements.entries()) {
      if (e.ev !== 'Q') continue;
      if (elements.slice(i + 1, i + 20).some((x) => x.ev === 'T' && x.sym === e.sym && num(x, 't') < num(e, 't')))
        overtaken++;
    }
    expect(overtaken).toBeGreaterThan(0);
  });
});
