import { randomBytes } from 'node:crypto';
import type { Logger } from '../lib/logger.js';
import { registerSecret } from '../lib/redact.js';
import { quotaForPlan, startProxy, type Proxy } from '../proxy/index.js';
import { readApiKey } from '../proxy/key.js';
import type { Settings } from '../config/index.js';
import type { Simulator } from '../sim/index.js';

export const DEFAULT_API_BASE = 'https://api.massive.com';
export const DEFAULT_WS_BASE = 'wss://socket.massive.com';

export interface Backend {
  readonly proxy: Proxy;
  readonly demo: boolean;
  close(): Promise<void>;
}

export interface BackendOptions {
  readonly demo: boolean;
  readonly seed?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly settings: Pick<Settings, 'plan' | 'restRatePerSec'>;
  readonly logger: Logger;
}

/**
 * Starts the in-process proxy, in front of the embedded simulator (`--demo`) or of Massive
 * (`MASSIVE_API_BASE`/`MASSIVE_WS_BASE` override the hosts). The key is read here and handed only
 * to the proxy; the client side only ever sees tokens.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const env = options.env ?? process.env;
  let sim: Simulator | undefined;
  let apiKey: string;
  let apiBase: string;
  let wsBase: string;
  if (options.demo) {
    // A fresh random key per run: nothing real, and nothing anyone could reuse.
    apiKey = `demo-${randomBytes(12).toString('hex')}`;
    const { startSimulator } = await import('../sim/index.js');
    sim = await startSimulator({ keys: { [apiKey]: 'advanced' }, seed: options.seed ?? 7, logger: options.logger.child('sim') });
    apiBase = sim.httpUrl;
    wsBase = sim.wsUrl;
  } else {
    apiKey = readApiKey(env);
    apiBase = env.MASSIVE_API_BASE?.trim() || DEFAULT_API_BASE;
    wsBase = env.MASSIVE_WS_BASE?.trim() || DEFAULT_WS_BASE;
  }
  registerSecret(apiKey);
  let proxy: Proxy;
  try {
    // The demo simulator serves an 'advanced' key, so the plan's quota only applies upstream of Massive.
    const quota = options.demo ? undefined : quotaForPlan(options.settings.plan, options.settings.restRatePerSec);
    proxy = await startProxy({ apiKey, apiBase, wsBase, ...(quota ? { quota } : {}), logger: options.logger.child('proxy') });
  } catch (error) {
    await sim?.close();
    throw error;
  }
  return {
    proxy,
    demo: options.demo,
    async close() {
      await proxy.close();
      await sim?.close();
    },
  };
}
