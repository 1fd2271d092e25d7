/**
 * Per-symbol indicator engine on 1-minute bars: EMA(9), EMA(21), RSI(14), ATR(14), MACD(12,26,9)
 * from trading-signals (streaming, with a replace mode for a re-sent minute) plus a session VWAP.
 *
 * Conventions, inherited from trading-signals and matched by the reference implementation in the
 * tests: EMAs start from the first close (not an SMA seed) and report once `period` bars are in;
 * RSI and ATR use Wilder smoothing seeded with the simple mean of the first 14 changes / true
 * ranges (the first true range is high − low); MACD's signal EMA starts with the first MACD value
 * (bar 26) and the MACD is reported once the signal has 9 inputs (bar 34).
 */
import { ATR, EMA, MACD, RSI } from 'trading-signals';
import type { Bar } from '../../massive/rest-models.js';
import type { IndicatorValues, Trend } from '../types.js';
import { isValidBar, normalizeBars } from './bars.js';
import { REGULAR_OPEN_MINUTE, SessionVwap } from './session-vwap.js';

/** Options of an IndicatorEngine. */
export interface IndicatorEngineOptions {
  /**
   * Bars kept for rebuilds and the on-disk cache; the oldest are dropped beyond it (streaming
   * values do not depend on them).
   * @default 3000 (about three extended-hours sessions)
   */
  readonly maxBars?: number;
  /**
   * New York minute of day at which the regular-session VWAP restarts.
   * @default 570 (09:30)
   */
  readonly vwapOpenMinute?: number;
}

/** What `update` did with a bar. */
export type BarUpdate = 'appended' | 'replaced' | 'rebuilt' | 'ignored';

/** Price against the EMAs: up when price > ema9 > ema21, down when price < ema9 < ema21. */
export function trendOf(price: number | undefined, ema9: number | undefined, ema21: number | undefined): Trend {
  if (price === undefined || ema9 === undefined || ema21 === undefined || !Number.isFinite(price)) return 'unknown';
  if (price > ema9 && ema9 > ema21) return 'up';
  if (price < ema9 && ema9 < ema21) return 'down';
  return 'flat';
}

class Calculators {
  readonly ema9 = new EMA(9);
  readonly ema21 = new EMA(21);
  readonly rsi = new RSI(14);
  readonly atr = new ATR(14);
  readonly macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
  readonly vwap: SessionVwap;

  constructor(vwapOpenMinute: number) {
    this.vwap = new SessionVwap(vwapOpenMinute);
  }

  add(bar: Bar, replace: boolean): void {
    this.ema9.update(bar.close, replace);
    this.ema21.update(bar.close, replace);
    this.rsi.update(bar.close, replace);
    this.atr.update({ high: bar.high, low: bar.low, close: bar.close }, replace);
    this.macd.update(bar.close, replace);
    this.vwap.add(bar, replace);
  }
}

const orUndefined = (v: number | null): number | undefined => (v === null || !Number.isFinite(v) ? undefined : v);

/**
 * Indicators of one symbol. `seed` once from REST aggregates, then `update` with each streamed
 * minute bar; a bar for the minute already last replaces it, and an older bar (late or a gap
 * fill) is merged and everything rebuilt from the kept bars.
 */
export class IndicatorEngine {
  readonly symbol: string;
  readonly #maxBars: number;
  readonly #vwapOpenMinute: number;
  #bars: Bar[] = [];
  #calc: Calculators;

  constructor(symbol: string, options: IndicatorEngineOptions = {}) {
    this.symbol = symbol;
    this.#maxBars = Math.max(1, Math.floor(options.maxBars ?? 3000));
    this.#vwapOpenMinute = options.vwapOpenMinute ?? REGULAR_OPEN_MINUTE;
    this.#calc = new Calculators(this.#vwapOpenMinute);
  }

  /** Replaces all state with these bars (malformed ones dropped, sorted, one per minute). */
  seed(bars: readonly Bar[]): void {
    this.#bars = normalizeBars(bars).slice(-this.#maxBars);
    this.#rebuild();
  }

  /** Adds bars that may overlap or precede the kept ones (a REST gap fill); rebuilds once. */
  merge(bars: readonly Bar[]): void {
    this.seed([...this.#bars, ...bars]);
  }

  update(bar: Bar): BarUpdate {
    if (!isValidBar(bar)) return 'ignored';
    const last = this.#bars[this.#bars.length - 1];
    if (last === undefined || bar.timeMs > last.timeMs) {
      this.#bars.push(bar);
      if (this.#bars.length > this.#maxBars) this.#bars.shift();
      this.#calc.add(bar, false);
      return 'appended';
    }
    if (bar.timeMs === last.timeMs) {
      this.#bars[this.#bars.length - 1] = bar;
      this.#calc.add(bar, true);
      return 'replaced';
    }
    this.merge([bar]);
    return 'rebuilt';
  }

  /** The kept bars, oldest first (what the bar cache stores). */
  bars(): readonly Bar[] {
    return this.#bars.slice();
  }

  /**
   * Current readings. `price` (e.g. the last trade) sets the trend; it defaults to the last close.
   */
  values(price?: number): IndicatorValues {
    const c = this.#calc;
    const last = this.#bars[this.#bars.length - 1];
    const ref = price !== undefined && Number.isFinite(price) ? price : last?.close;
    const ema9 = orUndefined(c.ema9.getResult());
    const ema21 = orUndefined(c.ema21.getResult());
    const macd = c.macd.signal.isStable ? c.macd.getResult() : null;
    return {
      symbol: this.symbol,
      ema9,
      ema21,
      rsi14: orUndefined(c.rsi.getResult()),
      atr14: orUndefined(c.atr.getResult()),
      vwap: c.vwap.value(),
      macd: macd === null ? undefined : { macd: macd.macd, signal: macd.signal, histogram: macd.histogram },
      trend: trendOf(ref, ema9, ema21),
      barTime: last?.timeMs,
      bars: this.#bars.length,
    };
  }

  #rebuild(): void {
    this.#calc = new Calculators(this.#vwapOpenMinute);
    for (const bar of this.#bars) this.#calc.add(bar, false);
  }
}
