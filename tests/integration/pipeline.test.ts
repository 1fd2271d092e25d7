import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startProxy, type Proxy } from '../../src/proxy/index.js';
import { createRestClient, type RestClient } from '../../src/rest/index.js';
import { createMarketStore, type WritableMarketStore } from '../../src/store/store.js';
import { createMarketClient, type MarketClient } from '../../src/stream/market-client.js';

const KEY = 'pipeline-test-key';

describe('simulator → proxy → client → store', () => {
  let sim: Simulator | undefined;
  let proxy: Proxy | undefined;
  let rest: RestClient | undefined;
  let store: WritableMarketStore | undefined;
  let client: MarketClient | undefined;

  afterEach(async () => {
    client?.close();
    store?.close();
    await rest?.close();
    await proxy?.close();
    await sim?.close();
  });

  it('sees prices move end to end, seeded from REST and then streamed over WebSocket', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, seed: 11, tickMs: 50 });
    proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
    const p = proxy;
    store = createMarketStore({ symbols: ['SPY', 'QQQ'], demo: true, frameMs: 20 });
    rest = createRestClient({ baseUrl: p.httpUrl, auth: () => p.issueToken('test') });
    client = createMarketClient({
      wsBase: p.wsUrl,
      rest,
      getToken: () => p.issueToken('test'),
      store,
      symbols: ['SPY', 'QQQ', 'I:SPX', 'I:VIX'],
    });
    await client.start();
    const s = store;

    // Seeded from REST: previous close known, so change is computed.
    await expect.poll(() => s.getSnapshot().quotes.SPY?.prevClose, { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => s.getSnapshot().status.connection, { timeout: 5000 }).toBe('live');

    const seen = new Map<string, Set<number>>();
    await expect
      .poll(
        () => {
          const snap = s.getSnapshot();
          for (const row of [...Object.values(snap.quotes), ...Object.values(snap.indices)]) {
            if (row.price !== undefined && row.source === 'ws')
              (seen.get(row.symbol) ?? seen.set(row.symbol, new Set()).get(row.symbol)!).add(row.price);
          }
          return ['SPY', 'QQQ', 'I:SPX', 'I:VIX'].filter((sym) => (seen.get(sym)?.size ?? 0) >= 2);
        },
        { timeout: 10_000, interval: 50 },
      )
      .toHaveLength(4);

    const spy = s.getSnapshot().quotes.SPY!;
    expect(spy.change).toBeCloseTo(spy.price! - spy.prevClose!, 6);
    expect(spy.bid).toBeLessThanOrEqual(spy.ask!);
  });

  it('shares one upstream connection per cluster between two clients', async () => {
    sim = await startSimulator({ keys: { [KEY]: 'advanced' }, seed: 3, tickMs: 50 });
    proxy = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl });
    const p = proxy;
    const stores = [0, 1].map(() => createMarketStore({ symbols: ['SPY'], demo: true, frameMs: 20 }));
    rest = createRestClient({ baseUrl: p.httpUrl, auth: () => p.issueToken('test') });
    const clients = stores.map((st) =>
      createMarketClient({
        wsBase: p.wsUrl,
        rest: rest!,
        getToken: () => p.issueToken('t'),
        store: st,
        symbols: ['SPY', 'I:SPX'],
      }),
    );
    try {
      await Promise.all(clients.map((c) => c.start()));
      for (const st of stores)
        await expect.poll(() => st.getSnapshot().status.connection, { timeout: 5000 }).toBe('live');
      const s = sim;
      await expect
        .poll(
          () =>
            s
              .connections()
              .filter((c) => c.authed)
              .map((c) => c.cluster)
              .sort(),
          { timeout: 5000 },
        )
        .toEqual(['indices', 'stocks']);
    } finally {
      for (const c of clients) c.close();
      for (const st of stores) st.close();
    }
  });
});
