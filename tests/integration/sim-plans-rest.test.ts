/**
 * REST per asset class: each endpoint answers from the key's plan on the class of the data it
 * serves (403 when the class is not bought or the level lacks the endpoint, Basic without today's
 * intraday bars, delayed plans 15 minutes behind and labelled so, quotes and trades only where
 * the level has them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type KeyPlan, type Simulator } from '../../src/sim/index.js';
import { at, jsonOf } from '../helpers/json.js';

// A Tuesday, 10:00 New York: regular session.
const AT = '2026-01-06T15:00:00Z';
const NOT_ENTITLED = 'You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing';
const TODAY =
  "Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing";

const KEYS: Record<string, KeyPlan> = {
  adv: 'advanced',
  opt: { options: 'advanced' },
  mixed: { stocks: 'starter', options: 'developer', indices: 'advanced' },
  eod: { stocks: 'basic', options: 'starter' },
  free: 'free',
  free2: { stocks: 'basic' },
  limited: { stocks: 'basic', indices: 'basic' },
};

describe('simulator REST per asset class', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ tickMs: 20, at: AT, keys: KEYS });
  });

  afterAll(async () => {
    await sim.close();
  });

  async function get(key: string, path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(new URL(path, sim.httpUrl), { headers: { Authorization: `Bearer ${key}` } });
    return { status: res.status, body: await jsonOf(res) };
  }

  /** The value at `jsonPath` in the body `key` gets for `path`. */
  async function read(key: string, path: string, ...jsonPath: (string | number)[]): Promise<unknown> {
    return at((await get(key, path)).body, ...jsonPath);
  }

  async function expectDenied(key: string, path: string, message = NOT_ENTITLED): Promise<void> {
    const { status, body } = await get(key, path);
    expect(status, path).toBe(403);
    expect(body).toEqual({ status: 'NOT_AUTHORIZED', request_id: expect.any(String), message });
  }

  it.each([
    ['/v2/snapshot/locale/us/markets/stocks/tickers/SPY'],
    ['/v2/snapshot/locale/us/markets/stocks/tickers?tickers=SPY'],
    ['/v2/snapshot/locale/us/markets/stocks/gainers'],
    ['/v2/aggs/ticker/SPY/prev'],
    ['/v2/aggs/ticker/SPY/range/1/day/2025-12-01/2026-01-05'],
    ['/v1/indicators/ema/SPY?timespan=day'],
    ['/v2/last/trade/SPY'],
    ['/v2/last/nbbo/SPY'],
    ['/v3/snapshot/indices?ticker.any_of=I:SPX'],
    ['/v2/aggs/ticker/I:SPX/prev'],
  ])('refuses %s to a key without that asset class', async (path) => {
    await expectDenied('opt', path);
  });

  it('serves what the key has: options data for an options-only key, and market status to everyone', async () => {
    expect((await get('opt', '/v3/snapshot/options/SPY?limit=1')).status).toBe(200);
    expect((await get('opt', '/v2/aggs/ticker/O:SPY261218C00650000/prev')).status).toBe(200);
    expect((await get('opt', '/v3/reference/options/contracts?underlying_ticker=SPY&limit=1')).status).toBe(200);
    expect((await get('opt', '/v1/marketstatus/now')).status).toBe(200);
    expect((await get('opt', '/v3/reference/conditions?asset_class=stocks')).status).toBe(200);
    expect((await get('free', '/v1/marketstatus/upcoming')).status).toBe(200);
  });

  it('leaves the underlying price out of chain rows when the key has no plan on the underlying class', async () => {
    const stockless = await read('opt', '/v3/snapshot/options/SPY/O:SPY261218C00650000', 'results', 'underlying_asset');
    expect(at(stockless, 'price')).toBeUndefined();
    expect(stockless).toMatchObject({
      ticker: 'SPY',
      timeframe: 'REAL-TIME',
      change_to_break_even: expect.any(Number),
      last_updated: expect.any(Number),
    });
    const withStocks = await read(
      'mixed',
      '/v3/snapshot/options/SPY/O:SPY261218C00650000',
      'results',
      'underlying_asset',
    );
    expect(at(withStocks, 'price')).toBeGreaterThan(0);
    expect(at(withStocks, 'timeframe')).toBe('DELAYED');
    const indexless = await read('opt', '/v3/snapshot/options/I:SPX?limit=1', 'results', 0, 'underlying_asset');
    expect(indexless).toBeDefined();
    expect(at(indexless, 'value')).toBeUndefined();
    const withIndices = await read('mixed', '/v3/snapshot/options/I:SPX?limit=1', 'results', 0, 'underlying_asset');
    expect(withIndices).toMatchObject({ ticker: 'I:SPX', value: expect.any(Number), timeframe: 'REAL-TIME' });
  });

  it('gives a delayed level the market 15 minutes ago, labelled DELAYED, without the trades or quotes it lacks', async () => {
    const snap = await read('mixed', '/v2/snapshot/locale/us/markets/stocks/tickers/SPY', 'ticker');
    expect(snap).toBeDefined();
    expect(at(snap, 'lastTrade')).toBeUndefined();
    expect(at(snap, 'lastQuote')).toBeUndefined();
    const lag = sim.market.now() - Number(at(snap, 'updated')) / 1e6;
    expect(lag).toBeGreaterThan(14 * 60_000);
    expect(lag).toBeLessThan(16 * 60_000);
    const live = await read('adv', '/v2/snapshot/locale/us/markets/stocks/tickers/SPY', 'ticker');
    expect(at(live, 'lastQuote')).toBeDefined();
    expect(sim.market.now() - Number(at(live, 'updated')) / 1e6).toBeLessThan(60_000);
    expect(await read('mixed', '/v2/aggs/ticker/SPY/prev', 'status')).toBe('DELAYED');
    expect(await read('mixed', '/v2/aggs/ticker/I:SPX/prev', 'status')).toBe('OK');
    expect(await read('adv', '/v2/aggs/ticker/SPY/prev', 'status')).toBe('OK');
    const row = await read('mixed', '/v3/snapshot/options/SPY/O:SPY261218C00650000', 'results');
    expect(at(row, 'last_trade', 'timeframe')).toBe('DELAYED');
    expect(at(row, 'last_quote')).toBeUndefined();
    const starterRow = await read('eod', '/v3/snapshot/options/SPY/O:SPY261218C00650000', 'results');
    expect(starterRow).toBeDefined();
    expect(at(starterRow, 'last_trade')).toBeUndefined();
    expect(await read('mixed', '/v3/snapshot/indices?ticker.any_of=I:SPX', 'results', 0, 'timeframe')).toBe(
      'REAL-TIME',
    );
    await expectDenied('mixed', '/v2/last/trade/SPY');
    expect((await get('mixed', '/v2/last/trade/O:SPY261218C00650000')).status).toBe(200);
  });

  it('answers the unified snapshot per item: NOT_ENTITLED for classes without snapshots', async () => {
    const { status, body } = await get('opt', '/v3/snapshot?ticker.any_of=AAPL,O:SPY261218C00650000,I:SPX');
    expect(status).toBe(200);
    expect(at(body, 'results', 0)).toEqual({ ticker: 'AAPL', error: 'NOT_ENTITLED', message: NOT_ENTITLED });
    expect(at(body, 'results', 1)).toMatchObject({
      ticker: 'O:SPY261218C00650000',
      type: 'options',
      timeframe: 'REAL-TIME',
    });
    expect(at(body, 'results', 2, 'error')).toBe('NOT_ENTITLED');
    const mixed = await read('mixed', '/v3/snapshot?ticker.any_of=AAPL', 'results', 0);
    expect(mixed).toMatchObject({ type: 'stocks', timeframe: 'DELAYED' });
    expect(at(mixed, 'last_trade')).toBeUndefined();
    await expectDenied('free2', '/v3/snapshot?ticker.any_of=AAPL');
  });

  it('refuses snapshots to Basic and its today intraday bars with the end-of-day text, but serves finished days', async () => {
    await expectDenied('eod', '/v2/snapshot/locale/us/markets/stocks/tickers/SPY');
    for (const path of [
      '/v2/aggs/ticker/SPY/range/1/minute/2026-01-06/2026-01-06',
      '/v2/aggs/ticker/SPY/range/1/hour/2026-01-01/2026-01-07',
      `/v2/aggs/ticker/SPY/range/5/minute/${Date.parse('2026-01-06T14:40:00Z')}/${Date.parse('2026-01-06T14:50:00Z')}`,
      '/v1/indicators/rsi/SPY?timespan=minute',
    ]) {
      await expectDenied('eod', path, TODAY);
    }
    const yesterday = await get('eod', '/v2/aggs/ticker/SPY/range/1/minute/2026-01-05/2026-01-05');
    expect(yesterday.status).toBe(200);
    expect(at(yesterday.body, 'resultsCount')).toBeGreaterThan(300);
    expect(at(yesterday.body, 'status')).toBe('OK');
    const days = (await read('eod', '/v2/aggs/ticker/SPY/range/1/day/2025-12-29/2026-01-06', 'results')) as unknown[];
    expect(new Date(Number(at(days.at(-1), 't')) + 12 * 3_600_000).toISOString().slice(0, 10)).toBe('2026-01-05');
    const advDays = await read('adv', '/v2/aggs/ticker/SPY/range/1/day/2025-12-29/2026-01-06', 'results');
    expect(advDays).toHaveLength(days.length + 1);
    expect((await get('eod', '/v2/aggs/ticker/SPY/prev')).status).toBe(200);
    expect((await get('eod', '/v1/indicators/sma/SPY?timespan=day&window=5&limit=3')).status).toBe(200);
    // The options class is Starter, so today's option bars are fine.
    expect((await get('eod', '/v2/aggs/ticker/O:SPY261218C00650000/range/1/minute/2026-01-06/2026-01-06')).status).toBe(
      200,
    );
  });

  it('limits a key with nothing paid to 5 requests a minute and leaves a key with any paid class unlimited', async () => {
    await expectDenied('limited', '/v2/snapshot/locale/us/markets/stocks/tickers/SPY');
    for (let i = 0; i < 4; i++) expect((await get('limited', '/v1/marketstatus/now')).status).toBe(200);
    expect((await get('limited', '/v1/marketstatus/now')).status).toBe(429);
    for (let i = 0; i < 12; i++) expect((await get('eod', '/v2/aggs/ticker/SPY/prev')).status).toBe(200);
    expect(sim.stats().rest.find((r) => r.key === 'limited')).toEqual({
      key: 'limited',
      requests: 6,
      rateLimited: 1,
      notAuthorized: 1,
    });
  });
});
