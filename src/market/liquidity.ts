/**
 * Liquidity warnings for the tape and the watchlist: a wide spread, thin open interest, a stale
 * quote, and prints outside the NBBO that no multi-leg condition explains.
 */
import type { FlowPrint, LiquidityWarning } from './types.js';

/** Liquidity thresholds; every one is configurable. */
export interface LiquidityOptions {
  /**
   * Warn when (ask − bid) / mid exceeds this fraction.
   * @default 0.10
   */
  readonly maxSpreadFraction?: number;
  /**
   * Warn when prior-day open interest is below this many contracts.
   * @default 100
   */
  readonly minOpenInterest?: number;
  /**
   * Warn when the quote is older than this many ms at `now`. Check only while the market is open.
   * @default 60000
   */
  readonly staleQuoteMs?: number;
}

/** The defaults documented on LiquidityOptions. */
export const DEFAULT_LIQUIDITY: Required<LiquidityOptions> = {
  maxSpreadFraction: 0.1,
  minOpenInterest: 100,
  staleQuoteMs: 60_000,
};

/** A quote to check; `openInterest` only for options. */
export interface LiquidityQuote {
  readonly symbol: string;
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  /** Quote time, ms; undefined when no quote has been seen. */
  readonly quoteTime: number | undefined;
  readonly openInterest?: number | undefined;
}

const ok = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/** Spread as a fraction of mid; undefined without a two-sided, uncrossed quote. */
export function spreadFraction(bid: number | undefined, ask: number | undefined): number | undefined {
  if (!ok(bid) || !ok(ask) || bid < 0 || ask <= 0 || ask < bid) return undefined;
  const mid = (bid + ask) / 2;
  return (ask - bid) / mid;
}

/** Warnings for a quote at `now`: wide_spread, low_open_interest, stale_quote (in that order). */
export function quoteLiquidityWarnings(
  q: LiquidityQuote,
  now: number,
  options: LiquidityOptions = {},
): LiquidityWarning[] {
  const o = { ...DEFAULT_LIQUIDITY, ...options };
  const out: LiquidityWarning[] = [];
  const spread = spreadFraction(q.bid, q.ask);
  if (spread !== undefined && spread > o.maxSpreadFraction + 1e-12) {
    out.push({
      symbol: q.symbol,
      reason: 'wide_spread',
      detail: `spread ${Math.round(spread * 100)}% of mid`,
      time: now,
    });
  }
  if (ok(q.openInterest) && q.openInterest < o.minOpenInterest) {
    out.push({
      symbol: q.symbol,
      reason: 'low_open_interest',
      detail: `open interest ${q.openInterest} < ${o.minOpenInterest}`,
      time: now,
    });
  }
  if (ok(q.quoteTime) && now - q.quoteTime > o.staleQuoteMs) {
    out.push({
      symbol: q.symbol,
      reason: 'stale_quote',
      detail: `quote ${Math.round((now - q.quoteTime) / 1000)}s old`,
      time: now,
    });
  }
  return out;
}

/**
 * outside_nbbo for a classified print: traded below the bid or above the ask with no multi-leg
 * (or late) condition to explain it. A sideless print (`none`) is never flagged.
 */
export function printLiquidityWarnings(print: FlowPrint): LiquidityWarning[] {
  if (!print.flags.includes('outside_nbbo') || print.flags.includes('multi_leg') || print.flags.includes('late'))
    return [];
  const where =
    print.side === 'below_bid'
      ? `below bid ${print.bid ?? '?'}`
      : print.side === 'above_ask'
        ? `above ask ${print.ask ?? '?'}`
        : 'outside the NBBO';
  return [
    {
      symbol: print.contract,
      reason: 'outside_nbbo',
      detail: `filled ${print.price.toFixed(2)} ${where}`,
      time: print.time,
    },
  ];
}
