import { describe, expect, it } from 'vitest';
import { REGULAR, streamRig } from '../helpers/stream-rig.js';

describe('simulator → proxy → client → store', () => {
  const rigs = streamRig();

  it('sees prices move end to end, seeded from REST and then streamed over WebSocket', async () => {
    const { client, store: s } = await rigs.simulated({ at: REGULAR, sim: { seed: 11 } });
    await client.start();

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
    const first = await rigs.simulated({ at: REGULAR, symbols: ['SPY'], sim: { seed: 3 } });
    const { proxy: p, sim: s } = first;
    const second = rigs.client(
      { httpUrl: p.httpUrl, wsUrl: p.wsUrl, token: () => p.issueToken('t') },
      { at: REGULAR, symbols: ['SPY'] },
    );
    const rigsUnderTest = [first, second];
    await Promise.all(rigsUnderTest.map((r) => r.client.start()));
    for (const { store } of rigsUnderTest)
      await expect.poll(() => store.getSnapshot().status.connection, { timeout: 5000 }).toBe('live');
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
  });
});
