import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { strikeGrid } from '../../src/sim/market/options.js';

const KEY = 'demo-key';
// A Tuesday, 10:00 New York: regular session.
const AT = '2026-01-06T15:00:00Z';

/** The wire fields of an option contract snapshot these tests read (Massive's names). */
interface WireContract {
  readonly details: {
    readonly ticker: string;
    readonly contract_type: string;
    readonly strike_price: number;
    readonly expiration_date: string;
  };
  readonly last_quote: {
    readonly ask: number;
    readonly bid: number;
    readonly midpoint: number;
    readonly last_updated: number;
  };
  readonly underlying_asset: { readonly ticker: string };
  readonly greeks?: { readonly delta: number };
  readonly open_interest?: number;
}

/** One value of a technical indicator (`signal` and `histogram` are MACD's). */
interface IndicatorValue {
  readonly timestamp: number;
  readonly value: number;
  readonly signal?: number;
  readonly histogram?: number;
}

/** An aggregate bar on the wire. */
interface WireBar {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
}

/** The envelope of every answer: a list page, one item, or an error (`status` says which). */
interface Envelope<T> {
  readonly status: string;
  readonly ticker?: string;
  readonly resultsCount?: number;
  readonly results: T;
  readonly next_url?: string;
}

describe('simulator REST: option chains, aggregates and indicators', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  /** GETs with the key; `B` is the body's shape (a page of the chain's contracts unless said otherwise). */
  async function get<B = Envelope<WireContract[]>>(pathOrUrl: string): Promise<{ status: number; body: B }> {
    const url = new URL(pathOrUrl, sim!.httpUrl);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${KEY}` } });
    return { status: res.status, body: (await res.json()) as B };
  }

  it('filters the chain by type, expiry and strike range and sorts by ticker by default', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { status, body } = await get(
      '/v3/snapshot/options/SPY?contract_type=call&expiration_date=2026-12-18&strike_price.gte=600&strike_price.lte=700&limit=250',
    );
    expect(status).toBe(200);
    const rows = body.results;
    // $1 strikes within 8 % of yesterday's close, $5 out to 16 % (strikeGrid).
    const listed = strikeGrid('SPY', sim.market.state('SPY')!.day.prevClose).filter((k) => k >= 600 && k <= 700);
    expect(listed.length).toBeGreaterThan(60);
    expect(rows.map((r) => r.details.strike_price).sort((a, b) => a - b)).toEqual(listed);
    for (const r of rows) {
      expect(r.details).toMatchObject({
        contract_type: 'call',
        expiration_date: '2026-12-18',
        shares_per_contract: 100,
        exercise_style: 'american',
      });
      expect(r.details.strike_price).toBeGreaterThanOrEqual(600);
      expect(r.details.strike_price).toBeLessThanOrEqual(700);
      expect(r.last_quote.ask).toBeGreaterThanOrEqual(r.last_quote.bid);
      expect(String(r.last_quote.last_updated)).toHaveLength(19);
      expect(r.underlying_asset.ticker).toBe('SPY');
    }
    const tickers = rows.map((r) => r.details.ticker);
    expect(tickers).toEqual([...tickers].sort());
    expect(tickers).toContain('O:SPY261218C00650000');
    expect(body.next_url).toBeUndefined();
  });

  it('prices calls lower as the strike rises and gives deltas between 0 and 1', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { body } = await get(
      '/v3/snapshot/options/SPY?contract_type=call&expiration_date=2026-12-18&sort=strike_price&order=asc&limit=50',
    );
    const mids = body.results.map((r) => r.last_quote.midpoint);
    for (let i = 1; i < mids.length; i++) expect(mids[i]).toBeLessThanOrEqual(mids[i - 1]!);
    for (const r of body.results) if (r.greeks) expect(r.greeks.delta).toBeGreaterThan(0);
  });

  it('pages with an absolute next_url that carries only a cursor and no key, until the chain is exhausted', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const first = await get('/v3/snapshot/options/QQQ?contract_type=put&expiration_date=2026-12-18&limit=7');
    const expected = (
      await get('/v3/snapshot/options/QQQ?contract_type=put&expiration_date=2026-12-18&limit=250')
    ).body.results.map((r) => r.details.ticker);
    const seen: string[] = first.body.results.map((r) => r.details.ticker);
    let next: string | undefined = first.body.next_url;
    expect(next).toMatch(new RegExp(`^${sim.httpUrl}/v3/snapshot/options/QQQ\\?cursor=[A-Za-z0-9_-]+$`));
    const cursors = new Set<string>();
    while (next) {
      expect(next).not.toContain('apiKey');
      expect(cursors.has(next)).toBe(false);
      cursors.add(next);
      const page: { status: number; body: Envelope<WireContract[]> } = await get(next);
      expect(page.status).toBe(200);
      expect(page.body.results.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.results.map((r) => r.details.ticker));
      next = page.body.next_url;
    }
    expect(seen).toEqual(expected);
  });

  it('pages a real-size SPY expiry (hundreds of contracts) at 250 a page, with filters and sort kept across pages', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const expiry = sim.market.chain('SPY')[0]!.expiry;
    const listed = sim.market.chain('SPY').filter((c) => c.expiry === expiry);
    expect(listed.length).toBeGreaterThan(250);
    const seen: WireContract[] = [];
    let next: string | undefined = `/v3/snapshot/options/SPY?expiration_date=${expiry}&limit=250`;
    let pages = 0;
    while (next) {
      const page: { status: number; body: Envelope<WireContract[]> } = await get(next);
      expect(page.status).toBe(200);
      seen.push(...page.body.results);
      next = page.body.next_url;
      pages++;
    }
    expect(pages).toBe(Math.ceil(listed.length / 250));
    expect(seen.map((r) => r.details.ticker)).toEqual(listed.map((c) => c.ticker).sort());
    const puts: number[] = [];
    next = `/v3/snapshot/options/SPY?expiration_date=${expiry}&contract_type=put&strike_price.gte=650&sort=strike_price&order=desc&limit=25`;
    while (next) {
      const page: { status: number; body: Envelope<WireContract[]> } = await get(next);
      puts.push(
        ...page.body.results.map((r) => {
          expect(r.details.contract_type).toBe('put');
          return r.details.strike_price;
        }),
      );
      next = page.body.next_url;
    }
    const expected = listed
      .filter((c) => c.right === 'put' && c.strike >= 650)
      .map((c) => c.strike)
      .sort((a, b) => b - a);
    expect(puts).toEqual(expected);
    expect(puts.length).toBeGreaterThan(60);
  });

  it('rejects a malformed or stale cursor with 400', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    expect((await get('/v3/snapshot/options/SPY?cursor=!!!')).status).toBe(400);
    const stale = Buffer.from('ap=O%3ASPY000101C00001000&limit=10').toString('base64url');
    const res = await get(`/v3/snapshot/options/SPY?cursor=${stale}`);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('ERROR');
  });

  it('serves one contract snapshot and 404 for a contract that is not listed', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const one = await get<Envelope<WireContract>>('/v3/snapshot/options/SPY/O:SPY261218P00650000');
    expect(one.status).toBe(200);
    expect(Array.isArray(one.body.results)).toBe(false);
    expect(one.body.results.details).toMatchObject({
      ticker: 'O:SPY261218P00650000',
      contract_type: 'put',
      strike_price: 650,
    });
    expect(one.body.results.open_interest).toBeGreaterThan(0);
    const none = await get('/v3/snapshot/options/SPY/O:SPY261218P00650500');
    expect(none.status).toBe(404);
    expect(none.body.status).toBe('NOT_FOUND');
  });

  it('serves minute aggregates aligned to minutes with ms timestamps, inside the range', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const from = Date.parse('2026-01-06T14:40:00Z');
    const to = Date.parse('2026-01-06T14:59:59Z');
    const { body } = await get<Envelope<WireBar[]>>(`/v2/aggs/ticker/AAPL/range/1/minute/${from}/${to}`);
    expect(body.status).toBe('OK');
    expect(body.ticker).toBe('AAPL');
    expect(body.resultsCount).toBe(20);
    for (const b of body.results) {
      expect(b.t % 60_000).toBe(0);
      expect(b.t).toBeGreaterThanOrEqual(from);
      expect(b.t).toBeLessThanOrEqual(to);
      expect(b.h).toBeGreaterThanOrEqual(Math.max(b.o, b.c));
      expect(b.l).toBeLessThanOrEqual(Math.min(b.o, b.c));
      expect(Object.keys(b).sort()).toEqual(['c', 'h', 'l', 'n', 'o', 't', 'v', 'vw']);
    }
  });

  it('gives index bars only o/h/l/c/t and daily bars only on trading days', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { body } = await get<Envelope<WireBar[]>>('/v2/aggs/ticker/I:SPX/range/1/day/2025-12-20/2026-01-06');
    const days = body.results.map((b) => new Date(b.t + 12 * 3600_000).toISOString().slice(0, 10));
    expect(days).toEqual([
      '2025-12-22',
      '2025-12-23',
      '2025-12-24',
      '2025-12-26',
      '2025-12-29',
      '2025-12-30',
      '2025-12-31',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
    ]);
    expect(Object.keys(body.results[0]!).sort()).toEqual(['c', 'h', 'l', 'o', 't']);
  });

  it('returns the previous close with T, matching the snapshot prevDay close', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const prev = await get<Envelope<(WireBar & { readonly T: string })[]>>('/v2/aggs/ticker/MSFT/prev');
    const snap = await get<{ ticker: { prevDay: { c: number } } }>(
      '/v2/snapshot/locale/us/markets/stocks/tickers/MSFT',
    );
    expect(prev.body.results).toHaveLength(1);
    const bar = prev.body.results[0]!;
    expect(bar.T).toBe('MSFT');
    expect(bar.c).toBe(snap.body.ticker.prevDay.c);
    expect(new Date(bar.t + 12 * 3600_000).toISOString().slice(0, 10)).toBe('2026-01-05');
  });

  it.each(['sma', 'ema', 'rsi', 'macd'])('computes the %s indicator newest first with ms timestamps', async (kind) => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { status, body } = await get<Envelope<{ values: IndicatorValue[]; underlying: { url: string } }>>(
      `/v1/indicators/${kind}/SPY?timespan=day&limit=5`,
    );
    expect(status).toBe(200);
    const values = body.results.values;
    expect(values).toHaveLength(5);
    const [newest, , , , oldest] = values as [
      IndicatorValue,
      IndicatorValue,
      IndicatorValue,
      IndicatorValue,
      IndicatorValue,
    ];
    expect(newest.timestamp).toBeGreaterThan(oldest.timestamp);
    if (kind === 'rsi') for (const v of values) expect(v.value).toBeGreaterThanOrEqual(0);
    if (kind === 'rsi') for (const v of values) expect(v.value).toBeLessThanOrEqual(100);
    if (kind === 'sma' || kind === 'ema') expect(newest.value / sim!.market.price('SPY')!).toBeCloseTo(1, 0);
    if (kind === 'macd') expect(newest.histogram).toBeCloseTo(newest.value - (newest.signal ?? Number.NaN), 3);
    expect(body.results.underlying.url).toContain('/v2/aggs/ticker/SPY/range/1/day/');
  });
});
