/**
 * Domain types of the market analytics (issue 6). Pure data, shared by market/ calculations,
 * the store, the UI and the NDJSON writer.
 */

/** Latest indicator readings for one symbol on 1-minute bars; undefined until warmed up. */
export interface IndicatorValues {
  readonly symbol: string;
  readonly ema9: number | undefined;
  readonly ema21: number | undefined;
  readonly rsi14: number | undefined;
  readonly atr14: number | undefined;
  /** Session VWAP. */
  readonly vwap: number | undefined;
  readonly macd: { readonly macd: number; readonly signal: number; readonly histogram: number } | undefined;
  /** Price against the EMAs: up when price > ema9 > ema21, down when price < ema9 < ema21. */
  readonly trend: Trend;
  /** Start (ms) of the last bar included. */
  readonly barTime: number | undefined;
  readonly bars: number;
}

export type Trend = 'up' | 'down' | 'flat' | 'unknown';

export type BiasLabel = 'bullish' | 'neutral' | 'bearish';

export type VixRegime = 'calm' | 'normal' | 'elevated' | 'stressed' | 'unknown';

export interface BiasReading {
  readonly label: BiasLabel;
  /** -100 (max bearish) … +100 (max bullish). */
  readonly score: number;
  readonly spxTrend: Trend;
  readonly vixRegime: VixRegime;
  readonly vixDirection: 'rising' | 'falling' | 'flat' | 'unknown';
  /** Human reasons, in the order they contributed, e.g. "SPX above EMA9 and EMA21 (+30)". */
  readonly reasons: readonly string[];
}

/** Where a print happened relative to the NBBO in force at the time. */
export type TradeSide = 'below_bid' | 'bid' | 'mid' | 'ask' | 'above_ask' | 'none';

export type FlowKind = 'sweep' | 'split' | 'block' | 'single';

export type Sentiment = 'bullish' | 'bearish' | 'neutral';

export type FlowFlag = 'golden_sweep' | '0dte' | 'unusual_size' | 'opening' | 'outside_nbbo' | 'late' | 'multi_leg';

/** One classified option print, or an aggregated order (sweep/split) with its prints. */
export interface FlowPrint {
  readonly id: string;
  /** Market time of the (first) print, ms. */
  readonly time: number;
  readonly contract: string;
  readonly underlying: string;
  readonly expiry: string;
  readonly right: 'call' | 'put';
  readonly strike: number;
  /** Underlying price at the time. */
  readonly spot: number | undefined;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  /** Fill price (volume-weighted for an aggregated order). */
  readonly price: number;
  /** Contracts. */
  readonly size: number;
  /** price × size × 100. */
  readonly premium: number;
  readonly side: TradeSide;
  readonly kind: FlowKind;
  readonly exchanges: readonly number[];
  readonly sentiment: Sentiment;
  /** Contract volume today including this print. */
  readonly volume: number | undefined;
  /** Prior-day open interest. */
  readonly openInterest: number | undefined;
  readonly iv: number | undefined;
  /** (strike vs spot) e.g. 1.02 = 2% OTM call; undefined without spot. */
  readonly moneyness: number | undefined;
  readonly dte: number;
  readonly flags: readonly FlowFlag[];
  /** Number of prints aggregated into this order (1 for a single print). */
  readonly prints: number;
  /** The prints of an aggregated order (sweep/split), oldest first; absent for a single print. */
  readonly fills?: readonly FlowFill[];
}

/** One print inside an aggregated order. */
export interface FlowFill {
  readonly time: number;
  readonly price: number;
  readonly size: number;
  readonly exchange: number | undefined;
  readonly side: TradeSide;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  readonly conditions: readonly number[];
}

/** Per-underlying running flow summary for the watchlist. */
export interface FlowSummary {
  readonly underlying: string;
  readonly bullishPremium: number;
  readonly bearishPremium: number;
  readonly largest: FlowPrint | undefined;
  readonly count: number;
}

export type LiquidityReason = 'wide_spread' | 'low_open_interest' | 'stale_quote' | 'outside_nbbo';

export interface LiquidityWarning {
  /** Contract or stock symbol the warning is about. */
  readonly symbol: string;
  readonly reason: LiquidityReason;
  /** Human detail, e.g. "spread 18% of mid". */
  readonly detail: string;
  readonly time: number;
}
