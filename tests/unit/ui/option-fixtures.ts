import type { OptionContractSnapshot } from '../../../src/massive/rest-models.js';
import { formatOptionTicker } from '../../../src/massive/symbology.js';
import type { KeyLevels } from '../../../src/market/levels/key-levels.js';
import type { TradePlan } from '../../../src/market/trade-plan.js';
import type { LevelsEntry } from '../../../src/store/options-desk.js';
import { T0 } from './fake-store.js';

/** A chain row with every field set plausibly, then `over` applied. */
export function contract(
  strike: number,
  right: 'call' | 'put',
  expiry = '2026-01-09',
  over: Partial<OptionContractSnapshot> = {},
): OptionContractSnapshot {
  const ticker = formatOptionTicker({ root: 'SPY', expiry, right, strike })!;
  const itm = right === 'call' ? 600.2 - strike : strike - 600.2;
  const mid = Math.max(0.05, itm) + 0.4567;
  return {
    ticker,
    root: 'SPY',
    contractType: right,
    exerciseStyle: 'american',
    expiry,
    strike,
    sharesPerContract: 100,
    open: undefined,
    high: undefined,
    low: undefined,
    close: undefined,
    volume: 1_234,
    vwap: undefined,
    change: undefined,
    changePct: undefined,
    prevClose: undefined,
    // Four decimals on purpose: the screen must show option prices in cents.
    bid: mid - 0.0213,
    ask: mid + 0.0187,
    bidSize: 12,
    askSize: 30,
    midpoint: mid,
    quoteUpdatedMs: T0,
    lastPrice: mid + 0.0042,
    lastSize: 3,
    lastExchange: 300,
    lastConditions: undefined,
    lastTradeMs: T0,
    greeks: { delta: right === 'call' ? 0.5123 : -0.4877, gamma: 0.0312, theta: -0.4511, vega: 0.2134 },
    impliedVolatility: 0.1834,
    openInterest: 12_345,
    breakEven: undefined,
    underlyingTicker: 'SPY',
    underlyingPrice: 600.2,
    fmv: undefined,
    updatedMs: T0,
    ...over,
  };
}

/** Calls and puts at every strike given, one expiry. */
export function chainRows(strikes: readonly number[], expiry = '2026-01-09'): OptionContractSnapshot[] {
  return strikes.flatMap((k) => [contract(k, 'call', expiry), contract(k, 'put', expiry)]);
}

export const levels: KeyLevels = {
  expiry: '2026-01-09',
  callWall: 610,
  putWall: 590,
  maxPain: 600,
  gammaFlip: 598.4321,
  netGexTotal: 1_234_567_890,
  netGex: [{ strike: 600, gex: 1_234_567_890 }],
  putCallOi: 1.1234,
  putCallVolume: 0.9,
  atmIv: 0.1834,
  expectedMove: 8.5123,
};

export function levelsEntry(underlying = 'SPY', over: Partial<LevelsEntry> = {}): LevelsEntry {
  return {
    underlying,
    spot: 600.2,
    levels,
    expiries: ['2026-01-09', '2026-01-16', '2026-01-23'],
    at: T0,
    ...over,
  };
}

export const plan: TradePlan = {
  right: 'call',
  style: 'day',
  dte: 4,
  spot: 600.2,
  entry: 1.2345,
  targets: [
    { underlying: 604.1, premium: 2.3456, source: 'ATR' },
    { underlying: 610, premium: 5.6789, source: 'call wall' },
  ],
  stop: { underlying: 597.3, premium: 0.6543, source: 'ATR' },
  rewardRisk: 1.9012,
  breakeven: 601.2345,
  maxLoss: 123.45,
  contracts: 4,
  grade: 'B',
  reasons: ['day: 4 days to expiry', 'grade B: spread 3.2% of mid'],
};
