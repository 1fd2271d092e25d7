/** The market store's interfaces (store.ts implements them). */
import type { Clock } from '../lib/clock.js';
import type { ConditionTables } from '../massive/conditions.js';
import type { Cluster, DataEvent } from '../massive/events.js';
import type { Bar } from '../massive/rest-models.js';
import type { AlertFiring } from '../market/alerts.js';
import type { ContractInfo } from '../market/flow/aggregator.js';
import type { FlowPrint, LiquidityWarning } from '../market/types.js';
import type { AnalyticsOptions } from './analytics.js';
import type { QuoteSeed } from './quote-reducer.js';
import type { FeedInfo, MarketSnapshot, Source, StatusInfo } from './types.js';

/** What the UI and the NDJSON writer read: fit for React's useSyncExternalStore. */
export interface MarketStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): MarketSnapshot;
}

/** Discrete events that must never be coalesced away (each becomes its own NDJSON line). */
export type StoreEvent =
  | { readonly type: 'flow'; readonly print: FlowPrint }
  | { readonly type: 'alert'; readonly alert: AlertFiring }
  | { readonly type: 'liquidity'; readonly warning: LiquidityWarning };

export interface MarketStoreOptions {
  /** Watchlist symbols, in the user's order. */
  readonly symbols: readonly string[];
  /** Index tickers shown in the bias panel. @default ['I:SPX', 'I:VIX'] */
  readonly indices?: readonly string[];
  readonly demo: boolean;
  /**
   * At most one snapshot is published per frame of this many ms; 0 publishes after every
   * change (NDJSON consumers that want every event). @default 100
   */
  readonly frameMs?: number;
  readonly clock?: Clock;
  /** Flow thresholds, tape size and alert rules. */
  readonly analytics?: Omit<AnalyticsOptions, 'symbols'>;
  /** How often pending flow windows are closed, ms. @default 250 */
  readonly flowFlushMs?: number;
  /** Trade-condition rules deciding which prints move Last. @default DEFAULT_CONDITION_TABLES */
  readonly conditions?: ConditionTables;
}

export interface WritableMarketStore extends MarketStore {
  apply(event: DataEvent, source: Source): void;
  seed(symbol: string, seed: QuoteSeed, source: Source): void;
  /** Seeds a symbol's indicators from REST minute bars. */
  seedBars(symbol: string, bars: readonly Bar[]): void;
  /** The minute bars held for a symbol (for the on-disk bar cache). */
  bars(symbol: string): readonly Bar[];
  /** Open interest, IV and day volume of an option contract, from the chain snapshot. */
  setContractInfo(contract: string, info: ContractInfo): void;
  /** Replaces the trade-condition rules (once Massive's reference endpoint has answered). */
  setConditions(tables: ConditionTables): void;
  setStale(symbol: string, stale: boolean): void;
  setStatus(patch: Partial<StatusInfo>): void;
  /**
   * What each asset class in use delivers under the key's plan: the status line's `feeds`, and
   * `delayed` on the rows of delayed or end-of-day classes.
   */
  setFeeds(feeds: Readonly<Partial<Record<Cluster, FeedInfo>>>): void;
  /**
   * Replaces the watchlist (its order too) while running: new symbols get an empty row and an
   * indicator engine, removed ones lose their row. Index tickers keep theirs.
   */
  setSymbols(symbols: readonly string[]): void;
  /** Why a symbol has no data (undefined clears it); data arriving for it clears it too. */
  setUnavailable(symbol: string, reason: string | undefined): void;
  /** Every flow print, alert and liquidity warning as it happens, never coalesced. */
  subscribeEvents(listener: (event: StoreEvent) => void): () => void;
  /** Publishes pending changes now (used at shutdown and by tests). */
  flush(): void;
  /** Cancels the pending timers; no listener fires afterwards. */
  close(): void;
}
