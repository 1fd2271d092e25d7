import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

const KEY = 'demo-key';

/** The wire fields of a stock snapshot these tests read (Massive's terse names). */
interface WireStockSnapshot {
  readonly ticker: string;
  readonly updated: number;
  readonly todaysChange: number;
  readonly day: { readonly c: number; readonly v: number; readonly dv: string };
  readonly prevDay: { readonly c: number };
  readonly lastTrade: { readonly t: number };
  readonly lastQuote: { readonly p: number; readonly P: number };
}

/** What every JSON answer may carry; a test names the rest with `get<...>`. */
interface Envelope {
  readonly status?: string;
  readonly message?: string;
}

describe('simulator REST snapshots and auth', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function get<B = Envelope>(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: B; headers: Headers }> {
    const res = await fetch(sim!.httpUrl + path, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Edge errors are HTML.
    }
    return { status: res.status, body: body as B, headers: res.headers };
  }

  it('serves the v2 multi-ticker snapshot with terse keys and ns timestamps', async () => {
    const s = await startSimulator({ tickMs: 20, speed: 10 });
    sim = s;
    // A few seconds of market time, so the day has trades and quotes.
    const start = s.market.now();
    await expect.poll(() => s.market.now() - start).toBeGreaterThan(3_000);
    const { status, body, headers } = await get<
      Envelope & { request_id: string; count: number; tickers: WireStockSnapshot[] }
    >(`/v2/snapshot/locale/us/markets/stocks/tickers?tickers=SPY,QQQ&apiKey=${KEY}`);
    expect(status).toBe(200);
    expect(body.status).toBe('OK');
    expect(body.request_id).toBe(headers.get('x-request-id'));
    expect(body.count).toBe(2);
    const spy = body.tickers.find((t) => t.ticker === 'SPY')!;
    expect(Object.keys(spy.day).sort()).toEqual(['c', 'dv', 'h', 'l', 'o', 'v', 'vw']);
    expect(spy.day.dv).toBe(`${spy.day.v}.0`);
    expect(String(spy.updated)).toHaveLength(19);
    expect(String(spy.lastTrade.t)).toHaveLength(19);
    expect(spy.lastQuote.P).toBeGreaterThan(spy.lastQuote.p);
    expect(spy.todaysChange).toBeCloseTo(spy.day.c - spy.prevDay.c, 1);
    expect(spy.day.c).toBeCloseTo(sim.market.price('I:SPX')! / 10, -1);
  });

  it('serves a single-ticker snapshot and 404 NOT_FOUND for an unknown ticker', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const auth = { headers: { Authorization: `Bearer ${KEY}` } };
    const one = await get<{ ticker: WireStockSnapshot }>('/v2/snapshot/locale/us/markets/stocks/tickers/NVDA', auth);
    expect(one.status).toBe(200);
    expect(one.body.ticker.ticker).toBe('NVDA');
    const missing = await get('/v2/snapshot/locale/us/markets/stocks/tickers/TSLAAPL', auth);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      status: 'NOT_FOUND',
      request_id: missing.headers.get('x-request-id'),
      message: 'Ticker not found.',
    });
  });

  it('serves the v3 indices snapshot with unknown tickers inline', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const { status, body } = await get<{ results: { ticker: string; session?: { previous_close: number } }[] }>(
      `/v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX,I:NOPE&apiKey=${KEY}`,
    );
    expect(status).toBe(200);
    expect(body.results.map((r) => r.ticker)).toEqual(['I:SPX', 'I:VIX', 'I:NOPE']);
    expect(body.results[0]).toMatchObject({ type: 'indices', name: 'S&P 500', timeframe: 'REAL-TIME' });
    expect(body.results[0]?.session?.previous_close).toBeGreaterThan(0);
    expect(body.results[2]).toEqual({ ticker: 'I:NOPE', error: 'NOT_FOUND', message: 'Ticker not found.' });
  });

  it.each([
    ['no key at all', '', {}, 'API Key was not provided'],
    ['an unknown key in the query', '?apiKey=nope', {}, 'Unknown API Key'],
    ['an unknown key in the Bearer header', '', { Authorization: 'Bearer nope' }, 'Unknown API Key'],
  ])('answers %s with 401 and the exact error body', async (_name, query, headers, error) => {
    sim = await startSimulator({ tickMs: 20 });
    const res = await get(`/v2/snapshot/locale/us/markets/stocks/tickers/SPY${query}`, { headers });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ status: 'ERROR', request_id: res.headers.get('x-request-id'), error });
  });

  it('answers an unknown path with 404 NOT_FOUND', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const res = await get(`/v9/nothing/here?apiKey=${KEY}`);
    expect(res.status).toBe(404);
    expect(res.body.status).toBe('NOT_FOUND');
    expect(typeof res.body.message).toBe('string');
  });

  it('returns the bare market status object driven by the pinned market time', async () => {
    // 2026-01-06 10:00 New York (EST, UTC-5) is a regular session.
    sim = await startSimulator({ tickMs: 20, at: '2026-01-06T15:00:00Z' });
    const open = await get(`/v1/marketstatus/now?apiKey=${KEY}`);
    expect(open.body).toMatchObject({
      market: 'open',
      earlyHours: false,
      afterHours: false,
      serverTime: '2026-01-06T10:00:00-05:00',
    });
    expect(open.body.status).toBeUndefined();
    await sim.close();
    sim = await startSimulator({ tickMs: 20, at: '2026-01-06T22:00:00Z' });
    expect((await get(`/v1/marketstatus/now?apiKey=${KEY}`)).body).toMatchObject({
      market: 'extended-hours',
      afterHours: true,
    });
  });

  it('reports health on /_sim/health without a key', async () => {
    sim = await startSimulator({ tickMs: 20 });
    const res = await get('/_sim/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});
