import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';

const KEY = 'demo-key';
const AT = '2026-01-06T14:31:00Z';

/** Data elements (no status) received so far, in wire order. */
const data = (p: WsProbe) => p.frames.flat().filter((e) => e.ev !== 'status');

describe('simulator reproducibility over the wire', () => {
  const sims: Simulator[] = [];
  const probes: WsProbe[] = [];

  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  /** A simulator on a manual clock with a stocks and an options client, and a way to step it. */
  async function rig(seed: number) {
    const clock = new ManualClock(Date.parse(AT));
    const sim = await startSimulator({ seed, tickMs: 100, at: AT, clock });
    sims.push(sim);
    const stocks = await openWs(`${sim.wsUrl}/stocks`);
    const options = await openWs(`${sim.wsUrl}/options`);
    probes.push(stocks, options);
    stocks.auth(KEY, 'T.*,Q.*,A.*,AM.*');
    options.auth(KEY, 'T.*,A.*');
    await stocks.waitFor((e) => e.message === 'subscribed to: AM.*');
    await options.waitFor((e) => e.message === 'subscribed to: A.*');
    return { clock, stocks, options };
  }

  async function collect(r: Awaited<ReturnType<typeof rig>>, n: number): Promise<void> {
    for (let i = 0; i < 600 && (data(r.stocks).length < n || data(r.options).length < 50); i++) {
      r.clock.advance(100);
      // Let the frames of this tick reach the client before the next one is made.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  it('sends the same first 1,000 stock events (and the same option events) for the same seed', async () => {
    const a = await rig(7);
    const b = await rig(7);
    await collect(a, 1000);
    await collect(b, 1000);
    expect(data(a.stocks).length).toBeGreaterThanOrEqual(1000);
    expect(data(b.stocks).slice(0, 1000)).toEqual(data(a.stocks).slice(0, 1000));
    expect(
      new Set(
        data(a.stocks)
          .slice(0, 1000)
          .map((e) => e.ev),
      ),
    ).toEqual(new Set(['T', 'Q', 'A']));
    const n = Math.min(data(a.options).length, data(b.options).length);
    expect(n).toBeGreaterThanOrEqual(50);
    expect(data(b.options).slice(0, n)).toEqual(data(a.options).slice(0, n));
  });

  it('sends a different stream for another seed', async () => {
    const a = await rig(7);
    const b = await rig(8);
    await collect(a, 200);
    await collect(b, 200);
    expect(data(b.stocks).slice(0, 200)).not.toEqual(data(a.stocks).slice(0, 200));
  });
});
