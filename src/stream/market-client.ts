import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import type { Cluster, DataEvent } from '../massive/events.js';
import { classifySymbol } from '../massive/symbology.js';
import type { RestClient } from '../rest/index.js';
import type { WritableMarketStore } from '../store/store.js';
import type { ConnectionState } from '../store/types.js';
import { StreamConnection, type StreamState } from './connection.js';
import { seedFromRest } from './seed.js';
import { topicsFor } from './topics.js';

export interface MarketClientOptions {
  /** ws://host:port of the proxy; cluster paths are appended. */
  readonly wsBase: string;
  readonly rest: RestClient;
  readonly getToken: () => string | Promise<string>;
  readonly store: WritableMarketStore;
  /** Watchlist plus index tickers to follow. */
  readonly symbols: readonly string[];
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Connection tuning, mostly for tests. */
  readonly connection?: { readonly pingMs?: number; readonly deadAfterMs?: number; readonly backoff?: { readonly baseMs?: number; readonly capMs?: number } };
}

export interface MarketClient {
  start(): Promise<void>;
  close(): void;
}

/**
 * The client side of the walking skeleton: one stream connection per cluster that has symbols,
 * seeded once from REST snapshots. (The full subscription manager with REST fallback grows here.)
 */
export function createMarketClient(options: MarketClientOptions): MarketClient {
  const log = (options.logger ?? silentLogger).child('client');
  const clock = options.clock ?? systemClock;
  const { store } = options;
  const byCluster = new Map<Cluster, string[]>();
  for (const symbol of options.symbols) {
    const cluster = classifySymbol(symbol);
    if (!cluster) continue;
    const list = byCluster.get(cluster) ?? [];
    list.push(symbol);
    byCluster.set(cluster, list);
  }
  const states = new Map<Cluster, StreamState>();
  const connections: StreamConnection[] = [];
  const abort = new AbortController();

  const onState = (cluster: Cluster, state: StreamState, detail?: string) => {
    states.set(cluster, state);
    store.setStatus({ connection: overall([...states.values()]), message: detail });
  };
  const onEvents = (events: readonly DataEvent[]) => {
    for (const event of events) store.apply(event, 'ws');
  };

  return {
    async start() {
      for (const [cluster, symbols] of byCluster) {
        states.set(cluster, 'connecting');
        const conn = new StreamConnection({
          url: `${options.wsBase}/${cluster}`,
          cluster,
          getToken: options.getToken,
          onEvents,
          onState: (s, d) => onState(cluster, s, d),
          onIssues: (issues) => log.warn('malformed frame elements skipped', { count: issues.length, first: issues[0]?.reason }),
          clock,
          logger: log,
          ...options.connection,
        });
        conn.setTopics(topicsFor(cluster, symbols));
        connections.push(conn);
        conn.start();
      }
      try {
        await seedFromRest(options.rest, options.symbols, store, abort.signal);
      } catch (error) {
        if (!abort.signal.aborted) log.warn('REST seed failed', { message: (error as Error).message });
      }
    },
    close() {
      abort.abort();
      for (const conn of connections) conn.close();
    },
  };
}

/** One state for the status line: the worst of the clusters. */
export function overall(states: readonly StreamState[]): ConnectionState {
  if (states.includes('auth_failed')) return 'auth_failed';
  if (states.includes('reconnecting')) return 'reconnecting';
  if (states.includes('connecting')) return 'connecting';
  if (states.length > 0 && states.every((s) => s === 'live')) return 'live';
  return 'offline';
}
