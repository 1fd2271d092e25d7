import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { request } from 'undici';
import {
  fetchDaemonStatus,
  findDaemon,
  readDaemonInfo,
  startProxy,
  writeDaemonInfo,
  type Proxy as ProxyUnderTest,
} from '../../src/proxy/index.js';
import { certificateFingerprint, loadTls } from '../../src/proxy/tls.js';
import { createRestClient } from '../../src/rest/index.js';
import { StreamConnection } from '../../src/stream/connection.js';
import { isMassiveError } from '../../src/lib/errors.js';
import { startFakeUpstream, type FakeUpstream } from './proxy-helpers.js';

// The proxy over HTTPS and WSS with the committed test-only certificate (tests/fixtures/tls).
const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const CERT = join(FIXTURES, 'cert.pem');
const OTHER_CERT = join(FIXTURES, 'other-cert.pem');
const KEY = 'tls-real-key-0016';

let upstream: FakeUpstream | undefined;
let proxy: ProxyUnderTest | undefined;
let dir: string | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await proxy?.close();
  await upstream?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  proxy = undefined;
  upstream = undefined;
  dir = undefined;
});

async function setup(secret = randomBytes(32)): Promise<ProxyUnderTest> {
  upstream = await startFakeUpstream(KEY);
  proxy = await startProxy({
    apiKey: KEY,
    apiBase: upstream.httpUrl,
    wsBase: upstream.wsUrl,
    secret,
    tls: loadTls(CERT, join(FIXTURES, 'key.pem')),
  });
  return proxy;
}

/** A daemon file for the running proxy, as `massive proxy --tls-cert` writes it (cert recorded or not). */
function advertise(secret: Buffer, recordCert: boolean, copied = false): string {
  dir = mkdtempSync(join(tmpdir(), 'massive-tls-'));
  const cert = readFileSync(CERT, 'utf8');
  writeDaemonInfo(dir, {
    httpUrl: proxy!.httpUrl,
    wsUrl: proxy!.wsUrl,
    // A file copied from the desk's proxy machine names a process over there, not one here.
    pid: copied ? 2 ** 22 + 12_345 : process.pid,
    ...(copied ? { remote: true } : {}),
    startedAt: Date.now(),
    secret: secret.toString('base64url'),
    demo: false,
    apiBase: upstream!.httpUrl,
    wsBase: upstream!.wsUrl,
    ...(recordCert ? { tls: { cert, fingerprint256: certificateFingerprint(cert) } } : {}),
  });
  return dir;
}

describe('proxy over TLS', () => {
  it('serves HTTPS and WSS: REST and a subscribed stream work for a client trusting the certificate', async () => {
    await setup();
    expect(proxy!.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy!.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(CERT, 'utf8');
    const { Agent } = await import('undici');
    const res = await request(`${proxy!.httpUrl}/_proxy/status`, {
      headers: { authorization: `Bearer ${proxy!.issueToken('rest')}` },
      dispatcher: new Agent({ connect: { ca } }),
    });
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { tls: boolean }).tls).toBe(true);

    const ws = new WebSocket(`${proxy!.wsUrl}/stocks`, { ca });
    sockets.push(ws);
    const statuses: string[] = [];
    const trades: unknown[] = [];
    ws.on('message', (d) => {
      for (const e of JSON.parse(d.toString()) as { ev: string; status?: string }[]) {
        if (e.ev === 'status') statuses.push(String(e.status));
        else trades.push(e);
      }
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ action: 'auth', params: proxy!.issueToken('wss') }));
    await vi.waitFor(() => expect(statuses).toContain('auth_success'));
    ws.send(JSON.stringify({ action: 'subscribe', params: 'T.AAPL' }));
    await vi.waitFor(() => expect(upstream!.conns[0]?.topics.has('T.AAPL')).toBe(true));
    upstream!.push('/stocks', [{ ev: 'T', sym: 'AAPL', p: 200, s: 10, t: 1767625200000 }]);
    await vi.waitFor(() => expect(trades).toEqual([{ ev: 'T', sym: 'AAPL', p: 200, s: 10, t: 1767625200000 }]));
  });

  it('is refused by a client that does not trust its certificate', async () => {
    await setup();
    const err = await request(`${proxy!.httpUrl}/_proxy/status`).catch((e: NodeJS.ErrnoException) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('is found through discovery, which records its certificate; the REST and stream clients then trust it', async () => {
    const secret = randomBytes(32);
    await setup(secret);
    const found = await findDaemon(advertise(secret, true), { timeoutMs: 5_000 });
    expect(found?.info.httpUrl).toBe(proxy!.httpUrl);
    expect((await fetchDaemonStatus(found!)).tls).toBe(true);
    const rest = createRestClient({
      baseUrl: found!.info.httpUrl,
      auth: () => found!.tokens.issue('watch'),
      retries: 0,
    });
    expect((await rest.get('/_proxy/status')).status).toBe(200);
    await rest.close();
    // The client's own WebSocket connection (the one `watch` uses) reaches auth over WSS.
    const states: string[] = [];
    const conn = new StreamConnection({
      cluster: 'stocks',
      url: `${found!.info.wsUrl}/stocks`,
      getToken: () => found!.tokens.issue('watch'),
      onEvents: () => {},
      onState: (s) => states.push(s),
    });
    conn.start();
    await vi.waitFor(() => expect(states).toContain('live'));
    expect(proxy!.status().clients.map((c) => c.clientId)).toContain('watch');
    conn.close();
  });

  it('is found through a daemon file copied from another machine (its pid means nothing here)', async () => {
    const secret = randomBytes(32);
    await setup(secret);
    expect(readDaemonInfo(advertise(secret, true, false))?.pid).toBe(process.pid);
    rmSync(dir!, { recursive: true, force: true });
    const where = advertise(secret, true, true);
    const found = await findDaemon(where, { timeoutMs: 5_000 });
    expect(found?.info.remote).toBe(true);
    expect((await fetchDaemonStatus(found!)).httpUrl).toBe(proxy!.httpUrl);
  });

  it('is trusted through MASSIVE_PROXY_CA when the daemon file records no certificate', async () => {
    const secret = randomBytes(32);
    await setup(secret);
    const where = advertise(secret, false);
    const found = await findDaemon(where, { timeoutMs: 5_000, caFile: CERT });
    expect(found?.info.httpUrl).toBe(proxy!.httpUrl);
    const st = await fetchDaemonStatus(found!);
    expect(st.httpUrl).toBe(proxy!.httpUrl);
  });

  it('says so when MASSIVE_PROXY_CA names another certificate, or a file that is not there', async () => {
    const secret = randomBytes(32);
    await setup(secret);
    const where = advertise(secret, false);
    const wrong = await findDaemon(where, { timeoutMs: 5_000, caFile: OTHER_CERT }).catch((e: unknown) => e);
    expect(isMassiveError(wrong, 'CONFIG')).toBe(true);
    expect((wrong as Error).message).toContain(
      `the proxy at ${proxy!.httpUrl} presented a certificate this machine does not trust`,
    );
    const missing = await findDaemon(where, { caFile: join(FIXTURES, 'nope.pem') }).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/^MASSIVE_PROXY_CA .*nope\.pem: cannot read it \(ENOENT\)$/);
  });
});
