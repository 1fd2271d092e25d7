import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { MassiveError } from '../../../src/lib/errors.js';
import { maxCacheEntries, ResponseCache } from '../../../src/proxy/rest-cache.js';
import { outcomeReply } from '../../../src/proxy/rest-gateway.js';
import { GatewayQuota } from '../../../src/proxy/rest-quota.js';

const answer = (body: unknown) => ({ status: 200, body, headers: {} });

describe('GatewayQuota', () => {
  it('refuses a client past its share (80 % of the limit) while others still get theirs', () => {
    const q = new GatewayQuota({ limit: 5, intervalMs: 60_000 }, new ManualClock());
    for (let i = 0; i < 4; i++) expect(q.takeClient('a')).toBeUndefined();
    expect(q.takeClient('a')?.code).toBe('RATE_LIMITED');
    expect(q.takeClient('b')).toBeUndefined();
    expect(Object.keys(q.stats().clients)).toEqual(['a', 'b']);
  });

  it('refuses at once when no shared token would come within maxWaitMs', async () => {
    const q = new GatewayQuota({ limit: 1, intervalMs: 60_000, maxWaitMs: 1_000 }, new ManualClock());
    await q.take(undefined);
    await expect(q.take(undefined)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(q.headers()).toMatchObject({ 'x-quota-limit': '1', 'x-quota-left': '0', 'x-quota-window-ms': '60000' });
  });

  it('a new rate resets the client shares; the same rate changes nothing', () => {
    const q = new GatewayQuota({ limit: 5, intervalMs: 60_000 }, new ManualClock());
    for (let i = 0; i < 4; i++) q.takeClient('a');
    expect(q.reconfigure(5, 60_000)).toBe(false);
    expect(q.takeClient('a')).toBeDefined();
    expect(q.reconfigure(50, 1_000)).toBe(true);
    expect(q.takeClient('a')).toBeUndefined();
    expect(q.headers()['x-quota-limit']).toBe('50');
  });
});

describe('ResponseCache', () => {
  it('answers until the entry expires, then drops it', () => {
    const clock = new ManualClock();
    const cache = new ResponseCache(clock);
    cache.remember('/a', answer(1), 1_000);
    clock.advance(999);
    expect(cache.get('/a')?.body).toBe(1);
    clock.advance(1);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it(`keeps at most ${maxCacheEntries} entries, dropping the oldest first`, () => {
    const cache = new ResponseCache(new ManualClock());
    for (let i = 0; i <= maxCacheEntries; i++) cache.remember(`/k${i}`, answer(i), 60_000);
    expect(cache.size).toBe(maxCacheEntries);
    expect(cache.get('/k0')).toBeUndefined();
    expect(cache.get(`/k${maxCacheEntries}`)?.body).toBe(maxCacheEntries);
  });
});

describe('outcomeReply', () => {
  it('passes an answer through with its cache source and points next_url at the proxy', () => {
    const reply = outcomeReply(
      { ok: true, res: { ...answer({ next_url: 'https://api.massive.com/v3/x?cursor=1&apiKey=k' }), requestId: 'r1' } },
      'hit',
      'http://127.0.0.1:9',
    );
    expect(reply).toEqual({
      status: 200,
      body: { next_url: 'http://127.0.0.1:9/v3/x?cursor=1' },
      headers: { 'x-proxy-cache': 'hit', 'x-request-id': 'r1' },
    });
  });

  it('turns a failure into Massive-style JSON without the client prefix, with Retry-After', () => {
    const error = new MassiveError('RATE_LIMITED', 'GET /v2/x failed with HTTP 429: slow down', {
      status: 429,
      retryAfterSec: 3,
    });
    const reply = outcomeReply({ ok: false, error }, 'miss', 'http://127.0.0.1:9');
    expect(reply.status).toBe(429);
    expect(reply.body).toMatchObject({ status: 'ERROR', error: 'slow down', code: 'RATE_LIMITED' });
    expect(reply.headers).toEqual({ 'x-proxy-cache': 'miss', 'retry-after': '3' });
  });
});
