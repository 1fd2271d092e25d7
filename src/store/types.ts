import type { Feed, Recency } from '../massive/entitlements.js';
import type { Cluster } from '../massive/events.js';
import type { Bar, StockSnapshot } from '../massive/rest-models.js';
import type { BiasReading, FlowPrint, FlowSummary, IndicatorValues, LiquidityWarning } from '../market/types.js';

/**
 * The immutable market state the UI and the NDJSON writer read. Produced by the store's reducers;
 * a new object (with structural sharing) is published at most once per frame.
 */
export type Source = 'ws' | 'rest';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline' | 'auth_failed';

/**
 * A row's prices are named, typed and measured as a REST snapshot carries them (rows are seeded
 * from snapshots); `prevClose` is the base of `change`.
 */
type SnapshotPrices = Pick<StockSnapshot, 'prevClose' | 'change' | 'changePct' | 'bid' | 'ask' | 'volume' | 'vwap'>;

export interface QuoteRow extends SnapshotPrices {
  readonly symbol: string;
  /** Last trade price, or index value, from whichever source moved it last. */
  readonly price: number | undefined;
  readonly source: Source | undefined;
  /** Market time (ms) of the last update applied to this row. */
  readonly asOf: number | undefined;
  /**
   * Market time (ms) of what set `price` (a trade, an index value, a bar close or a snapshot):
   * the trade clock. A trade older than it never rewinds Last, whatever the quotes did.
   */
  readonly tradeAt?: number;
  /** Market time (ms) of the NBBO behind `bid`/`ask` (the quote clock). A bid of 0 means no bid. */
  readonly quoteAt?: number;
  /**
   * Wall-clock time (ms) the last update was applied. Age and staleness are measured from it:
   * market time can run behind the wall clock (a delayed feed, or the simulator replaying the
   * last session at night), and the trader wants to know how long ago the row last moved.
   */
  readonly receivedAt?: number;
  /**
   * Outside regular hours, the extended-session move: pre-market against the previous close,
   * after hours against the last regular-session price. Undefined during regular hours.
   */
  readonly extChange?: number;
  readonly extChangePct?: number;
  readonly stale: boolean;
  /**
   * The row's asset class is delayed (15 minutes) or end-of-day in the key's plan: its prices are
   * old by design, which the screen and NDJSON say rather than pass them off as live.
   */
  readonly delayed?: boolean;
  /** Why the row has no data, when it cannot have any (e.g. "indices not in your plan"). */
  readonly unavailable?: string;
}

/** How one asset class reaches the client, and how old its data is. */
export interface FeedInfo {
  readonly feed: Feed;
  readonly recency: Recency;
}

export interface StatusInfo {
  readonly connection: ConnectionState;
  readonly demo: boolean;
  /** Human text for the status line: why we are reconnecting, an error, etc. */
  readonly message: string | undefined;
  readonly quota?: { readonly used: number; readonly limit: number; readonly windowMs: number };
  /** The US equity session now; outside `regular` the UI says changes include extended hours. */
  readonly session?: 'pre' | 'regular' | 'post' | 'closed';
  /** Wall-clock ms of the next reconnect attempt, for a live countdown while reconnecting. */
  readonly retryAt?: number;
  /** Per asset class in use, what the key's plan delivers: real-time, delayed, REST only or none. */
  readonly feeds?: Readonly<Partial<Record<Cluster, Feed>>>;
}

export interface MarketSnapshot {
  /** Increases by one per published snapshot. */
  readonly version: number;
  /** Watchlist symbols in the user's order (indices I:SPX/I:VIX are kept in `indices`). */
  readonly symbols: readonly string[];
  readonly quotes: Readonly<Record<string, QuoteRow>>;
  /** I:SPX and I:VIX. */
  readonly indices: Readonly<Record<string, QuoteRow>>;
  readonly status: StatusInfo;
  /** Indicators per watchlist symbol and I:SPX (issue 6); absent until seeded. */
  readonly indicators: Readonly<Record<string, IndicatorValues>>;
  /** SPX/VIX market bias; undefined until both have data. */
  readonly bias: BiasReading | undefined;
  /** Why the bias cannot be (fully) computed: I:SPX or I:VIX is unavailable, e.g. not in the plan. */
  readonly biasUnavailable?: string;
  /** Classified option flow, newest first, bounded (a ring buffer, never an ever-growing list). */
  readonly flow: readonly FlowPrint[];
  /** Flow prints dropped from the ring or by a slow consumer, so nothing is lost silently. */
  readonly flowDropped: number;
  readonly flowSummary: Readonly<Record<string, FlowSummary>>;
  /** Recent liquidity warnings, newest first, bounded. */
  readonly liquidity: readonly LiquidityWarning[];
  /** Session closes per symbol (one per minute) for sparklines. */
  readonly sparklines: Readonly<Record<string, readonly number[]>>;
  /** The session's 1-minute OHLCV per symbol, oldest first, capped (store/session-bars.ts), for the chart. */
  readonly sessionBars?: Readonly<Record<string, readonly Bar[]>>;
  /** Alerts that fired (issue 7), newest first, bounded; the UI rings the bell once per new id. */
  readonly alerts?: readonly {
    readonly id: string;
    readonly rule: string;
    readonly message: string;
    readonly time: number;
  }[];
  /** Wall-clock ms when this snapshot was published (drives the age column). */
  readonly publishedAt: number;
}
