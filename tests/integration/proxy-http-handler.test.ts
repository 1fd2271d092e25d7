import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRequestHandler, sendJson, type RequestHandlerDeps } from '../../src/proxy/http-handler.js';
import { LimitBook, resolveLimits } from '../../src/proxy/limits.js';
import type { ProxyStatus } from '../../src/proxy/proxy-types.js';
import { createTokenIssuer } from '../../src/proxy/tokens.js';

// The proxy's HTTP request handler on its own, in a bare node:http server: what it answers before
// (and instead of) the REST gateway. The gateway here is whatever each case needs it to be.
const clock = new ManualClock();
const tokens = createTokenIssuer({ clock });
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(gateway: RequestHandlerDeps['gateway']): Promise<string> {
  const book = new LimitBook(resolveLimits({ maxBodyBytes: 10 }), clock);
  const status = () => ({ httpUrl: 'status-page' }) as unknown as ProxyStatus;
  server = createServer(
    createRequestHandler({ book, allowRemote: false, tokens, gateway, status, logger: silentLogger }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const served: string[] = [];
const gateway: RequestHandlerDeps['gateway'] = {
  handle: async (_req, res, url, clientId) => {
    served.push(`${clientId} ${url.pathname}`);
    sendJson(res, 200, { ok: true });
  },
};
const bearer = (id = 'tester') => ({ authorization: `Bearer ${tokens.issue(id)}` });

describe('createRequestHandler', () => {
  it('hands a request with a valid token to the gateway with the token client id', async () => {
    const base = await serve(gateway);
    const res = await fetch(`${base}/v2/aggs/ticker/SPY/prev`, { headers: bearer('script') });
    expect(res.status).toBe(200);
    expect(served).toContain('script /v2/aggs/ticker/SPY/prev');
  });

  it('refuses a browser (Origin) with 403 and a missing token with 401, before the gateway', async () => {
    served.length = 0;
    const base = await serve(gateway);
    const browser = await fetch(`${base}/v2/x`, { headers: { ...bearer(), origin: 'http://evil.example' } });
    expect(browser.status).toBe(403);
    expect(await browser.json()).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await fetch(`${base}/v2/x`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(served).toEqual([]);
  });

  it('answers /_proxy/status itself', async () => {
    const base = await serve(gateway);
    const res = await fetch(`${base}/_proxy/status`, { headers: bearer() });
    expect(await res.json()).toEqual({ httpUrl: 'status-page' });
  });

  it('answers 413 to a body over the limit', async () => {
    const base = await serve(gateway);
    const res = await fetch(`${base}/v2/x`, { method: 'POST', headers: bearer(), body: 'x'.repeat(100) });
    expect(res.status).toBe(413);
  });

  it('turns a gateway failure into a 500 that says nothing of it', async () => {
    const base = await serve({
      handle: () => Promise.reject(new Error('upstream exploded with detail')),
    });
    const res = await fetch(`${base}/v2/x`, { headers: bearer() });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'INTERNAL', error: 'proxy internal error' });
    expect(body).not.toContain('exploded');
  });
});
