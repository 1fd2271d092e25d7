import { randomBytes } from 'node:crypto';
import type { Logger } from '../lib/logger.js';
import { registerSecret } from '../lib/redact.js';
import { findDaemon, quotaForPlan, sameUpstream, startProxy, type FlowMode, type Proxy, type ProxyOptions } from '../proxy/index.js';
import { readApiKey } from '../proxy/key.js';
import { configDir, type Settings } from '../config/index.js';
import type { Simulator } from '../sim/index.js';

export const DEFAULT_API_BASE = 'https://api.massive.com';
export const DEFAULT_WS_BASE = 'wss://socket.massive.com';
/** The 15-minute delayed feed speaks the same protocol on another host (massive-api.md §1.1). */
export const DELAYED_WS_BASE = 'wss://delayed.massive.com';

/** What a client needs of a proxy: where it is and a token for it. Never the key. */
export interface ProxyEndpoint {
  readonly httpUrl: string;
  readonly wsUrl: string;
  issueToken(clientId?: string, ttlMs?: number): string;
}

export interface Backend {
  readonly proxy: ProxyEndpoint;
  readonly demo: boolean;
  /** True when a running `massive proxy` daemon serves this process (close() leaves it running). */
  readonly shared: boolean;
  close(): Promise<void>;
}

export interface BackendOptions {
  readonly demo: boolean;
  readonly seed?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly settings: Pick<Settings, 'plan' | 'restRatePerSec'> & Partial<Pick<Settings, 'flowMode' | 'feed'>>;
  readonly logger: Logger;
  /** Look for a `massive proxy` daemon first. @default true */
  readonly useDaemon?: boolean;
}

/** Where the proxy's upstream is: Massive (or MASSIVE_*_BASE), or a fresh embedded simulator. */
export interface UpstreamTarget {
  readonly apiKey: string;
  readonly apiBase: string;
  readonly wsBase: string;
  readonly sim?: Simulator;
}

/** The upstream bases a non-demo proxy uses: MASSIVE_*_BASE, else Massive's real-time or delayed hosts. */
export function upstreamBases(env: NodeJS.ProcessEnv, feed: Settings['feed'] = 'realtime'): { readonly apiBase: string; readonly wsBase: string } {
  return {
    apiBase: env.MASSIVE_API_BASE?.trim() || DEFAULT_API_BASE,
    wsBase: env.MASSIVE_WS_BASE?.trim() || (feed === 'delayed' ? DELAYED_WS_BASE : DEFAULT_WS_BASE),
  };
}

/**
 * Reads the key (the one place outside the proxy module that asks for it, and only to hand it
 * to the proxy) or starts the simulator with a throwaway key for `--demo`.
 */
export async function openUpstream(demo: boolean, env: NodeJS.ProcessEnv, seed: number, logger: Logger, feed: Settings['feed'] = 'realtime'): Promise<UpstreamTarget> {
  if (!demo) {
    const apiKey = readApiKey(env);
    return { apiKey, ...upstreamBases(env, feed) };
  }
  // A fresh random key per run: nothing real, and nothing anyone could reuse.
  const apiKey = `demo-${randomBytes(12).toString('hex')}`;
  registerSecret(apiKey);
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({ keys: { [apiKey]: 'advanced' }, seed, logger: logger.child('sim') });
  return { apiKey, apiBase: sim.httpUrl, wsBase: sim.wsUrl, sim };
}

/** Starts a proxy in front of `target`; the simulator is closed if the proxy cannot start. */
export async function startProxyFor(
  target: UpstreamTarget,
  demo: boolean,
  settings: BackendOptions['settings'],
  logger: Logger,
  extra: Partial<ProxyOptions> = {},
): Promise<Proxy> {
  try {
    // The demo simulator serves an 'advanced' key, so the plan's quota only applies upstream of Massive.
    const quota = demo ? undefined : quotaForPlan(settings.plan, settings.restRatePerSec);
    const flow: FlowMode | undefined = settings.flowMode;
    return await startProxy({
      apiKey: target.apiKey,
      apiBase: target.apiBase,
      wsBase: target.wsBase,
      ...(quota ? { quota } : {}),
      ...(flow ? { flow } : {}),
      logger: logger.child('proxy'),
      ...extra,
    });
  } catch (error) {
    await target.sim?.close();
    throw error;
  }
}

/**
 * The proxy `watch` talks to: a running `massive proxy` daemon when there is one serving the same
 * kind of upstream (demo with demo, the same Massive bases otherwise: a demo screen must never
 * show real data or the reverse), else one started inside this process. Either way the client
 * only sees a URL and tokens.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const env = options.env ?? process.env;
  if (options.useDaemon !== false) {
    const found = await findDaemon(configDir(env));
    if (found) {
      const bases = upstreamBases(env, options.settings.feed);
      const matches = found.info.demo === options.demo && (options.demo || sameUpstream(found.info, bases.apiBase, bases.wsBase));
      if (matches) {
        options.logger.info('using the running massive proxy', { httpUrl: found.info.httpUrl, pid: found.info.pid });
        return {
          proxy: { httpUrl: found.info.httpUrl, wsUrl: found.info.wsUrl, issueToken: (id, ttl) => found.tokens.issue(id, ttl) },
          demo: options.demo,
          shared: true,
          // The daemon serves others too: leaving is all this process does.
          close: async () => {},
        };
      }
      options.logger.warn('a massive proxy is running but serves another upstream; starting a private one', {
        daemonDemo: found.info.demo,
        demo: options.demo,
      });
    }
  }
  const target = await openUpstream(options.demo, env, options.seed ?? 7, options.logger, options.settings.feed);
  const proxy = await startProxyFor(target, options.demo, options.settings, options.logger);
  return {
    proxy: { httpUrl: proxy.httpUrl, wsUrl: proxy.wsUrl, issueToken: (id, ttl) => proxy.issueToken(id, ttl) },
    demo: options.demo,
    shared: false,
    async close() {
      await proxy.close();
      await target.sim?.close();
    },
  };
}
