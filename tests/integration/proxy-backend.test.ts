import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startProxy, writeDaemonInfo } from '../../src/proxy/index.js';
import { startBackend, type Backend } from '../../src/cli/backend.js';
import { createRestClient } from '../../src/rest/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { ProxyUnderTest } from '../helpers/proxy-rig.js';

const KEY = 'backend-key-0011';
const settings = {
  'plans.stocks': 'auto',
  'plans.options': 'auto',
  'plans.indices': 'auto',
  restRatePerSec: 20,
  flowMode: 'off',
} as const;
let sim: Simulator | undefined;
let daemon: ProxyUnderTest | undefined;
let backend: Backend | undefined;
let dir: string | undefined;

afterEach(async () => {
  await backend?.close();
  await daemon?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  backend = daemon = sim = dir = undefined;
});

/** A daemon as `massive proxy` runs it, advertised in a private config directory. */
async function startDaemon(demo: boolean) {
  sim = await startSimulator({ keys: { [KEY]: 'advanced' }, seed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'massive-backend-'));
  const secret = randomBytes(32);
  daemon = await startProxy({ apiKey: KEY, apiBase: sim.httpUrl, wsBase: sim.wsUrl, secret, flow: 'off' });
  writeDaemonInfo(dir, {
    httpUrl: daemon.httpUrl,
    wsUrl: daemon.wsUrl,
    pid: process.pid,
    startedAt: Date.now(),
    secret: secret.toString('base64url'),
    demo,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
  });
}

async function statusOf(b: Backend): Promise<number> {
  const rest = createRestClient({
    baseUrl: b.proxy.httpUrl,
    auth: () => b.proxy.issueToken('backend-test'),
    retries: 0,
  });
  try {
    return (await rest.get('/_proxy/status')).status;
  } finally {
    await rest.close();
  }
}

describe('startBackend', () => {
  it('uses a running non-demo daemon with the same upstream, without reading any key, and leaves it running on close', async () => {
    await startDaemon(false);
    // No MASSIVE_API_KEY here: a key read would throw NO_API_KEY.
    const env = { MASSIVE_CONFIG_DIR: dir, MASSIVE_API_BASE: sim!.httpUrl, MASSIVE_WS_BASE: `${sim!.wsUrl}/` };
    backend = await startBackend({ demo: false, env, settings, logger: silentLogger });
    expect(backend.shared).toBe(true);
    expect(backend.proxy.httpUrl).toBe(daemon!.httpUrl);
    expect(await statusOf(backend)).toBe(200);
    await backend.close();
    backend = undefined;
    expect(daemon!.status().httpUrl).toBe(daemon!.httpUrl);
    const again = await startBackend({ demo: false, env, settings, logger: silentLogger });
    expect(await statusOf(again)).toBe(200);
    await again.close();
  });

  it('uses a demo daemon for --demo', async () => {
    await startDaemon(true);
    backend = await startBackend({ demo: true, env: { MASSIVE_CONFIG_DIR: dir }, settings, logger: silentLogger });
    expect(backend.shared).toBe(true);
    expect(backend.demo).toBe(true);
  });

  it('never serves --demo from a daemon that talks to a real upstream', async () => {
    await startDaemon(false);
    backend = await startBackend({ demo: true, env: { MASSIVE_CONFIG_DIR: dir }, settings, logger: silentLogger });
    expect(backend.shared).toBe(false);
    expect(backend.proxy.httpUrl).not.toBe(daemon!.httpUrl);
    expect(await statusOf(backend)).toBe(200);
  });

  it('never serves real data requests from a demo daemon, nor from a daemon on another upstream', async () => {
    await startDaemon(true);
    const env = {
      MASSIVE_CONFIG_DIR: dir,
      MASSIVE_API_KEY: KEY,
      MASSIVE_API_BASE: sim!.httpUrl,
      MASSIVE_WS_BASE: sim!.wsUrl,
    };
    backend = await startBackend({ demo: false, env, settings, logger: silentLogger });
    expect(backend.shared).toBe(false);
    await backend.close();
    backend = undefined;
    await daemon!.close();
    await startDaemonOver(dir!, 'http://127.0.0.1:9', 'ws://127.0.0.1:9');
    backend = await startBackend({ demo: false, env, settings, logger: silentLogger });
    expect(backend.shared).toBe(false);
  });

  it('starts its own proxy when no daemon runs and stops it on close', async () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-backend-'));
    backend = await startBackend({ demo: true, env: { MASSIVE_CONFIG_DIR: dir }, settings, logger: silentLogger });
    expect(backend.shared).toBe(false);
    const url = backend.proxy.httpUrl;
    expect(await statusOf(backend)).toBe(200);
    await backend.close();
    backend = undefined;
    const rest = createRestClient({ baseUrl: url, auth: () => 'x', retries: 0, timeoutMs: 1_000 });
    await expect(rest.get('/_proxy/status')).rejects.toBeTruthy();
    await rest.close();
  });
});

/** Replaces the daemon with one advertising other upstream bases. */
async function startDaemonOver(d: string, apiBase: string, wsBase: string) {
  const secret = randomBytes(32);
  daemon = await startProxy({ apiKey: KEY, apiBase, wsBase, secret, flow: 'off' });
  writeDaemonInfo(d, {
    httpUrl: daemon.httpUrl,
    wsUrl: daemon.wsUrl,
    pid: process.pid,
    startedAt: Date.now(),
    secret: secret.toString('base64url'),
    demo: false,
    apiBase,
    wsBase,
  });
}

describe('upstream hosts', () => {
  it.each([
    [{}, 'https://api.massive.com', 'wss://socket.massive.com', 'wss://delayed.massive.com'],
    [
      { MASSIVE_WS_BASE: 'ws://127.0.0.1:9000' },
      'https://api.massive.com',
      'ws://127.0.0.1:9000',
      'ws://127.0.0.1:9000/delayed',
    ],
    [
      { MASSIVE_WS_BASE: 'wss://socket.polygon.io' },
      'https://api.massive.com',
      'wss://socket.polygon.io',
      'wss://delayed.polygon.io',
    ],
    [
      { MASSIVE_WS_DELAYED_BASE: ' ws://127.0.0.1:9000/delayed ' },
      'https://api.massive.com',
      'wss://socket.massive.com',
      'ws://127.0.0.1:9000/delayed',
    ],
    [
      { MASSIVE_API_BASE: 'http://127.0.0.1:9000' },
      'http://127.0.0.1:9000',
      'wss://socket.massive.com',
      'wss://delayed.massive.com',
    ],
  ] as const)('env %j gives %s, %s (real-time) and %s (delayed)', async (env, api, ws, delayed) => {
    const { upstreamBases } = await import('../../src/cli/backend.js');
    expect(upstreamBases(env)).toEqual({ apiBase: api, wsBase: ws, wsDelayedBase: delayed });
  });
});
