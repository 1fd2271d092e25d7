import { describe, it, expect } from 'vitest';
import { request as httpRequest } from 'node:http';
import { startProxy, type ProxyOptions } from '../../src/proxy/index.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { proxyRig, type ProxyUnderTest } from '../helpers/proxy-rig.js';
import { upgradeRefusal } from '../helpers/ws-client.js';

const KEY = 'probe-real-key-0010';
const rig = proxyRig(KEY);
let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;

async function setup(extra: Partial<ProxyOptions> = {}) {
  upstream = await rig.fakeUpstream();
  proxy = await rig.proxy(upstream, { authTimeoutMs: 300, ...extra });
}

/** A raw HTTP GET with exactly the headers given (Host included), as a browser or script would send. */
function probe(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(proxy!.httpUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, headers: { host: url.host, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Tokens a probe might present. */
const tokens: Record<string, () => string> = {
  none: () => '',
  tampered: () => {
    const [p, payload, mac] = proxy!.issueToken('probe').split('.');
    const forged = Buffer.from(JSON.stringify({ c: 'admin', e: Date.now() + 3_600_000, n: 'x' })).toString('base64url');
    return [p, forged === payload ? payload : forged, mac].join('.');
  },
  expired: () => proxy!.issueToken('probe', -1),
  'the real key': () => KEY,
  garbage: () => 'not-a-token',
};

describe('security probes', () => {
  describe('HTTP', () => {
    it.each([
      ['a foreign Host', { host: 'attacker.example:80' }, 403],
      ['a rebinding Host that starts like loopback', { host: '127.0.0.1.attacker.example' }, 403],
      ['an Origin header', { origin: 'http://127.0.0.1' }, 403],
      ['a null Origin', { origin: 'null' }, 403],
    ])('refuses %s with 403 even with a valid token', async (_l, headers, status) => {
      await setup();
      const res = await probe('/v2/aggs/ticker/AAPL/prev', {
        authorization: `Bearer ${proxy!.issueToken('probe')}`,
        ...headers,
      });
      expect(res.status).toBe(status);
      expect(upstream!.restRequests).toHaveLength(0);
    });

    it.each([
      ['no token', 'none', 'TOKEN_INVALID'],
      ['a tampered token', 'tampered', 'TOKEN_INVALID'],
      ['an expired token', 'expired', 'TOKEN_EXPIRED'],
      ['the real API key', 'the real key', 'TOKEN_INVALID'],
      ['garbage', 'garbage', 'TOKEN_INVALID'],
    ])('refuses %s with 401 on data and status paths alike', async (_l, which, code) => {
      await setup();
      const t = tokens[which]!();
      for (const path of ['/v2/aggs/ticker/AAPL/prev', '/_proxy/status']) {
        const res = await probe(t ? `${path}?apiKey=${encodeURIComponent(t)}` : path, {});
        expect(res.status).toBe(401);
        expect(res.body.code).toBe(code);
        expect(JSON.stringify(res.body)).not.toContain(KEY);
      }
      expect(upstream!.restRequests).toHaveLength(0);
    });
  });

  describe('WebSocket', () => {
    it.each([
      ['a foreign Host', { host: 'attacker.example' }],
      ['an Origin header', { origin: 'http://localhost:3000' }],
    ])('refuses an upgrade with %s (403)', async (_l, headers) => {
      await setup();
      expect(await upgradeRefusal(`${proxy!.wsUrl}/stocks`, headers)).toBe(403);
    });

    it.each(['none', 'tampered', 'expired', 'the real key', 'garbage'])(
      'answers auth_failed and closes for token: %s',
      async (which) => {
        await setup();
        const c = await rig.client(proxy!);
        c.send({ action: 'auth', params: tokens[which]!() });
        c.send({ action: 'subscribe', params: 'T.AAPL' });
        expect((await c.closed).code).toBe(1008);
        expect(c.statuses().map((s) => s.status)).toEqual(['connected', 'auth_failed']);
        expect(upstream!.conns).toHaveLength(0);
      },
    );

    it('closes a socket that never authenticates', async () => {
      await setup();
      const c = await rig.client(proxy!, '/options');
      expect((await c.closed).code).toBe(1008);
      expect(c.statuses().map((s) => s.status)).toEqual(['connected', 'auth_timeout']);
    });
  });

  describe('listening beyond loopback', () => {
    it('refuses a non-loopback address unless explicitly allowed', async () => {
      upstream = await rig.fakeUpstream();
      await expect(
        startProxy({ apiKey: KEY, apiBase: upstream.httpUrl, wsBase: upstream.wsUrl, host: '0.0.0.0' }),
      ).rejects.toMatchObject({ code: 'CONFIG' });
    });

    it('with allowRemote accepts an IP-address Host, still refuses names and still needs a token', async () => {
      await setup({ host: '0.0.0.0', allowRemote: true });
      expect(proxy!.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await probe('/v2/aggs/ticker/AAPL/prev', { host: '10.1.2.3:8080' })).status).toBe(401);
      expect((await probe('/v2/aggs/ticker/AAPL/prev', { host: 'attacker.example' })).status).toBe(403);
      const ok = await probe('/v2/aggs/ticker/AAPL/prev', {
        host: '10.1.2.3:8080',
        authorization: `Bearer ${proxy!.issueToken('lan')}`,
      });
      expect(ok.status).toBe(200);
    });
  });
});
