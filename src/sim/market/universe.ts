/**
 * Static traits of every simulated instrument: where its price starts, how it loads on the shared
 * market factor, how busy it is. Well-known tickers get realistic levels; any other valid symbol
 * gets a plausible, deterministic level from a hash of its name.
 */
import { isIndexTicker, isValidStockSymbol } from '../../massive/symbology.js';
import { unitFromName } from './prng.js';

/** Per-second volatility of the market factor (≈0.5 % per hour: lively but believable). */
export const MARKET_SIGMA = 8e-5;

export type InstrumentKind = 'stock' | 'index';

/** A loading on a named shock stream; `MKT` is the shared market factor. */
export interface FactorLoading {
  readonly stream: string;
  readonly weight: number;
}

export interface InstrumentSpec {
  readonly sym: string;
  readonly kind: InstrumentKind;
  readonly basePrice: number;
  readonly prevClose: number;
  readonly open: number;
  readonly loadings: readonly FactorLoading[];
  /** Mean-reversion level and speed (per second) for the log price; VIX only. */
  readonly revertTo?: number;
  readonly revertSpeed?: number;
  /** Non-cumulative per-second noise (tracking error of an ETF vs its index). */
  readonly basisNoise: number;
  /** Expected trades per second. */
  readonly activity: number;
  /** Tape: 1 NYSE, 2 Arca/AMEX (ETFs), 3 Nasdaq. */
  readonly tape: 1 | 2 | 3;
  /** Shares traded earlier today, before the simulator started. */
  readonly initialVolume: number;
}

interface Known {
  readonly price: number;
  readonly beta?: number;
  readonly activity?: number;
  readonly tape?: 1 | 2 | 3;
  readonly adv?: number;
}

const M = MARKET_SIGMA;

/** Levels for late 2026; close enough that the demo looks like a real screen. */
const KNOWN: Record<string, Known> = {
  SPY: { price: 680, activity: 4, tape: 2, adv: 70e6 },
  QQQ: { price: 605, activity: 3, tape: 3, adv: 45e6 },
  IWM: { price: 245, beta: 1.3, activity: 2, tape: 2, adv: 30e6 },
  DIA: { price: 470, beta: 0.9, activity: 1, tape: 2, adv: 3e6 },
  AAPL: { price: 232, beta: 1.1, activity: 3, tape: 3, adv: 50e6 },
  MSFT: { price: 510, beta: 1.0, activity: 2, tape: 3, adv: 20e6 },
  NVDA: { price: 182, beta: 1.8, activity: 4, tape: 3, adv: 180e6 },
  TSLA: { price: 430, beta: 2.0, activity: 3, tape: 3, adv: 90e6 },
  AMZN: { price: 225, beta: 1.2, activity: 2, tape: 3, adv: 40e6 },
  GOOGL: { price: 250, beta: 1.1, activity: 2, tape: 3, adv: 30e6 },
  META: { price: 720, beta: 1.3, activity: 2, tape: 3, adv: 12e6 },
  AMD: { price: 160, beta: 1.9, activity: 2, tape: 3, adv: 45e6 },
  JPM: { price: 300, beta: 0.9, activity: 1, tape: 1, adv: 9e6 },
};

const INDICES: Record<string, number> = {
  'I:SPX': 6800,
  'I:VIX': 16,
  'I:NDX': 24800,
  'I:DJI': 47000,
  'I:RUT': 2450,
  'I:COMP': 23300,
  'I:VIX9D': 14.5,
};

/** Symbols that look listed (1–5 letters, optional class suffix); `TSLAAPL` is "not found". */
const LISTED = /^[A-Z]{1,5}(?:\.[A-Z])?$/;

/** Symbols that stream from the start, so wildcards (`T.*`, `V.*`) are never silent. */
export const BASE_STOCKS: readonly string[] = Object.keys(KNOWN);
export const BASE_INDICES: readonly string[] = Object.keys(INDICES);

/** Index or ETF whose idiosyncratic stream a symbol shares (so SPY tracks SPX/10, QQQ tracks NDX). */
const SHARED_STREAM: Record<string, string> = { SPY: 'I:SPX', QQQ: 'I:NDX', DIA: 'I:DJI', IWM: 'I:RUT' };

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Builds the spec for a symbol, or undefined when the symbol is not a stock or index ticker. */
export function instrumentSpec(seed: number, sym: string): InstrumentSpec | undefined {
  const u = (salt: number) => unitFromName(seed, sym, salt);
  // Seeded jitter of a few tenths of a percent so different seeds give different days.
  const jitter = (salt: number, width: number) => 1 + (u(salt) - 0.5) * 2 * width;
  if (isIndexTicker(sym)) {
    const known = INDICES[sym];
    if (known === undefined) return undefined;
    const base = known * jitter(2, 0.003);
    const isVix = sym.startsWith('I:VIX');
    const prevClose = base * (isVix ? jitter(3, 0.06) : jitter(3, 0.008));
    const loadings: FactorLoading[] = isVix
      ? [
          { stream: 'MKT', weight: -4 * M },
          { stream: sym, weight: 1.5 * M },
        ]
      : [
          { stream: 'MKT', weight: (sym === 'I:NDX' ? 1.2 : sym === 'I:RUT' ? 1.3 : 1) * M },
          { stream: sym, weight: 0.2 * M },
        ];
    return {
      sym,
      kind: 'index',
      basePrice: round2(base),
      prevClose: round2(prevClose),
      open: round2(prevClose * (isVix ? jitter(4, 0.03) : jitter(4, 0.003))),
      loadings,
      ...(isVix ? { revertTo: Math.log(base), revertSpeed: 2e-4 } : {}),
      basisNoise: 0,
      activity: 1,
      tape: 1,
      initialVolume: 0,
    };
  }
  if (!isValidStockSymbol(sym) || !LISTED.test(sym)) return undefined;
  const known = KNOWN[sym];
  const shared = SHARED_STREAM[sym];
  let base: number;
  let loadings: readonly FactorLoading[];
  let prevClose: number;
  let open: number;
  if (shared !== undefined) {
    // Same shocks and the same starting ratio as the index: the ETF *is* the index, scaled.
    const index = instrumentSpec(seed, shared)!;
    const ratio = sym === 'SPY' ? 10 : index.basePrice / (known?.price ?? index.basePrice);
    base = index.basePrice / ratio;
    loadings = index.loadings;
    prevClose = index.prevClose / ratio;
    open = index.open / ratio;
  } else {
    // Log-uniform $5–$400 for unknown names; betas 0.5–1.8.
    base = (known?.price ?? Math.exp(Math.log(5) + u(1) * Math.log(80))) * jitter(2, 0.01);
    const beta = known?.beta ?? 0.5 + u(5) * 1.3;
    loadings = [
      { stream: 'MKT', weight: beta * M },
      { stream: sym, weight: (1 + u(6) * 2) * M },
    ];
    prevClose = base * jitter(3, 0.015);
    open = prevClose * jitter(4, 0.006);
  }
  const adv = known?.adv ?? Math.round(2e5 + u(7) * 5e6);
  return {
    sym,
    kind: 'stock',
    basePrice: round2(base),
    prevClose: round2(prevClose),
    open: round2(open),
    loadings,
    basisNoise: shared ? 5e-5 : 0,
    activity: known?.activity ?? 0.3 + u(8),
    tape: known?.tape ?? (u(9) < 0.5 ? 1 : 3),
    initialVolume: Math.round(adv * (0.2 + u(10) * 0.3)),
  };
}
