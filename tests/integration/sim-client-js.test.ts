/**
 * The official `@massive.com/client-js` (v10, the devDependency) against the simulator: proof that
 * code written for the real service works here. Its REST client sends the key as `?apiKey=` and,
 * with `pagination: true`, follows `next_url` by appending `&apiKey=` and concatenating results;
 * its WebSocket client is a bare `websocket` w3c socket that sends the auth frame on open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { restClient, websocketClient } from '@massive.com/client-js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

const KEY = 'demo-key';
const AT = '2026-01-06T17:00:00Z';

describe('the official client-js against the simulator', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('gets a filtered option chain across several pages with pagination on', async () => {
    sim = await startSimulator({ tickMs: 50, at: AT });
    const rest = restClient(KEY, sim.httpUrl, { pagination: true });
    const chain = (await rest.getOptionsChain({
      underlyingAsset: 'SPY',
      strikePriceGte: 660,
      strikePriceLte: 700,
      expirationDate: '2026-01-16',
      contractType: 'call' as never,
      limit: 10,
    })) as unknown as {
      status: string;
      results: { details: { ticker: string; strike_price: number; contract_type: string; expiration_date: string } }[];
    };
    expect(chain.status).toBe('OK');
    const strikes = chain.results.map((r) => r.details.strike_price).sort((a, b) => a - b);
    // 660..700 in $1 steps near the money (SPY's grid): 41 contracts, so five pages of 10.
    const expected = Array.from({ length: 41 }, (_, i) => 660 + i);
    expect(strikes).toEqual(expected);
    for (const r of chain.results)
      expect(r.details).toMatchObject({ contract_type: 'call', expiration_date: '2026-01-16' });
    expect(new Set(chain.results.map((r) => r.details.ticker)).size).toBe(41);
  });

  it('surfaces a bad key as an axios error with the documented 401 body', async () => {
    sim = await startSimulator({ tickMs: 50, at: AT });
    const rest = restClient('wrong-key', sim.httpUrl);
    const err = await rest
      .getOptionsChain({ underlyingAsset: 'SPY' })
      .catch((e: unknown) => e as { response?: { status: number; data: unknown } });
    expect(err).toMatchObject({ response: { status: 401, data: { status: 'ERROR', error: 'Unknown API Key' } } });
  });

  it('authenticates, subscribes and receives trades with its WebSocket client', async () => {
    sim = await startSimulator({ tickMs: 20, speed: 10, at: AT });
    const ws = websocketClient(KEY, sim.wsUrl).stocks();
    const seen: { ev: string; status?: string; sym?: string; p?: number }[] = [];
    try {
      const trade = await new Promise<{ sym?: string; p?: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no trade; saw ${JSON.stringify(seen.slice(-5))}`)), 10_000);
        ws.onerror = () => reject(new Error('socket error'));
        ws.onmessage = (msg: { data: unknown }) => {
          for (const e of JSON.parse(String(msg.data)) as typeof seen) {
            seen.push(e);
            // As its README says: subscribe only after auth_success.
            if (e.ev === 'status' && e.status === 'auth_success')
              ws.send(JSON.stringify({ action: 'subscribe', params: 'T.SPY' }));
            if (e.ev === 'T') {
              clearTimeout(timer);
              resolve(e);
            }
          }
        };
      });
      expect(trade.sym).toBe('SPY');
      expect(trade.p).toBeGreaterThan(0);
      expect(seen.filter((e) => e.ev === 'status').map((e) => e.status)).toEqual([
        'connected',
        'auth_success',
        'success',
      ]);
    } finally {
      ws.close();
    }
  });
});
