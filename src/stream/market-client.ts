import type { SubscriptionManagerOptions } from './manager-types.js';
import { interestFor } from './interests.js';
import { createSubscriptionManager, type SubscriptionManager } from './manager.js';

export { overall } from './health.js';

/** The subscription manager's options, plus the symbols the client starts with. */
export interface MarketClientOptions extends SubscriptionManagerOptions {
  /** Watchlist plus index tickers (and option contracts) to follow. */
  readonly symbols: readonly string[];
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
