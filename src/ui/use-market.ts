import { useSyncExternalStore } from 'react';
import type { MarketStore } from '../store/store.js';
import type { MarketSnapshot } from '../store/types.js';

/**
 * The latest published snapshot. The store publishes at most once per frame and each snapshot is
 * a new immutable object, which is exactly the contract useSyncExternalStore needs: no tearing,
 * and one render per published frame however fast the feed is.
 */
export function useMarket(store: MarketStore): MarketSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
