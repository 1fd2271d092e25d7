/**
 * Clean, validated shapes produced by the REST parsers. Prices are numbers or undefined (never
 * NaN), timestamps are ms. Names are camelCase domain names, not wire keys.
 */

export interface ParseIssue {
  /** Where in the body, e.g. `tickers[3]` or `results[0].details`. */
  readonly path: string;
  readonly reason: string;
}

/** §4 error body, from a non-2xx response or an error envelope on a 2xx. */
export interface RestErrorInfo {
  /** `ERROR`, `NOT_AUTHORIZED`, `NOT_FOUND`, … when the body said so. */
  readonly status: string | undefined;
  readonly requestId: string | undefined;
  /** `error` or `message`, whichever the body carried. */
  readonly message: string | undefined;
}

export type RestParseResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Items skipped or fields ignored because they were malformed. */
      readonly issues: readonly ParseIssue[];
      readonly requestId: string | undefined;
      /** Absolute URL of the next page, without the key (§3.2). */
      readonly nextUrl: string | undefined;
      /** The envelope said `status: "DELAYED"` (15-minute delayed data). */
      readonly delayed: boolean;
    }
  | {
      readonly ok: false;
      /** Why the body could not be used: invalid JSON, wrong shape, or an error envelope. */
      readonly reason: string;
      /** Set when the body was an error envelope. */
      readonly error: RestErrorInfo | undefined;
    };

export interface StockSnapshot {
  readonly ticker: string;
  /** Last trade, else latest minute close, else day close. */
  readonly price: number | undefined;
  readonly prevClose: number | undefined;
  readonly change: number | undefined;
  readonly changePct: number | undefined;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  /** Round lots, as on the wire. */
  readonly bidSize: number | undefined;
  readonly askSize: number | undefined;
  readonly open: number | undefined;
  readonly high: number | undefined;
  readonly low: number | undefined;
  readonly volume: number | undefined;
  readonly vwap: number | undefined;
  readonly fmv: number | undefined;
  /** ms; `updated`, else the last trade/quote time. */
  readonly updatedMs: number | undefined;
}

export interface IndexSnapshot {
  readonly ticker: string;
  readonly name: string | undefined;
  readonly value: number | undefined;
  readonly change: number | undefined;
  readonly changePct: number | undefined;
  readonly prevClose: number | undefined;
  readonly open: number | undefined;
  readonly high: number | undefined;
  readonly low: number | undefined;
  readonly marketStatus: string | undefined;
  /** `REAL-TIME` or `DELAYED`. */
  readonly timeframe: string | undefined;
  readonly updatedMs: number | undefined;
}

/** Inline per-ticker failure in `/v3/snapshot*` (NOT_FOUND, NOT_ENTITLED). */
export interface IndexSnapshotError {
  readonly ticker: string;
  readonly error: string;
  readonly message: string;
}

export type IndexSnapshotItem = IndexSnapshot | IndexSnapshotError;

export interface Greeks {
  readonly delta: number | undefined;
  readonly gamma: number | undefined;
  readonly theta: number | undefined;
  readonly vega: number | undefined;
}

export interface OptionContractSnapshot {
  readonly ticker: string;
  /** Option root from the ticker (SPY, SPXW). */
  readonly root: string;
  readonly contractType: 'call' | 'put' | 'other';
  readonly exerciseStyle: string | undefined;
  /** YYYY-MM-DD. */
  readonly expiry: string;
  readonly strike: number;
  readonly sharesPerContract: number;
  readonly open: number | undefined;
  readonly high: number | undefined;
  readonly low: number | undefined;
  readonly close: number | undefined;
  readonly volume: number | undefined;
  readonly vwap: number | undefined;
  readonly change: number | undefined;
  readonly changePct: number | undefined;
  readonly prevClose: number | undefined;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  readonly bidSize: number | undefined;
  readonly askSize: number | undefined;
  readonly midpoint: number | undefined;
  readonly quoteUpdatedMs: number | undefined;
  readonly lastPrice: number | undefined;
  readonly lastSize: number | undefined;
  readonly lastExchange: number | undefined;
  readonly lastConditions: readonly number[] | undefined;
  readonly lastTradeMs: number | undefined;
  /** Absent for illiquid or deep ITM contracts. */
  readonly greeks: Greeks | undefined;
  /** Fraction: 0.30 = 30 %. */
  readonly impliedVolatility: number | undefined;
  readonly openInterest: number | undefined;
  readonly breakEven: number | undefined;
  readonly underlyingTicker: string | undefined;
  /** Stock price or index value of the underlying. */
  readonly underlyingPrice: number | undefined;
  /** When the underlying's price was taken (absent without a plan for the underlying's class). */
  readonly underlyingUpdatedMs?: number | undefined;
  readonly fmv: number | undefined;
  readonly updatedMs: number | undefined;
}

export interface Bar {
  /** Window start, ms. */
  readonly timeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | undefined;
  readonly vwap: number | undefined;
  readonly trades: number | undefined;
}

export interface Aggregates {
  readonly ticker: string | undefined;
  readonly adjusted: boolean | undefined;
  readonly bars: readonly Bar[];
}
