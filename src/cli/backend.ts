import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '../lib/logger.js';
import { registerSecret } from '../lib/redact.js';
import {
  findDaemon,
  quotaForPlan,
  startProxy,
  type FlowMode,
  type Proxy as ProxyHandle,
  type ProxyOptions,
} from '../proxy/index.js';
import { readApiKey } from '../proxy/key.js';
import { configDir, type PlanSetting, type Settings } from '../config/index.js';
import { entitlementCachePath } from '../proxy/entitlement-cache.js';
import type { Cluster } from '../massive/events.js';
import type { Simulator } from '../sim/index.js';
import { isMassiveError, MassiveError } from '../lib/errors.js';
import { daemonMismatch, type DaemonMismatch } from './doctor-daemon.js';
import { limitsFromSettings, type ProxyLimitSettings } from './proxy-limits.js';

export const DEFAULT_API_BASE = 'https://api.massive.com';
export const DEFAULT_WS_BASE = 'wss://socket.massive.com';
/** The 15-minute delayed feed speaks the same protocol on another host (docs/entitlements.md). */
export const DELAYED_WS_BASE = 'wss://delayed.massive.com';

/** The settings the backend reads (the proxy's, whether it runs inside this process or as the daemon). */
export type BackendSettings = Pick<Settings, 'restRatePerSec' | 'plans.stocks' | 'plans.options' | 'plans.indices'> &
  Partial<Pick<Settings, 'flowMode'>> &
  ProxyLimitSettings;

/** The per-asset-class plan settings as the proxy takes them. */
export function planSettings(s: BackendSettings): Record<Cluster, PlanSetting> {
  return { stocks: s['plans.stocks'], options: s['plans.options'], indices: s['plans.indices'] };
}

/** REST quota: 5 a minute when every asset class is set to Basic or none, else the paid rate. */
export function quotaFor(s: BackendSettings) {
  const free = Object.values(planSettings(s)).every((p) => p === 'basic' || p === 'none');
  return quotaForPlan(free ? 'free' : 'advanced', s.restRatePerSec);
}

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
  readonly settings: BackendSettings;
  readonly logger: Logger;
  /** Look for a `massive proxy` daemon first. @default true */
  readonly useDaemon?: boolean;
}

/** Where the proxy's upstream is: Massive (or MASSIVE_*_BASE), or a fresh embedded simulator. */
export interface UpstreamTarget {
  readonly apiKey: string;
  readonly apiBase: string;
  readonly wsBase: string;
  readonly wsDelayedBase: string;
  readonly sim?: Simulator;
}

/**
 * The upstream bases a non-demo proxy uses: MASSIVE_API_BASE, MASSIVE_WS_BASE (real-time) and
 * MASSIVE_WS_DELAYED_BASE (15-minute delayed), else Massive's own hosts. The proxy picks the host
 * per asset class from what the key has.
 */
export function upstreamBases(env: NodeJS.ProcessEnv): {
  readonly apiBase: string;
  readonly wsBase: string;
  readonly wsDelayedBase: string;
} {
  const wsBase = env.MASSIVE_WS_BASE?.trim() || DEFAULT_WS_BASE;
  return {
    apiBase: env.MASSIVE_API_BASE?.trim() || DEFAULT_API_BASE,
    wsBase,
    wsDelayedBase: env.MASSIVE_WS_DELAYED_BASE?.trim() || delayedBaseFor(wsBase),
  };
}

/**
 * The delayed host that goes with a real-time base when only that one is set: Massive's naming
 * (`socket.` → `delayed.`, also for the old polygon.io hosts), else the simulator's layout
 * (`<base>/delayed`), so pointing MASSIVE_WS_BASE at a simulator is enough for a delayed key.
 */
export function delayedBaseFor(wsBase: string): string {
  if (wsBase === DEFAULT_WS_BASE) return DELAYED_WS_BASE;
  try {
    const u = new URL(wsBase);
    if (u.hostname.startsWith('socket.')) {
      u.hostname = `delayed.${u.hostname.slice('socket.'.length)}`;
      return u.toString().replace(/\/+$/, '');
    }
  } catch {
    // Not a URL: the proxy reports the connect failure; keep the simulator layout.
  }
  return `${wsBase.replace(/\/+$/, '')}/delayed`;
}

/**
 * Reads the key (the one place outside the proxy module that asks for it, and only to hand it
 * to the proxy) or starts the simulator with a throwaway key for `--demo`.
 */
export async function openUpstream(
  demo: boolean,
  env: NodeJS.ProcessEnv,
  seed: number,
  logger: Logger,
): Promise<UpstreamTarget> {
  if (!demo) {
    const apiKey = readApiKey(env);
    return { apiKey, ...upstreamBases(env) };
  }
  // A fresh random key per run: nothing real, and nothing anyone could reuse.
  const apiKey = `demo-${randomBytes(12).toString('hex')}`;
  registerSecret(apiKey);
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({ keys: { [apiKey]: 'advanced' }, seed, logger: logger.child('sim') });
  return { apiKey, apiBase: sim.httpUrl, wsBase: sim.wsUrl, wsDelayedBase: `${sim.wsUrl}/delayed`, sim };
}

/** Starts a proxy in front of `target`; the simulator is closed if the proxy cannot start. */
export async function startProxyFor(
  target: UpstreamTarget,
  demo: boolean,
  settings: BackendSettings,
  logger: Logger,
  extra: Partial<ProxyOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProxyHandle> {
  try {
    // The demo simulator serves an all-Advanced key: plan settings and the quota are Massive's.
    const quota = demo ? undefined : quotaFor(settings);
    const flow: FlowMode | undefined = settings.flowMode;
    return await startProxy({
      apiKey: target.apiKey,
      apiBase: target.apiBase,
      wsBase: target.wsBase,
      wsDelayedBase: target.wsDelayedBase,
      ...(demo
        ? {}
        : {
            plans: planSettings(settings),
            entitlementCachePath: entitlementCachePath(join(configDir(env), 'cache'), target.apiKey),
          }),
      ...(quota ? { quota } : {}),
      ...(flow ? { flow } : {}),
      limits: limitsFromSettings(settings),
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
  let mismatch: DaemonMismatch | undefined;
  if (options.useDaemon !== false) {
    const found = await findDaemon(configDir(env));
    if (found) {
      const bases = upstreamBases(env);
      mismatch = daemonMismatch(found.info, { demo: options.demo, ...bases });
      if (!mismatch) {
        options.logger.info('using the running massive proxy', { httpUrl: found.info.httpUrl, pid: found.info.pid });
        return {
          proxy: {
            httpUrl: found.info.httpUrl,
            wsUrl: found.info.wsUrl,
            issueToken: (id, ttl) => found.tokens.issue(id, ttl),
          },
          demo: options.demo,
          shared: true,
          // The daemon serves others too: leaving is all this process does.
          close: async () => {},
        };
      }
      options.logger.warn(`${mismatch.found}; starting a private one`, {
        daemonDemo: found.info.demo,
        demo: options.demo,
      });
    }
  }
  const target = await openUpstream(options.demo, env, options.seed ?? 7, options.logger).catch((error: unknown) => {
    // Without a key, the daemon that is running is the likely intent: say what it is and how to reach it.
    if (mismatch && isMassiveError(error, 'NO_API_KEY'))
      throw new MassiveError('NO_API_KEY', `no API key here, but ${mismatch.message}`);
    throw error;
  });
  const proxy = await startProxyFor(target, options.demo, options.settings, options.logger, {}, env);
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
