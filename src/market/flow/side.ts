/**
 * Side of an option print against the NBBO in force, and the sentiment that side implies.
 */
import type { Sentiment, TradeSide } from '../types.js';
import { conditionTraits, isSidelessPrint } from './conditions.js';

export interface SideOptions {
  /**
   * A print within this fraction of the spread from the bid (ask) counts as at the bid (ask).
   * @default 0.1
   */
  readonly spreadFraction?: number;
  /**
   * …or within this many dollars (one option tick) of it, whichever is wider.
   * @default 0.01
   */
  readonly tick?: number;
}

/** Float slack so 1.1 - 1.0 style arithmetic never flips a print across a boundary. */
const EPS = 1e-9;

const usable = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n >= 0;

/**
 * Where `price` traded against `bid`/`ask`: below_bid, bid, mid, ask or above_ask. `none` when the
 * conditions make the side meaningless (late, out of sequence, cancelled, cross, multi-leg) or
 * when there is no usable NBBO (missing, negative, ask 0 or crossed).
 *
 * Inside the spread, a print within max(spreadFraction × spread, tick) of one side counts as that
 * side (the nearer one wins); anything else, including the exact midpoint, is `mid`.
 */
export function classifySide(
  price: number,
  bid: number | undefined,
  ask: number | undefined,
  conditions: readonly number[] | undefined,
  options: SideOptions = {},
): TradeSide {
  if (!Number.isFinite(price) || price < 0) return 'none';
  if (isSidelessPrint(conditionTraits(conditions))) return 'none';
  if (!usable(bid) || !usable(ask) || ask <= 0 || bid > ask + EPS) return 'none';
  if (price < bid - EPS) return 'below_bid';
  if (price > ask + EPS) return 'above_ask';
  const spread = ask - bid;
  const tolerance = Math.max((options.spreadFraction ?? 0.1) * spread, options.tick ?? 0.01) + EPS;
  const fromBid = price - bid;
  const fromAsk = ask - price;
  if (fromBid <= tolerance && fromBid < fromAsk - EPS) return 'bid';
  if (fromAsk <= tolerance && fromAsk < fromBid - EPS) return 'ask';
  return 'mid';
}

/**
 * Calls bought (at or above the ask) and puts sold (at or below the bid) are bullish; calls sold
 * and puts bought are bearish; mid and `none` prints are neutral.
 */
export function sentimentOf(right: 'call' | 'put', side: TradeSide): Sentiment {
  const bought = side === 'ask' || side === 'above_ask';
  const sold = side === 'bid' || side === 'below_bid';
  if (!bought && !sold) return 'neutral';
  return bought === (right === 'call') ? 'bullish' : 'bearish';
}
