/**
 * Rig for the subscription-manager integration tests: simulator (pinned market time) → proxy →
 * client → store, with a client clock that shows the simulator's market time and counts its
 * pending timers, so tests can prove that nothing is left behind.
 */
import { systemClock, type Clock, type TimerHandle } from '../../src/lib/clock.js';
import { quotaForPlan, startProxy, type Proxy } from '../../src/proxy/index.js';
import { createRestClient, type RestClient } from '../../src/rest/index.js';
import { startSimulator, type PlanName, type Simulator } from '../../src/sim/index.js';
import { createMarketStore, type WritableMarketStore } from '../../src/store/store.js';
import { createMarketClient, type MarketClient } from '../../src/stream/market-client.js';

/** Tuesday 2026-03-10 11:00 New York: regular hours. */
export const REGULAR = Date.parse('2026-03-10T15:00:00Z');
/** Saturday 2026-03-07 12:00 New York: closed. */
export const WEEKEND = Date.parse('2026-03-07T17:00:00Z');

export interface CountingClock extends Clock {
  readonly pending: number;
}

/** Real timers, but `now()` runs from `startMs` (market time) and pending timers are counted. */
export function marketClock(startMs: number): CountingClock {
  const offset = startMs - Date.now();
  const live = new Set<number>();
  return {
    now: () => Date.now() + offset,
    setTimeout(fn, ms): TimerHandle {
      const handle = systemClock.setTimeout(() => {
        live.delete(handle.id);
        fn();
      }, ms);
      live.add(handle.id);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle.id);
      systemClock.clearTimeout(handle);
    },
    get pending() {
      return live.size;
    },
  };
}

export interface Rig {
  readonly sim: Simulator;
  readonly proxy: Proxy;
  readonly rest: RestClient;
  readonly store: WritableMarketStore;
  readonly client: MarketClient;
  readonly clock: CountingClock;
  close(): Promise<void>;
}

export interface RigOptions {
  readonly at: number;
  readonly plan?: PlanName;
  readonly symbols?: readonly string[];
  readonly stallAfterMs?: number;
}

const KEY = 'stream-rig-key';

export async function startRig(o: RigOptions): Promise<Rig> {
  const plan = o.plan ?? 'advanced';
  const sim = await startSimulator({ keys: { [KEY]: plan }, seed: 5, tickMs: 50, at: o.at });
  const proxy = await startProxy({
    apiKey: KEY,
    apiBase: sim.httpUrl,
    wsBase: sim.wsUrl,
    reconnect: { baseMs: 100, capMs: 300 },
    ...(plan === 'free' ? { quota: quotaForPlan('free') } : {}),
  });
  const symbols = o.symbols ?? ['SPY', 'QQQ'];
  const clock = marketClock(o.at);
  const store = createMarketStore({ symbols, demo: true, frameMs: 20 });
  const rest = createRestClient({ baseUrl: proxy.httpUrl, auth: () => proxy.issueToken('test') });
  const client = createMarketClient({
    wsBase: proxy.wsUrl,
    rest,
    getToken: () => proxy.issueToken('test'),
    store,
    symbols: [...symbols, 'I:SPX', 'I:VIX'],
    clock,
    checkEveryMs: 200,
    connection: { backoff: { baseMs: 100, capMs: 300 } },
    ...(o.stallAfterMs !== undefined ? { stallAfterMs: o.stallAfterMs } : {}),
  });
  return {
    sim,
    proxy,
    rest,
    store,
    client,
    clock,
    async close() {
      client.close();
      store.close();
      await rest.close();
      await proxy.close();
      await sim.close();
    },
  };
}
