/**
 * The REST poller against the simulator with keys whose plans differ per asset class: 403s are
 * learnt per asset class and endpoint family, a Basic class is read from the last session, and
 * watched contracts on a $1-strike chain are read narrowed and paged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyPlans } from '../../src/massive/entitlements.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRestClient, type RestClient } from '../../src/rest/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { QuoteSeed } from '../../src/store/quote-reducer.js';
import { RestBudget } from '../../src/stream/budget.js';
import { Poller } from '../../src/stream/poller.js';
import type { PollNeed } from '../../src/stream/poll-policy.js';
import { marketClock } from '../helpers/market-clock.js';
import { REGULAR } from '../helpers/stream-rig.js';

const KEY = 'poller-plans-key';

describe('REST poller against plans per asset class', () => {
  let sim: Simulator | undefined;
  let rest: RestClient | undefined;
  let poller: Poller | undefined;
  afterEach(async () => {
    poller?.close();
    await rest?.close();
    await sim?.close();
  });

  async function start(plans: KeyPlans, need: PollNeed) {
    sim = await startSimulator({ keys: { [KEY]: plans }, seed: 5, tickMs: 50, at: REGULAR });
    const client = createRestClient({ baseUrl: sim.httpUrl, auth: () => KEY, retries: 0 });
    rest = client;
    const asked: string[] = [];
    const quotes = new Map<string, QuoteSeed>();
    const notices: string[] = [];
    const clock = marketClock(REGULAR);
    poller = new Poller({
      clock,
      logger: silentLogger,
      signal: new AbortController().signal,
      budget: new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } }),
      rest: {
        get: (path, opts) => {
          asked.push(path);
          return client.get(path, opts);
        },
      },
      sink: { quote: (s, seed) => void quotes.set(s, seed), notice: (m) => void notices.push(m) },
    });
    poller.refresh(need, 'regular', 1);
    poller.update(need, 'regular', 1);
    return { asked, quotes, notices, sim };
  }

  it('reads a Basic stocks plan from the last session while indices keep their snapshots', async () => {
    const r = await start(
      { stocks: 'basic', indices: 'starter' },
      { stocks: ['SPY', 'QQQ'], indices: ['I:SPX'], options: [] },
    );
    await expect
      .poll(() => poller!.stats().routes, { timeout: 5_000 })
      .toEqual({ stocks: 'last-session', indices: 'snapshot', options: 'snapshot' });
    await expect.poll(() => [...r.quotes.keys()].sort(), { timeout: 5_000 }).toEqual(['I:SPX', 'QQQ', 'SPY']);
    expect(r.quotes.get('SPY')!.price).toBe(r.sim.market.state('SPY')!.day.prevClose);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(r.asked.filter((p) => p.startsWith('/v2/snapshot/'))).toHaveLength(1);
    expect(r.asked.filter((p) => p.includes('/range/'))).toHaveLength(1);
    expect(r.asked.filter((p) => p.startsWith('/v3/snapshot/indices')).length).toBeGreaterThan(1);
    expect(r.notices).toEqual([
      'stocks: snapshots not in your plan (403); polling per-ticker bars',
      "stocks: today's bars are not in your plan before the close (403); showing the last session",
    ]);
  });

  it('reads watched contracts of a $1-strike chain narrowed and paged, and a few from their own snapshots', async () => {
    sim = await startSimulator({ keys: { probe: 'advanced' }, seed: 5, tickMs: 50, at: REGULAR });
    const spot = sim.market.state('SPY')!.price;
    const chain = sim.market.chain('SPY');
    const expiries = [...new Set(chain.map((c) => c.expiry))].sort();
    // Strikes 7 % either side of the money on the two nearest expiries: ~400 rows, two pages.
    const at = (expiry: string, right: 'call' | 'put', strike: number) =>
      chain
        .filter((c) => c.expiry === expiry && c.right === right)
        .sort((a, b) => Math.abs(a.strike - strike) - Math.abs(b.strike - strike))[0]!.ticker;
    const spy = [
      at(expiries[0]!, 'call', spot),
      at(expiries[0]!, 'put', spot * 0.93),
      at(expiries[1]!, 'call', spot * 1.07),
      at(expiries[1]!, 'put', spot),
    ];
    const qqq = sim.market
      .chain('QQQ')
      .slice(0, 2)
      .map((c) => c.ticker);
    await sim.close();
    const r = await start(
      { stocks: 'starter', options: 'starter' },
      { stocks: [], indices: [], options: [...spy, ...qqq] },
    );
    await expect.poll(() => [...r.quotes.keys()].sort(), { timeout: 5_000 }).toEqual([...spy, ...qqq].sort());
    const chainReads = r.asked.filter((p) => p.includes('/v3/snapshot/options/SPY'));
    expect(new URL(chainReads[0]!, 'http://x').searchParams.get('strike_price.gte')).not.toBeNull();
    expect(chainReads[1]).toMatch(/\/v3\/snapshot\/options\/SPY\?cursor=/);
    expect(r.asked.filter((p) => p.startsWith('/v3/snapshot/options/QQQ/O:QQQ'))).toHaveLength(2);
    expect(poller!.stats().byKind).toMatchObject({ 'option-contract': 2 });
    expect(poller!.stats().byKind['option-chain']).toBeGreaterThanOrEqual(1);
  });
});
