import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { openWs } from '../helpers/ws-client.js';
import { at, jsonOf } from '../helpers/json.js';

const KEY = 'demo-key';
const AT = '2026-01-06T15:00:00Z';

describe('simulator REST: unified snapshot, last trade/NBBO, reference and calendar', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(new URL(path, sim!.httpUrl), { headers: { Authorization: `Bearer ${KEY}` } });
    return { status: res.status, body: await jsonOf(res) };
  }

  it('answers the unified snapshot per ticker with inline NOT_FOUND items', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { body } = await get('/v3/snapshot?ticker.any_of=AAPL,I:SPX,O:SPY261218C00650000,TSLAAPL');
    const [aapl, spx, opt, bad] = [0, 1, 2, 3].map((i) => at(body, 'results', i));
    expect(aapl).toMatchObject({ ticker: 'AAPL', type: 'stocks', market_status: 'open', timeframe: 'REAL-TIME' });
    expect(at(aapl, 'session', 'price')).toBeGreaterThan(0);
    expect(String(at(aapl, 'last_trade', 'sip_timestamp'))).toHaveLength(19);
    expect(spx).toMatchObject({ ticker: 'I:SPX', type: 'indices' });
    expect(at(spx, 'value')).toBeGreaterThan(5000);
    expect(at(opt, 'details', 'ticker')).toBe('O:SPY261218C00650000');
    expect(bad).toEqual({ ticker: 'TSLAAPL', error: 'NOT_FOUND', message: 'Ticker not found.' });
  });

  it('serves last trade and last NBBO with ns timestamps', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const trade = await get('/v2/last/trade/NVDA');
    expect(at(trade.body, 'results', 'T')).toBe('NVDA');
    expect(String(at(trade.body, 'results', 't'))).toHaveLength(19);
    const nbbo = await get('/v2/last/nbbo/NVDA');
    expect(at(nbbo.body, 'results', 'P')).toBeGreaterThan(Number(at(nbbo.body, 'results', 'p')));
    expect((await get('/v2/last/nbbo/I:SPX')).status).toBe(404);
  });

  it('lists option contracts from the reference endpoint with its limit', async () => {
    sim = await startSimulator({ tickMs: 20, at: AT });
    const { body } = await get(
      '/v3/reference/options/contracts?underlying_ticker=SPY&contract_type=put&expiration_date=2026-12-18&limit=5',
    );
    const contracts = at(body, 'results') as unknown[];
    expect(contracts).toHaveLength(5);
    for (const r of contracts)
      expect(r).toMatchObject({
        underlying_ticker: 'SPY',
        contract_type: 'put',
        expiration_date: '2026-12-18',
        shares_per_contract: 100,
      });
    const one = await get('/v3/reference/options/contracts/O:SPY261218P00650000');
    expect(at(one.body, 'results', 'strike_price')).toBe(650);
  });

  it('lists upcoming holidays as a bare array', async () => {
    sim = await startSimulator({ tickMs: 20, at: '2026-11-20T15:00:00Z' });
    const { body } = await get('/v1/marketstatus/upcoming');
    expect(Array.isArray(body)).toBe(true);
    const holidays = body as unknown[];
    expect(holidays[0]).toEqual({ date: '2026-11-26', exchange: 'NYSE', name: 'Market Holiday', status: 'closed' });
    expect(holidays.find((h) => at(h, 'date') === '2026-11-27')).toMatchObject({
      status: 'early-close',
      close: '2026-11-27T18:00:00.000Z',
    });
  });

  it('closes a consumer that stops reading once its outbound buffer passes the threshold', async () => {
    sim = await startSimulator({ tickMs: 10, speed: 300, slowConsumerBytes: 64 * 1024 });
    const c = await openWs(`${sim.wsUrl}/stocks`);
    c.auth(KEY, 'T.*,Q.*,A.*');
    await c.waitFor((e) => e.ev === 'T');
    c.ws.pause();
    await expect.poll(() => sim!.connections().length, { timeout: 10_000 }).toBe(0);
    c.ws.resume();
    expect((await c.closed).code).toBe(1008);
  });
});
