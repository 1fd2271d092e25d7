import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRestGateway, type RestGateway } from '../../src/proxy/rest-gateway.js';

// The gateway's response cache must not grow with a session: chain pages with cursors and bars
// over moving time ranges are each asked for once, so expiry cannot wait for the key to return.

let server: Server | undefined;
let gateway: RestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await new Promise((r) => server?.close(r));
});

async function upstream(): Promise<string> {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'OK', path: req.url }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function open(apiBase: string, clock: ManualClock): RestGateway {
  gateway = createRestGateway({
    apiKey: 'k',
    apiBase,
    clock,
    random: () => 0.5,
    logger: silentLogger,
    quota: { limit: 10_000, intervalMs: 1_000 },
    cacheTtlMs: 1_000,
    publicUrl: () => 'http://127.0.0.1:1',
  });
  return gateway;
}

describe('REST gateway cache', () => {
  it('drops expired answers that are never asked for again', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 15));
    const g = open(await upstream(), clock);
    for (let i = 0; i < 100; i++) await g.fetchJson(`/v3/snapshot/options/SPY?cursor=${i}`);
    expect(g.stats().cached).toBe(100);
    clock.advance(2_000);
    for (let i = 0; i < 100; i++) await g.fetchJson(`/v3/snapshot/options/QQQ?cursor=${i}`);
    // SPY's pages expired and were swept while QQQ's arrived.
    expect(g.stats().cached).toBeLessThan(150);
    expect(await g.fetchJson('/v3/snapshot/options/QQQ?cursor=99')).toMatchObject({
      path: expect.stringContaining('cursor=99'),
    });
  });

  it('holds at most 256 answers however many fresh ones arrive', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 15));
    const g = open(await upstream(), clock);
    for (let i = 0; i < 600; i++) await g.fetchJson(`/v2/aggs/ticker/SPY/range/1/minute/${i}/${i + 1}`);
    expect(g.stats().cached).toBeLessThanOrEqual(256);
  });
});

describe('REST gateway cache after a burst', () => {
  it('lets go of a burst of answers once they expire, with nothing else arriving', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 15));
    const g = open(await upstream(), clock);
    for (let i = 0; i < 40; i++) await g.fetchJson(`/v3/snapshot/options/SPY?cursor=${i}`);
    expect(g.stats().cached).toBe(40);
    clock.advance(1_500);
    expect(g.stats().cached).toBe(0);
  });
});
