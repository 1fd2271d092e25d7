import { afterEach, describe, expect, it } from 'vitest';
import { CHAIN_PAGE_CAP } from '../../../src/stream/poll-options.js';
import { chainPage, contracts, dollarStrikes, row } from '../../helpers/fake-chain.js';
import { pollerRig, type PollerRig } from '../../helpers/poller-rig.js';

const ORIGIN = 'https://api.massive.com';
/** SPY-like: $1 strikes 500–800 on three daily expiries, 602 contracts each. */
const CHAIN = contracts({
  root: 'SPY',
  expiries: ['2026-01-05', '2026-01-06', '2026-01-07'],
  strikes: dollarStrikes(500, 800),
});
const ticker = (expiry: string, right: 'call' | 'put', strike: number) =>
  CHAIN.find((c) => c.expiry === expiry && c.right === right && c.strike === strike)!.ticker;

const need = (options: string[]) => ({ stocks: [], indices: [], options });
const query = (path: string) => Object.fromEntries(new URL(path, ORIGIN).searchParams);

describe('REST poller: watched option contracts on chains of real size', () => {
  let r: PollerRig | undefined;
  afterEach(() => r?.poller.close());

  it('reads up to three watched contracts of an underlying from their own snapshots', async () => {
    const watched = [ticker('2026-01-05', 'call', 690), ticker('2026-01-07', 'put', 650)];
    r = pollerRig((p) => {
      const c = CHAIN.find((x) => p.endsWith(`/${x.ticker}`));
      return c ? { status: 'OK', results: row(c, { spot: 680 }) } : { status: 'OK', results: [] };
    });
    r.poller.refresh(need(watched), 'regular', 1);
    await r.run(500);
    expect(r.calls.sort()).toEqual(watched.map((t) => `/v3/snapshot/options/SPY/${t}`).sort());
    expect(r.quotes.map((q) => q.symbol).sort()).toEqual([...watched].sort());
    expect(r.quotes[0]!.seed.bid).toBeGreaterThan(0);
  });

  it('reads more watched contracts from a chain narrowed to their expiries and strikes, page by page', async () => {
    // Strikes 640–720 on two expiries: 2 × 2 × 81 = 324 rows, two pages.
    const watched = [
      ticker('2026-01-05', 'call', 640),
      ticker('2026-01-05', 'put', 700),
      ticker('2026-01-06', 'call', 720),
      ticker('2026-01-06', 'put', 660),
    ];
    r = pollerRig((p) => chainPage(CHAIN, p, ORIGIN));
    r.poller.refresh(need(watched), 'regular', 1);
    await r.run(1_000);
    expect(query(r.calls[0]!)).toEqual({
      'strike_price.gte': '640',
      'strike_price.lte': '720',
      'expiration_date.gte': '2026-01-05',
      'expiration_date.lte': '2026-01-06',
      limit: '250',
    });
    expect(r.calls).toHaveLength(2);
    expect(r.calls[1]).toMatch(/^https:\/\/api\.massive\.com\/v3\/snapshot\/options\/SPY\?cursor=[\w-]+$/);
    expect(r.quotes.map((q) => q.symbol).sort()).toEqual([...watched].sort());
    // Both pages came out of the client's budget.
    expect(r.budget.used).toBe(2);
  });

  it('stops reading as soon as every watched contract was seen', async () => {
    // Calls 500–749 of one expiry: 250 calls then 250 puts, so all four are on the first page.
    const watched = [500, 600, 700, 749].map((k) => ticker('2026-01-05', 'call', k));
    r = pollerRig((p) => chainPage(CHAIN, p, ORIGIN));
    r.poller.refresh(need(watched), 'regular', 1);
    await r.run(1_000);
    expect(chainPage(CHAIN, r.calls[0]!, ORIGIN).next_url).toBeDefined();
    expect(r.calls).toHaveLength(1);
    expect(new Set(r.quotes.map((q) => q.symbol))).toEqual(new Set(watched));
  });

  it.each([
    ['a repeated cursor (polygon-io/issues#289)', () => `${ORIGIN}/v3/snapshot/options/SPY?cursor=same`, 2],
    ['endless fresh cursors', (n: number) => `${ORIGIN}/v3/snapshot/options/SPY?cursor=c${n}`, CHAIN_PAGE_CAP],
  ])('stops on %s', async (_name, next, pages) => {
    let n = 0;
    r = pollerRig(() => ({ status: 'OK', results: [], next_url: next(++n) }));
    r.poller.refresh(need([640, 641, 642, 643].map((k) => ticker('2026-01-05', 'call', k))), 'regular', 1);
    await r.run(2_000);
    expect(r.calls).toHaveLength(pages);
  });

  it('splits watched expiries far apart into separate chain reads', async () => {
    const far = contracts({ root: 'SPY', expiries: ['2026-03-20'], strikes: [650] });
    const watched = [...[640, 641, 642].map((k) => ticker('2026-01-05', 'call', k)), far[0]!.ticker];
    r = pollerRig((p) => chainPage([...CHAIN, ...far], p, ORIGIN));
    r.poller.refresh(need(watched), 'regular', 1);
    await r.run(1_000);
    const ranges = r.calls
      .filter((c) => c.startsWith('/'))
      .map((c) => [query(c)['expiration_date.gte'], query(c)['expiration_date.lte']]);
    expect(ranges.sort()).toEqual([
      ['2026-01-05', '2026-01-05'],
      ['2026-03-20', '2026-03-20'],
    ]);
    expect(new Set(r.quotes.map((q) => q.symbol))).toEqual(new Set(watched));
  });
});
