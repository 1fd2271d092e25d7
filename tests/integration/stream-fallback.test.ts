import { describe, expect, it } from 'vitest';
import { REGULAR, WEEKEND, streamRig, type Rig } from '../helpers/stream-rig.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('subscription manager against the simulator with injected faults', () => {
  const rigs = streamRig();

  async function streaming(r: Rig): Promise<void> {
    await expect
      .poll(() => r.client.stats().clusters, { timeout: 10_000 })
      .toEqual({ stocks: 'live', indices: 'live' });
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.source, { timeout: 10_000 }).toBe('ws');
  }

  it('polls within 5 s of a dropped stream, stops once it is back, and backfills the gap', async () => {
    const r = await rigs.simulated({ at: REGULAR });
    await r.client.start();
    await streaming(r);
    const before = r.client.stats().poll.calls;
    const messages: string[] = [];
    r.store.subscribe(() => messages.push(r.store.getSnapshot().status.message ?? ''));

    r.sim.faults.refuseConnects(true);
    r.sim.faults.drop();
    await expect.poll(() => r.client.stats().polled.length, { timeout: 5_000, interval: 50 }).toBe(4);
    await expect.poll(() => r.client.stats().poll.calls, { timeout: 5_000, interval: 50 }).toBeGreaterThan(before);
    await expect.poll(() => r.store.getSnapshot().status.connection, { timeout: 5_000 }).toBe('polling');
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.source, { timeout: 5_000 }).toBe('rest');

    r.sim.faults.refuseConnects(false);
    await expect.poll(() => r.client.stats().polled, { timeout: 15_000, interval: 100 }).toEqual([]);
    expect(r.client.stats().poll.recurring).toBe(0);
    await expect.poll(() => r.store.getSnapshot().quotes.SPY?.source, { timeout: 10_000 }).toBe('ws');
    await expect.poll(() => r.client.stats().backfills.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(r.client.stats().backfills[0]!.bars).toBeGreaterThan(0);
    // Marked on the status line (and so in NDJSON `status` events).
    await expect.poll(() => messages.some((m) => /^backfilled \d+ minute bars/.test(m)), { timeout: 5_000 }).toBe(true);

    const settled = r.client.stats().poll.calls;
    await sleep(1500);
    expect(r.client.stats().poll.calls).toBe(settled);
  });

  it('detects a silent stall without any close and hands back when data flows again', async () => {
    const r = await rigs.simulated({ at: REGULAR, stallAfterMs: 1_000 });
    await r.client.start();
    await streaming(r);
    const sockets = r.sim.connections().length;

    r.sim.faults.stall(true);
    await expect.poll(() => r.client.stats().polled.length, { timeout: 5_000, interval: 50 }).toBe(4);
    // Nothing was closed: the sockets are the same and the streams still say live.
    expect(r.client.stats().clusters).toEqual({ stocks: 'live', indices: 'live' });
    expect(r.sim.connections().length).toBe(sockets);
    await expect.poll(() => r.client.stats().poll.byKind['stock-snapshot'], { timeout: 5_000 }).toBeGreaterThan(1);

    r.sim.faults.stall(false);
    await expect.poll(() => r.client.stats().polled, { timeout: 10_000, interval: 100 }).toEqual([]);
    expect(r.client.stats().poll.recurring).toBe(0);
  });

  it('runs REST-only on the free plan without ever receiving a 429', async () => {
    const r = await rigs.simulated({ at: REGULAR, plan: 'free', symbols: ['SPY'] });
    await r.client.start();
    // No WebSocket on this plan: everything comes from per-ticker bars, within 5 calls a minute.
    await expect
      .poll(() => r.store.getSnapshot().quotes.SPY?.source ?? r.store.getSnapshot().indices['I:SPX']?.source, {
        timeout: 10_000,
      })
      .toBe('rest');
    await expect.poll(() => r.client.stats().poll.snapshots, { timeout: 5_000 }).toBe(false);
    await sleep(3_000);
    const stats = r.client.stats();
    expect(stats.poll.rateLimited).toBe(0);
    // Per-ticker bars, or (a Basic key before the close, known from the proxy's entitlement) the last session's close.
    expect(stats.poll.byKind['ticker-aggs'] + stats.poll.byKind['prev-close']).toBeGreaterThan(0);
    expect(stats.restUsed).toBeLessThanOrEqual(4);
    expect(r.proxy.status().quota.used).toBeLessThanOrEqual(5);
    expect(r.proxy.status().rest.upstreamErrors).toBe(stats.poll.failed);
  });

  it('runs no polling loop while the market is closed, even with the stream down', async () => {
    const r = await rigs.simulated({ at: WEEKEND });
    await r.client.start();
    // One refresh (the seed), then idle.
    await expect.poll(() => r.client.stats().poll.ok, { timeout: 5_000 }).toBe(2);
    expect(r.client.stats().phase).toBe('closed');
    r.sim.faults.refuseConnects(true);
    r.sim.faults.drop();
    await sleep(2_500);
    const stats = r.client.stats();
    expect(stats.poll.calls).toBe(2);
    expect(stats.poll.recurring).toBe(0);
    expect(stats.polled).toEqual([]);
  });

  it('leaves no timer, socket or callback behind after close or after the last unsubscribe', async () => {
    const r = await rigs.simulated({ at: REGULAR, symbols: [] });
    await r.client.start();
    const off = r.client.subscribe({ kind: 'quote', symbol: 'NVDA' });
    await expect.poll(() => r.client.stats().clusters.stocks, { timeout: 10_000 }).toBe('live');
    await expect.poll(() => r.proxy.status().clients.length, { timeout: 5_000 }).toBe(2);

    off();
    await expect.poll(() => r.client.stats().clusters.stocks, { timeout: 5_000 }).toBeUndefined();
    await expect.poll(() => r.proxy.status().clients.length, { timeout: 5_000 }).toBe(1);

    r.client.close();
    const version = r.store.getSnapshot().version;
    expect(r.clock.pending).toBe(0);
    await expect.poll(() => r.proxy.status().clients.length, { timeout: 5_000 }).toBe(0);
    await sleep(500);
    r.store.flush();
    expect(r.store.getSnapshot().version).toBe(version);
    expect(r.clock.pending).toBe(0);
  });
});
