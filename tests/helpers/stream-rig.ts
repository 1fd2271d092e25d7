/**
 * The one client rig: REST client, store and market client against a backend (the proxy in front
 * of the simulator, or the fake entitlement proxy), on the market clock (./market-clock.ts), so
 * tests can prove what the client subscribes, fetches and leaves behind. `streamRig()` registers
 * the `afterEach` that closes everything a case started (client first, simulator last).
 */
import { afterEach } from 'vitest';
import { quotaForPlan, type ProxyOptions } from '../../src/proxy/index.js';
import { createRestClient, type RestClient } from '../../src/rest/index.js';
import type { PlanName, SimOptions, Simulator } from '../../src/sim/index.js';
import { createMarketStore, type WritableMarketStore } from '../../src/store/store.js';
import { createMarketClient, type MarketClient } from '../../src/stream/market-client.js';
import { marketClock, type MarketClock } from './market-clock.js';
import { proxyRig, type ProxyUnderTest } from './proxy-rig.js';

/** Tuesday 2026-03-10 11:00 New York: regular hours. */
export const REGULAR = Date.parse('2026-03-10T15:00:00Z');
/** Saturday 2026-03-07 12:00 New York: closed. */
export const WEEKEND = Date.parse('2026-03-07T17:00:00Z');

/** Where the client connects, and the token that backend accepts. */
export interface Backend {
  readonly httpUrl: string;
  readonly wsUrl: string;
  token(): string;
}

export interface ClientOptions {
  /** Market time the clock starts at. */
  readonly at: number;
  /** Watched stocks; I:SPX and I:VIX are always added. @default ['SPY', 'QQQ'] */
  readonly symbols?: readonly string[];
  /** @default true */
  readonly demo?: boolean;
  /** @default 20 */
  readonly frameMs?: number;
  /** @default 200 */
  readonly checkEveryMs?: number;
  readonly stallAfterMs?: number;
  /** REST retries; the client's default when absent. */
  readonly retries?: number;
}

export interface ClientRig {
  readonly rest: RestClient;
  readonly store: WritableMarketStore;
  /** Not started: a test may subscribe first, then `client.start()`. */
  readonly client: MarketClient;
  readonly clock: MarketClock;
}

export interface SimRigOptions extends ClientOptions {
  /** The key's plan at the simulator. @default 'advanced' */
  readonly plan?: PlanName;
  readonly sim?: Partial<SimOptions>;
  readonly proxy?: Partial<ProxyOptions>;
}

/** Simulator → proxy → client → store. */
export interface Rig extends ClientRig {
  readonly sim: Simulator;
  readonly proxy: ProxyUnderTest;
}

export interface StreamRig {
  /** The client half against any backend. */
  client(backend: Backend, o: ClientOptions): ClientRig;
  /** The simulator (pinned to `at`) behind a proxy, and the client in front. */
  simulated(o: SimRigOptions): Promise<Rig>;
}

const KEY = 'stream-rig-key';

export function streamRig(): StreamRig {
  const proxies = proxyRig(KEY);
  const clients: ClientRig[] = [];
  // Registered after proxyRig's, so it runs first: the client goes before its proxy.
  afterEach(async () => {
    for (const c of clients.splice(0)) {
      c.client.close();
      c.store.close();
      await c.rest.close();
    }
  });

  function client(backend: Backend, o: ClientOptions): ClientRig {
    const symbols = o.symbols ?? ['SPY', 'QQQ'];
    const clock = marketClock(o.at);
    const store = createMarketStore({ symbols, demo: o.demo ?? true, frameMs: o.frameMs ?? 20, clock });
    const rest = createRestClient({
      baseUrl: backend.httpUrl,
      auth: () => backend.token(),
      ...(o.retries !== undefined ? { retries: o.retries } : {}),
    });
    const market = createMarketClient({
      wsBase: backend.wsUrl,
      rest,
      getToken: () => backend.token(),
      store,
      symbols: [...symbols, 'I:SPX', 'I:VIX'],
      clock,
      checkEveryMs: o.checkEveryMs ?? 200,
      connection: { backoff: { baseMs: 100, capMs: 300 } },
      ...(o.stallAfterMs !== undefined ? { stallAfterMs: o.stallAfterMs } : {}),
    });
    const rig = { rest, store, client: market, clock };
    clients.push(rig);
    return rig;
  }

  return {
    client,
    async simulated(o) {
      const plan = o.plan ?? 'advanced';
      const sim = await proxies.simulator({ keys: { [KEY]: plan }, seed: 5, tickMs: 50, speed: 1, at: o.at, ...o.sim });
      const proxy = await proxies.proxy(sim, {
        reconnect: { baseMs: 100, capMs: 300 },
        ...(plan === 'free' ? { quota: quotaForPlan('free') } : {}),
        ...o.proxy,
      });
      const backend = { httpUrl: proxy.httpUrl, wsUrl: proxy.wsUrl, token: () => proxy.issueToken('test') };
      return { sim, proxy, ...client(backend, o) };
    },
  };
}
