import { describe, it, expect, afterEach } from 'vitest';
import { createRestClient, resolveUrl } from '../../../src/rest/index.js';
import { isMassiveError, type MassiveError } from '../../../src/lib/errors.js';
import { registerSecret } from '../../../src/lib/redact.js';
import { startHttpServer, sendJson, type TestHttpServer } from './http-server.js';

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'rest-test-secret-key-123';
registerSecret(KEY);

function client(url: string, extra: Partial<Parameters<typeof createRestClient>[0]> = {}) {
  return createRestClient({ baseUrl: url, auth: () => KEY, random: () => 0, backoffBaseMs: 1, ...extra });
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

describe('createRestClient', () => {
  it('sends the credential as a Bearer header and returns the parsed body', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, 200, { status: 'OK', request_id: 'r1', results: [1] }));
    const res = await client(server.url).get<{ results: number[] }>('/v2/x?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([1]);
    expect(res.requestId).toBe('r1');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests[0]?.url).toBe('/v2/x?limit=2');
  });

  it.each([
    [401, { status: 'ERROR', error: 'Unknown API Key' }, 'AUTH_FAILED'],
    [401, { status: 'ERROR', error: 'token expired', code: 'TOKEN_EXPIRED' }, 'TOKEN_EXPIRED'],
    [401, { status: 'ERROR', error: 'bad token', code: 'TOKEN_INVALID' }, 'TOKEN_INVALID'],
    [403, { status: 'NOT_AUTHORIZED', message: 'You are not entitled to this data.' }, 'NOT_ENTITLED'],
    [404, { status: 'NOT_FOUND', message: 'Data not found.' }, 'NOT_FOUND'],
    [502, { status: 'ERROR', error: 'bad gateway' }, 'UPSTREAM'],
  ])('maps HTTP %i to %s without retrying non-retryable statuses', async (status, body, code) => {
    server = await startHttpServer((_req, res) => sendJson(res, status, { request_id: 'rq', ...body }));
    const err = await failure(client(server.url, { retries: status >= 500 ? 0 : 3 }).get('/v1/y'));
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.requestId).toBe('rq');
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx and succeeds on a later attempt', async () => {
    server = await startHttpServer((_req, res, n) =>
      n < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: true }),
    );
    const res = await client(server.url, { retries: 2 }).get('/z');
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with RATE_LIMITED and the Retry-After seconds', async () => {
    server = await startHttpServer((_req, res) =>
      sendJson(res, 429, { status: 'ERROR', error: 'slow down' }, { 'retry-after': '0' }),
    );
    const err = await failure(client(server.url, { retries: 1 }).get('/z'));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterSec).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  it('waits at least the Retry-After the server asked for before retrying', async () => {
    const times: number[] = [];
    server = await startHttpServer((_req, res, n) => {
      times.push(Date.now());
      if (n === 1) sendJson(res, 429, {}, { 'retry-after': '1' });
      else sendJson(res, 200, { ok: true });
    });
    await client(server.url, { retries: 1 }).get('/z');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('fails fast when Retry-After is longer than it is willing to wait', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, 429, {}, { 'retry-after': '120' }));
    const err = await failure(client(server.url, { retries: 3, maxRetryAfterMs: 5000 }).get('/z'));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterSec).toBe(120);
    expect(server.requests).toHaveLength(1);
  });

  it('retries network failures and reports UPSTREAM when the server is gone', async () => {
    server = await startHttpServer((req) => req.socket.destroy());
    const err = await failure(client(server.url, { retries: 1 }).get('/z'));
    expect(err.code).toBe('UPSTREAM');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a stalled response with TIMEOUT', async () => {
    server = await startHttpServer(() => {});
    const err = await failure(client(server.url, { timeoutMs: 100, retries: 2 }).get('/slow'));
    expect(err.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(1);
  });

  it('stops with ABORTED when the caller aborts', async () => {
    server = await startHttpServer(() => {});
    const ac = new AbortController();
    const p = client(server.url).get('/slow', { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect((await failure(p)).code).toBe('ABORTED');
  });

  it('never puts the key into error messages, even when the path carries it', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, 404, { status: 'NOT_FOUND', message: 'nope' }));
    const err = await failure(client(server.url).get(`/v2/x?apiKey=${KEY}`));
    expect(err.message).not.toContain(KEY);
    expect(JSON.stringify({ m: err.message, s: String(err) })).not.toContain(KEY);
  });

  it('paginates through absolute next_url links on the base origin until they stop', async () => {
    server = await startHttpServer((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('cursor') ?? '0');
      sendJson(res, 200, {
        results: [page * 10, page * 10 + 1],
        ...(page < 2 ? { next_url: `https://api.massive.com/v3/items?cursor=${page + 1}` } : {}),
      });
    });
    const pages: number[][] = [];
    for await (const p of client(server.url).paginate<number>('/v3/items?limit=2')) pages.push(p);
    expect(pages).toEqual([
      [0, 1],
      [10, 11],
      [20, 21],
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v3/items?limit=2',
      '/v3/items?cursor=1',
      '/v3/items?cursor=2',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('stops paginating when next_url repeats', async () => {
    server = await startHttpServer((_req, res) =>
      sendJson(res, 200, { results: [1], next_url: 'https://h/v3/loop?cursor=same' }),
    );
    let pages = 0;
    for await (const _ of client(server.url).paginate('/v3/loop')) pages++;
    expect(pages).toBe(2);
  });
});

describe('resolveUrl', () => {
  it.each([
    ['http://127.0.0.1:9', '/v2/a?b=1', 'http://127.0.0.1:9/v2/a?b=1'],
    ['http://127.0.0.1:9/', 'v2/a', 'http://127.0.0.1:9/v2/a'],
    ['http://127.0.0.1:9', 'https://api.massive.com/v3/x?cursor=abc', 'http://127.0.0.1:9/v3/x?cursor=abc'],
    ['http://127.0.0.1:9/pre', '/v3/x', 'http://127.0.0.1:9/pre/v3/x'],
    ['http://127.0.0.1:9/pre', 'https://other/pre/v3/x', 'http://127.0.0.1:9/pre/v3/x'],
  ])('resolves %s + %s to %s', (base, path, expected) => {
    expect(resolveUrl(base, path)).toBe(expected);
  });
});
