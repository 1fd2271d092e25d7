import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../../src/cli/backend.js';
import { limitsFromSettings } from '../../src/cli/proxy-limits.js';
import { DEFAULTS } from '../../src/config/index.js';
import { DEFAULT_LIMITS, type ProxyLimits } from '../../src/proxy/limits.js';
import { createRestClient } from '../../src/rest/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openWs, type WsProbe } from '../helpers/ws-client.js';

// The proxy `watch` (and chain, levels, plan) starts inside itself takes the `proxy*` settings,
// as the daemon does: both go through `startProxyFor` and `limitsFromSettings`.
const settings = {
  'plans.stocks': 'auto',
  'plans.options': 'auto',
  'plans.indices': 'auto',
  restRatePerSec: 20,
  flowMode: 'off',
  proxyMaxSubscriptionsPerClient: 2,
  proxyMaxMessagesPerSecond: 40,
} as const;
let backend: Backend | undefined;
let client: WsProbe | undefined;
let dir: string | undefined;

afterEach(async () => {
  client?.terminate();
  await backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  backend = client = dir = undefined;
});

async function limitsOf(b: Backend): Promise<ProxyLimits> {
  const rest = createRestClient({
    baseUrl: b.proxy.httpUrl,
    auth: () => b.proxy.issueToken('limits-test'),
    retries: 0,
  });
  try {
    return ((await rest.get('/_proxy/status')).body as { limits: ProxyLimits }).limits;
  } finally {
    await rest.close();
  }
}

describe('the embedded proxy and the proxy limit settings', () => {
  it('maps every limit from its setting, and the settings default to the proxy defaults', () => {
    expect(limitsFromSettings(DEFAULTS)).toEqual(DEFAULT_LIMITS);
    expect(limitsFromSettings({ proxyMaxFrameBytes: 1_024 })).toEqual({ maxFrameBytes: 1_024 });
  });

  it('applies the proxy* settings to the proxy started inside the process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'massive-embedded-limits-'));
    backend = await startBackend({
      demo: true,
      env: { MASSIVE_CONFIG_DIR: dir },
      settings,
      logger: silentLogger,
      useDaemon: false,
    });
    expect(backend.shared).toBe(false);
    expect(await limitsOf(backend)).toEqual({
      ...DEFAULT_LIMITS,
      maxSubscriptionsPerClient: 2,
      maxMessagesPerSecond: 40,
    });
    client = await openWs(`${backend.proxy.wsUrl}/stocks`);
    client.auth(backend.proxy.issueToken('script'), 'T.AAPL,T.MSFT,T.NVDA');
    const refusal = await client.waitFor((e) => e.ev === 'status' && e.status === 'max_subscriptions');
    expect(String(refusal.message)).toBe(
      'refused 1 topics: client script may hold 2 subscriptions (proxyMaxSubscriptionsPerClient)',
    );
  });
});
