import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { MassiveError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { impliedSpot, parseChainPage, windowCovered, type ChainRow } from '../../../src/proxy/flow.js';
import { FlowManager, type TopicHolder } from '../../../src/proxy/flow-manager.js';
import { SNAPSHOT_REFUSAL_TTL_MS } from '../../../src/proxy/flow-spot.js';
import { chainPage, contracts, dollarStrikes, type RowOptions } from '../../helpers/fake-chain.js';

const ORIGIN = 'https://api.massive.com';
/** SPY-like: $1 strikes, hundreds of contracts per expiry. */
const CHAIN = contracts({
  root: 'SPY',
  expiries: ['2026-01-05', '2026-01-06', '2026-01-07'],
  strikes: dollarStrikes(500, 800),
});
const SPOT = 680.4;
const NOT_ENTITLED = new MassiveError(
  'NOT_ENTITLED',
  'GET /v2/snapshot/… failed with HTTP 403: You are not entitled to this data.',
  { status: 403 },
);

function holder(): TopicHolder & { readonly quotes: () => string[] } {
  const refs = new Map<string, number>();
  return {
    acquire: (topics) => {
      for (const t of topics) refs.set(t, (refs.get(t) ?? 0) + 1);
    },
    release: (topics) => {
      for (const t of topics) refs.set(t, (refs.get(t) ?? 1) - 1);
    },
    quoteCount: () => [...refs].filter(([t, n]) => n > 0 && t.startsWith('Q.')).length,
    quotes: () => [...refs].filter(([t, n]) => n > 0 && t.startsWith('Q.')).map(([t]) => t.slice(2)),
  };
}

interface Upstream {
  readonly rows?: RowOptions;
  /** The stock snapshot's answer: a price, or an error to throw. */
  readonly snapshot?: number | MassiveError;
}

function start(up: Upstream, extra: { bandPct?: number; windowSize?: number; refreshMs?: number } = {}) {
  const asked: string[] = [];
  const h = holder();
  const clock = new ManualClock();
  const fetchJson = async (path: string): Promise<unknown> => {
    asked.push(path);
    if (path.startsWith('/v2/snapshot/')) {
      if (up.snapshot instanceof MassiveError) throw up.snapshot;
      if (up.snapshot === undefined) throw new MassiveError('NOT_FOUND', 'no such ticker', { status: 404 });
      return { status: 'OK', ticker: { ticker: 'SPY', lastTrade: { p: up.snapshot, t: 1 } } };
    }
    return chainPage(CHAIN, path, ORIGIN, { spot: SPOT, ...up.rows });
  };
  const fm = new FlowManager({
    mode: 'window',
    hub: h,
    fetchJson,
    clock,
    logger: silentLogger,
    windowSize: 100,
    ...extra,
  });
  return { asked, h, clock, fm };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const strikeOf = (t: string) => Number(t.slice(-8)) / 1000;
const expiryOf = (t: string) => `20${t.slice(-15, -13)}-${t.slice(-13, -11)}-${t.slice(-11, -9)}`;

describe('the flow window on chains of real size', () => {
  it('follows pages until the nearest expiries are complete, and centres on the money', async () => {
    const { asked, h, fm } = start({}, { bandPct: 0.1 });
    fm.acquire('SPY');
    await flush();
    expect(fm.status().underlyings.SPY).toMatchObject({ contracts: 100, spot: SPOT, spotSource: 'chain' });
    const window = h.quotes();
    // 25 strikes either side of the money, calls and puts, on both nearest expiries.
    expect(new Set(window.map(expiryOf))).toEqual(new Set(['2026-01-05', '2026-01-06']));
    expect(Math.min(...window.map(strikeOf))).toBe(668);
    expect(Math.max(...window.map(strikeOf))).toBe(692);
    // Probe, then ±10 % is 272 rows an expiry: three pages reach the third expiry, and stop there.
    expect(asked.filter((p) => p.includes('cursor='))).toHaveLength(2);
    expect(asked).toHaveLength(4);
  });

  it('takes the spot from the stock snapshot when the chain carries none', async () => {
    const { fm } = start({ rows: { showSpot: false }, snapshot: 681.25 });
    fm.acquire('SPY');
    await flush();
    expect(fm.status().underlyings.SPY).toMatchObject({ contracts: 100, spot: 681.25, spotSource: 'snapshot' });
  });

  it('implies the spot by put-call parity when the snapshot is not in the plan, and does not ask for it again', async () => {
    const { asked, clock, fm } = start({ rows: { showSpot: false }, snapshot: NOT_ENTITLED }, { refreshMs: 60_000 });
    fm.acquire('SPY');
    await flush();
    expect(fm.status().underlyings.SPY).toMatchObject({ contracts: 100, spotSource: 'parity' });
    expect(fm.status().underlyings.SPY!.spot).toBeCloseTo(SPOT, 6);
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      await flush();
    }
    expect(fm.status().underlyings.SPY?.refreshedAt).toBe(clock.now());
    expect(asked.filter((p) => p.startsWith('/v2/snapshot/'))).toHaveLength(1);
    clock.advance(SNAPSHOT_REFUSAL_TTL_MS);
    await flush();
    expect(asked.filter((p) => p.startsWith('/v2/snapshot/'))).toHaveLength(2);
  });

  it('says why when no price can be had at all', async () => {
    const { h, fm } = start({ rows: { showSpot: false, priced: false }, snapshot: NOT_ENTITLED });
    fm.acquire('SPY');
    await flush();
    expect(fm.status().underlyings.SPY?.lastError).toMatch(/^no price for SPY/);
    expect(h.quotes()).toEqual([]);
  });
});

describe('put-call parity and window coverage', () => {
  const r = (expiry: string, strike: number, right: 'call' | 'put', price?: number): ChainRow => ({
    ticker: `${expiry}${right}${strike}`,
    expiry,
    strike,
    right,
    ...(price === undefined ? {} : { price }),
  });

  it.each<[string, ChainRow[], number | undefined]>([
    [
      'at the strike where call and put are closest',
      [r('e1', 100, 'call', 5.5), r('e1', 100, 'put', 4), r('e1', 105, 'call', 3), r('e1', 105, 'put', 6.6)],
      101.5,
    ],
    [
      'nearest expiry first',
      [r('e2', 100, 'call', 9), r('e2', 100, 'put', 1), r('e1', 100, 'call', 2), r('e1', 100, 'put', 3)],
      99,
    ],
    [
      'skips an expiry without a pair',
      [r('e1', 100, 'call', 2), r('e2', 100, 'call', 2.5), r('e2', 100, 'put', 2)],
      100.5,
    ],
    ['unpriced rows do not count', [r('e1', 100, 'call'), r('e1', 100, 'put', 3)], undefined],
    ['nothing', [], undefined],
  ])('%s', (_name, rows, spot) => {
    expect(impliedSpot(rows)).toBe(spot);
  });

  it.each<[string[], number, boolean]>([
    [['a', 'a', 'b'], 2, false],
    [['a', 'b', 'c'], 2, true],
    [[], 0, false],
  ])('rows of expiries %j cover %i nearest: %s', (expiries, n, covered) => {
    expect(
      windowCovered(
        expiries.map((e) => r(e, 1, 'call')),
        n,
      ),
    ).toBe(covered);
  });

  it('prices a row by its mid, else its last trade, else its day close', () => {
    const page = parseChainPage({
      results: [
        {
          details: { ticker: 'O:SPY260105C00600000', expiration_date: '2026-01-05', strike_price: 600 },
          last_quote: { bid: 1, ask: 1.2 },
          last_trade: { price: 9 },
        },
        {
          details: { ticker: 'O:SPY260105P00600000', expiration_date: '2026-01-05', strike_price: 600 },
          last_trade: { price: 2.5 },
          day: { close: 9 },
        },
        {
          details: {
            ticker: 'O:SPY260105P00610000',
            contract_type: 'put',
            expiration_date: '2026-01-05',
            strike_price: 610,
          },
          day: { close: 3, last_updated: 1_767_625_200_000_000_000 },
        },
      ],
    });
    expect(page.rows.map((x) => [x.right, x.price])).toEqual([
      ['call', 1.1],
      ['put', 2.5],
      ['put', 3],
    ]);
    expect(page.asOfMs).toBe(1_767_625_200_000);
  });
});
