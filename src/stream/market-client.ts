import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ConnectionTuning } from './connection.js';
import type { Bar } from '../massive/rest-models.js';
import type { RestClient } from '../rest/index.js';
import type { WritableMarketStore } from '../store/store.js';
import type { QuotaInfo } from './budget.js';
import { interestFor } from './interests.js';
import { createSubscriptionManager, type SubscriptionManager } from './manager.js';

export { overall } from './health.js';

export interface MarketClientOptions {
  /** ws://host:port of the proxy; cluster paths are appended. */
  readonly wsBase: string;
  readonly rest: Pick<RestClient, 'get'>;
  readonly getToken: () => string | Promise<string>;
  readonly store: WritableMarketStore;
  /** Watchlist plus index tickers (and option contracts) to follow. */
  readonly symbols: readonly string[];
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Connection tuning, mostly for tests. */
  readonly connection?: ConnectionTuning;
  /** A live cluster silent this long during a session counts as stalled. @default 10 s regular, 2 min extended */
  readonly stallAfterMs?: number;
  /** Health check period while a session is open. @default 1_000 */
  readonly checkEveryMs?: number;
  /** The account's REST quota; read from the proxy when absent. */
  readonly quota?: QuotaInfo;
  /** Minute bars that fill an outage after a reconnect. */
  readonly onBars?: (symbol: string, bars: readonly Bar[]) => void;
}

/** What `watch` holds: the subscription manager, with the watchlist's interests already taken. */
export type MarketClient = SubscriptionManager;

/**
 * The client: the subscription manager (streams first, REST fallback, backfill) with one interest
 * per starting symbol: quotes for stocks, values for indices, flow for option contracts.
 */
export function createMarketClient(options: MarketClientOptions): MarketClient {
  const { symbols, ...rest } = options;
  const manager = createSubscriptionManager(rest);
  for (const symbol of symbols) {
    const interest = interestFor(symbol);
    if (interest) manager.subscribe(interest);
  }
  return {
    start: () => manager.start(),
    subscribe: (interest) => manager.subscribe(interest),
    stats: () => manager.stats(),
    restSlot: (signal) => manager.restSlot(signal),
    close: () => manager.close(),
  };
}
