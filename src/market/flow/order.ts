/**
 * Turns one print, or the prints of one contract inside an aggregation window, into a FlowPrint:
 * kind, volume-weighted fill, side, sentiment, premium, moneyness, days to expiry and flags.
 */
import type { OptionTicker } from '../../massive/symbology.js';
import type { FlowFill, FlowFlag, FlowKind, FlowPrint, TradeSide } from '../types.js';
import { daysToExpiry } from '../ny-date.js';
import type { ConditionTraits } from './conditions.js';
import { sentimentOf } from './side.js';

/** Shares per standard contract: premium = price × size × 100. */
export const CONTRACT_MULTIPLIER = 100;

/** Thresholds of the flow classifier; every one is configurable. */
export interface FlowThresholds {
  /**
   * Prints of one contract within this many ms of the first are one order.
   * @default 1000
   */
  readonly windowMs: number;
  /**
   * A single print of at least this many contracts is a block.
   * @default 500
   */
  readonly blockSize: number;
  /**
   * …or of at least this premium ($).
   * @default 1_000_000
   */
  readonly blockPremium: number;
  /**
   * A sweep at or above the ask with at least this premium ($) is a golden sweep.
   * @default 1_000_000
   */
  readonly goldenPremium: number;
  /**
   * unusual_size: size ≥ this fraction of prior-day open interest (and ≥ unusualMinSize), or ≥ blockSize.
   * @default 0.5
   */
  readonly unusualOiRatio: number;
  /**
   * Smallest order the open-interest rule may call unusual (so a 3-lot on OI 2 is not).
   * @default 50
   */
  readonly unusualMinSize: number;
}

/** The defaults documented on FlowThresholds. */
export const DEFAULT_FLOW_THRESHOLDS: FlowThresholds = {
  windowMs: 1000,
  blockSize: 500,
  blockPremium: 1_000_000,
  goldenPremium: 1_000_000,
  unusualOiRatio: 0.5,
  unusualMinSize: 50,
};

/** A print already judged against its NBBO, waiting to be emitted. */
export interface ClassifiedFill extends FlowFill {
  readonly traits: ConditionTraits;
  /** Contract volume today including this print. */
  readonly volumeAfter: number;
}

/** What the aggregator knows about the contract when it emits. */
export interface OrderContext {
  readonly id: string;
  readonly contract: string;
  readonly option: OptionTicker;
  readonly underlying: string;
  readonly spot: number | undefined;
  readonly openInterest: number | undefined;
  readonly iv: number | undefined;
}

const FLAG_ORDER: readonly FlowFlag[] = [
  'golden_sweep',
  '0dte',
  'unusual_size',
  'opening',
  'outside_nbbo',
  'late',
  'multi_leg',
];

/** The side carrying the most contracts (first seen wins a tie). */
function dominantSide(fills: readonly ClassifiedFill[]): TradeSide {
  const bySide = new Map<TradeSide, number>();
  for (const f of fills) bySide.set(f.side, (bySide.get(f.side) ?? 0) + f.size);
  let best: TradeSide = 'none';
  let bestSize = -1;
  for (const [side, size] of bySide) if (size > bestSize) [best, bestSize] = [side, size];
  return best;
}

/** Builds the FlowPrint for one print or one window's prints of a contract (`fills` non-empty, oldest first). */
export function buildFlowPrint(fills: readonly ClassifiedFill[], ctx: OrderContext, t: FlowThresholds): FlowPrint {
  const first = fills[0] as ClassifiedFill;
  const last = fills[fills.length - 1] as ClassifiedFill;
  const size = fills.reduce((s, f) => s + f.size, 0);
  // Dollars and cents: float products like 9.2 × 100 would otherwise print as 920.0000000000001.
  const premium = Math.round(fills.reduce((s, f) => s + f.price * f.size * CONTRACT_MULTIPLIER, 0) * 100) / 100;
  const exchanges = [...new Set(fills.flatMap((f) => (f.exchange === undefined ? [] : [f.exchange])))];
  let kind: FlowKind;
  if (fills.length > 1) kind = exchanges.length >= 2 ? 'sweep' : 'split';
  else kind = size >= t.blockSize || premium >= t.blockPremium ? 'block' : 'single';
  const side = fills.length === 1 ? first.side : dominantSide(fills);
  const dte = daysToExpiry(ctx.option.expiry, first.time) ?? 0;
  const oi = ctx.openInterest;
  const volume = last.volumeAfter;

  const flags = new Set<FlowFlag>();
  if (kind === 'sweep' && premium >= t.goldenPremium && (side === 'ask' || side === 'above_ask'))
    flags.add('golden_sweep');
  if (dte === 0) flags.add('0dte');
  if (size >= t.blockSize || (oi !== undefined && size >= t.unusualMinSize && size >= t.unusualOiRatio * oi))
    flags.add('unusual_size');
  if (oi !== undefined && (size > oi || volume > oi)) flags.add('opening');
  if (fills.some((f) => f.side === 'below_bid' || f.side === 'above_ask')) flags.add('outside_nbbo');
  if (fills.some((f) => f.traits.late || f.traits.outOfSequence)) flags.add('late');
  if (fills.some((f) => f.traits.multiLeg)) flags.add('multi_leg');

  const print: FlowPrint = {
    id: ctx.id,
    time: first.time,
    contract: ctx.contract,
    underlying: ctx.underlying,
    expiry: ctx.option.expiry,
    right: ctx.option.right,
    strike: ctx.option.strike,
    spot: ctx.spot,
    bid: first.bid,
    ask: first.ask,
    price: size > 0 ? premium / (size * CONTRACT_MULTIPLIER) : first.price,
    size,
    premium,
    side,
    kind,
    exchanges,
    sentiment: sentimentOf(ctx.option.right, side),
    volume,
    openInterest: oi,
    iv: ctx.iv,
    moneyness: ctx.spot !== undefined && ctx.spot > 0 ? ctx.option.strike / ctx.spot : undefined,
    dte,
    flags: FLAG_ORDER.filter((f) => flags.has(f)),
    prints: fills.length,
  };
  if (fills.length === 1) return print;
  const plain: FlowFill[] = fills.map((f) => ({
    time: f.time,
    price: f.price,
    size: f.size,
    exchange: f.exchange,
    side: f.side,
    bid: f.bid,
    ask: f.ask,
    conditions: f.conditions,
  }));
  return { ...print, fills: plain };
}
