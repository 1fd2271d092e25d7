import { randomBytes } from 'node:crypto';
import type { Logger } from '../lib/logger.js';
import { MassiveError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { startProxy, type Proxy } from '../proxy/index.js';
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
    const key = env.MASSIVE_API_KEY?.trim();
    if (!key) {
      throw new MassiveError(
        'NO_API_KEY',
        'no API key: set MASSIVE_API_KEY (or run `massive config set apiKey`), or try the simulator with --demo',
      );
    }
    apiKey = key;
    apiBase = env.MASSIVE_API_BASE?.trim() || DEFAULT_API_BASE;
    wsBase = env.MASSIVE_WS_BASE?.trim() || DEFAULT_WS_BASE;
  }
  registerSecret(apiKey);
  let proxy: Proxy;
  try {
    proxy = await startProxy({ apiKey, apiBase, wsBase, logger: options.logger.child('proxy') });
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
