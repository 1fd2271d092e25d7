import { describe, it, expect, vi } from 'vitest';
import { request } from 'undici';
import { isMassiveError, type MassiveError } from '../../src/lib/errors.js';
import { createLogger } from '../../src/lib/logger.js';
import { startProxy, type ProxyOptions } from '../../src/proxy/index.js';
import { createRestClient } from '../../src/rest/index.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';

const KEY = 'rest-proxy-real-key-0002';
const rig = proxyRig(KEY);
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions> = {}) {
  upstream = await rig.fakeUpstream();
  proxy = await rig.proxy(upstream, { restRetries: 0, ...extra });
  return { upstream, proxy };
}

function clientFor(p: ProxyUnderTest, token = p.issueToken('rest-test')) {
  return createRestClient({ baseUrl: p.httpUrl, auth: () => token, retries: 0 });
}

async function raw(path: string, headers: Record<string, string> = {}) {
  const res = await request(proxy!.httpUrl + path, { headers });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

async function failure(p: Promise<unknown>): Promise<MassiveError> {
  try {
    await p;
  } catch (e) {
    if (isMassiveError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

function json(
  res: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

describe('proxy REST gateway', () => {
  it('forwards the same path upstream with the real key in place of the token', async () => {
    await setup();
    upstream!.rest = (_req, res) => json(res, 200, { status: 'OK', request_id: 'u1', results: [{ ticker: 'AAPL' }] });
    const token = proxy!.issueToken('a');
    const res = await raw(`/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL&apiKey=${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ results: [{ ticker: 'AAPL' }] });
    const seen = upstream!.restRequests[0]!;
    expect(seen.url).toBe('/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(res.headers['x-quota-used']).toBe('1');
  });

  it.each([
    ['no token', {}, '', 'TOKEN_INVALID'],
    ['a forged token', { authorization: 'Bearer mt1.e30.AAAA' }, '', 'TOKEN_INVALID'],
    ['the real key', { authorization: `Bearer ${KEY}` }, '', 'TOKEN_INVALID'],
  ])('answers 401 with a Massive-style body for %s and never calls upstream', async (_l, headers, _q, code) => {
    await setup();
    const res = await raw('/v2/aggs/ticker/AAPL/prev', headers);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'ERROR', code });
    expect(typeof res.body?.request_id).toBe('string');
    expect(typeof res.body?.error).toBe('string');
    expect(upstream!.restRequests).toHaveLength(0);
  });

  it('tells an expired token apart so the client can renew it', async () => {
    await setup();
    const err = await failure(clientFor(proxy!, proxy!.issueToken('x', -1)).get('/v2/aggs/ticker/AAPL/prev'));
    expect(err.code).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['an Origin header', { origin: 'http://evil.example' }],
    ['a non-loopback Host', { host: 'evil.example' }],
  ])('answers 403 to a request with %s, even with a valid token', async (_l, headers) => {
    await setup();
    const res = await raw('/v2/aggs/ticker/AAPL/prev', { authorization: `Bearer ${proxy!.issueToken()}`, ...headers });
    expect(res.status).toBe(403);
    expect(upstream!.restRequests).toHaveLength(0);
  });

  it.each([
    [
      403,
      { status: 'NOT_AUTHORIZED', request_id: 'r', message: 'You are not entitled to this data.' },
      403,
      'NOT_ENTITLED',
    ],
    [404, { status: 'NOT_FOUND', request_id: 'r', message: 'Data not found.' }, 404, 'NOT_FOUND'],
    [500, { status: 'ERROR', request_id: 'r', error: 'oops' }, 502, 'UPSTREAM'],
    [401, { status: 'ERROR', request_id: 'r', error: 'Unknown API Key' }, 401, 'AUTH_FAILED'],
  ])('maps upstream HTTP %i to %i so clients see %s', async (upStatus, body, status, code) => {
    await setup();
    upstream!.rest = (_req, res) => json(res, upStatus, body);
    const err = await failure(clientFor(proxy!).get('/v3/snapshot/options/SPY'));
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.message).not.toContain(KEY);
  });

  it('retries upstream 5xx with backoff before answering', async () => {
    await setup({ restRetries: 2 });
    upstream!.rest = (_req, res) =>
      upstream!.restRequests.length < 3 ? json(res, 503, {}) : json(res, 200, { status: 'OK', n: 3 });
    const res = await clientFor(proxy!).get<{ n: number }>('/v1/marketstatus/now');
    expect(res.body.n).toBe(3);
    expect(upstream!.restRequests).toHaveLength(3);
  });

  it('passes upstream 429 through with its Retry-After', async () => {
    await setup();
    upstream!.rest = (_req, res) => json(res, 429, { status: 'ERROR', error: 'too many' }, { 'retry-after': '7' });
    const res = await raw('/v2/aggs/ticker/AAPL/prev', { authorization: `Bearer ${proxy!.issueToken()}` });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
  });

  it('coalesces identical concurrent GETs into one upstream call and caches briefly', async () => {
    await setup({ cacheTtlMs: 300 });
    upstream!.rest = (_req, res) =>
      setTimeout(() => json(res, 200, { status: 'OK', v: upstream!.restRequests.length }), 100);
    const c = clientFor(proxy!);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => c.get<{ v: number }>('/v2/snapshot/locale/us/markets/stocks/tickers/SPY')),
    );
    expect(results.map((r) => r.body.v)).toEqual([1, 1, 1, 1, 1]);
    expect(results.map((r) => r.headers['x-proxy-cache']).sort()).toEqual([
      'coalesced',
      'coalesced',
      'coalesced',
      'coalesced',
      'miss',
    ]);
    expect(upstream!.restRequests).toHaveLength(1);
    const cached = await c.get('/v2/snapshot/locale/us/markets/stocks/tickers/SPY');
    expect(cached.headers['x-proxy-cache']).toBe('hit');
    expect(upstream!.restRequests).toHaveLength(1);
    // Once the 300 ms are over, the next GET goes upstream again.
    await vi.waitFor(
      async () =>
        expect((await c.get('/v2/snapshot/locale/us/markets/stocks/tickers/SPY')).headers['x-proxy-cache']).toBe(
          'miss',
        ),
      { timeout: 5_000, interval: 50 },
    );
    expect(upstream!.restRequests).toHaveLength(2);
  });

  it("keeps the previous session's bar for minutes: a plan probe and the first quotes share one call", async () => {
    await setup({ cacheTtlMs: 50 });
    upstream!.rest = (_req, res) => json(res, 200, { status: 'OK', v: upstream!.restRequests.length });
    const c = clientFor(proxy!);
    const bars = '/v2/aggs/ticker/SPY/range/1/minute/1/2';
    await c.get('/v2/aggs/ticker/SPY/prev');
    await c.get(bars);
    // Wait until an ordinary answer cached after the bar has expired (50 ms)...
    await vi.waitFor(async () => expect((await c.get(bars)).headers['x-proxy-cache']).toBe('miss'), {
      timeout: 5_000,
      interval: 20,
    });
    // ...and the previous session's bar is still served from the cache.
    expect((await c.get('/v2/aggs/ticker/SPY/prev')).headers['x-proxy-cache']).toBe('hit');
    expect(upstream!.restRequests.filter((r) => r.url?.endsWith('/prev'))).toHaveLength(1);
  });

  it('spends one shared quota across clients and answers 429 with Retry-After when it is gone', async () => {
    await setup({ quota: { limit: 2, intervalMs: 60_000, maxWaitMs: 0 }, cacheTtlMs: 0 });
    const a = clientFor(proxy!, proxy!.issueToken('a'));
    const b = clientFor(proxy!, proxy!.issueToken('b'));
    await a.get('/v2/x');
    await b.get('/v2/y');
    const err = await failure(a.get('/v2/z'));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.retryAfterSec).toBe(30);
    expect(upstream!.restRequests).toHaveLength(2);
    const st = await a.get<{ quota: { used: number; left: number; limit: number } }>('/_proxy/status');
    expect(st.body.quota).toMatchObject({ used: 2, left: 0, limit: 2 });
  });

  it('queues briefly for a quota token instead of refusing at once', async () => {
    await setup({ quota: { limit: 20, intervalMs: 1_000, maxWaitMs: 1_000, perClientLimit: 100 }, cacheTtlMs: 0 });
    const c = clientFor(proxy!);
    const started = Date.now();
    await Promise.all(Array.from({ length: 24 }, (_, i) => c.get(`/v2/q${i}`)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(upstream!.restRequests).toHaveLength(24);
  });

  it('caps one client at its share so others still get through', async () => {
    await setup({ quota: { limit: 5, intervalMs: 60_000, maxWaitMs: 0 }, cacheTtlMs: 0 });
    const greedy = clientFor(proxy!, proxy!.issueToken('script'));
    const polite = clientFor(proxy!, proxy!.issueToken('watch'));
    for (let i = 0; i < 4; i++) await greedy.get(`/v2/g${i}`);
    const err = await failure(greedy.get('/v2/g5'));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.message).toContain('share');
    await polite.get('/v2/p0');
    expect(upstream!.restRequests).toHaveLength(5);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(
      startProxy({ apiKey: KEY, apiBase: 'http://127.0.0.1:1', wsBase: 'ws://127.0.0.1:1', host: '0.0.0.0' }),
    ).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });

  it('rewrites next_url to the proxy so pagination stays behind it', async () => {
    await setup({ cacheTtlMs: 0 });
    upstream!.rest = (req, res) => {
      const cursor = new URL(req.url!, 'http://x').searchParams.get('cursor');
      if (!cursor)
        json(res, 200, {
          status: 'OK',
          results: [1, 2],
          next_url: 'https://api.massive.com/v3/snapshot/options/SPY?cursor=p2',
        });
      else json(res, 200, { status: 'OK', results: [3] });
    };
    const c = clientFor(proxy!);
    const first = await c.get<{ next_url: string }>('/v3/snapshot/options/SPY?limit=2');
    expect(first.body.next_url).toBe(`${proxy!.httpUrl}/v3/snapshot/options/SPY?cursor=p2`);
    const pages: number[][] = [];
    for await (const p of c.paginate<number>('/v3/snapshot/options/SPY?limit=2')) pages.push(p);
    expect(pages).toEqual([[1, 2], [3]]);
  });

  it('exposes quota used and left overall and per client, in status and on every answer', async () => {
    await setup({ quota: { limit: 10, intervalMs: 60_000, perClientLimit: 4 } });
    const a = clientFor(proxy!, proxy!.issueToken('script-a'));
    const b = clientFor(proxy!, proxy!.issueToken('script-b'));
    const first = await raw('/v2/one', { authorization: `Bearer ${proxy!.issueToken('script-a')}` });
    expect(first.headers['x-quota-used']).toBe('1');
    expect(first.headers['x-quota-left']).toBe('9');
    await a.get('/v2/two');
    await a.get('/v2/three');
    await b.get('/v2/four');
    const st = proxy!.status();
    expect(st.quota).toMatchObject({ used: 4, left: 6, limit: 10, intervalMs: 60_000 });
    expect(st.rest.clients['script-a']).toMatchObject({ used: 3, left: 1, limit: 4 });
    expect(st.rest.clients['script-b']).toMatchObject({ used: 1, left: 3, limit: 4 });
    const viaHttp = await raw('/_proxy/status', { authorization: `Bearer ${proxy!.issueToken('script-b')}` });
    expect(viaHttp.body).toMatchObject({ quota: { used: 4, left: 6 }, rest: { clients: { 'script-a': { used: 3 } } } });
  });

  it('serves its status as JSON to token holders only, without the key', async () => {
    const lines: string[] = [];
    await setup({ logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }) });
    upstream!.rest = (_req, res) => json(res, 500, { status: 'ERROR', error: `bad key ${KEY}` });
    expect((await raw('/_proxy/status')).status).toBe(401);
    const token = proxy!.issueToken();
    await raw('/v2/x', { authorization: `Bearer ${token}` });
    const res = await raw('/_proxy/status', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ upstreams: { stocks: { clients: 0 } }, quota: { used: 1, limit: 50 } });
    const body = JSON.stringify(res.body);
    expect(body).not.toContain(KEY);
    expect(lines.join('\n')).not.toContain(KEY);
  });
});
