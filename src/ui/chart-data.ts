/**
 * The numbers behind the detail view's chart: minute bars bucketed to the chosen timeframe, the
 * session VWAP and EMA 9/21 per bar, and the price → row scale. Pure, so the maths is tested
 * apart from the drawing (chart-render.ts).
 */
import { EMA } from 'trading-signals';
import type { Bar } from '../massive/rest-models.js';
import { vwapSessionKey } from '../market/indicators/session-vwap.js';

/** Bar lengths the chart offers; `m` in the detail view switches between them. */
export type ChartMinutes = 1 | 5;

/** One chart bar with its overlays (undefined until an EMA has its period of bars). */
export interface ChartBar {
  readonly timeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly vwap: number | undefined;
  readonly ema9: number | undefined;
  readonly ema21: number | undefined;
}

/**
 * Minute bars merged into `minutes`-long bars aligned to the clock (09:30, 09:35…): New York is
 * a whole number of hours from UTC, so epoch buckets fall on the same boundaries.
 */
export function bucketBars(bars: readonly Bar[], minutes: number): Bar[] {
  if (minutes <= 1) return [...bars];
  const span = minutes * 60_000;
  const out: Bar[] = [];
  let cur: { -readonly [K in keyof Bar]: Bar[K] } | undefined;
  let pv = 0;
  for (const b of bars) {
    const start = b.timeMs - (((b.timeMs % span) + span) % span);
    const vol = b.volume ?? 0;
    if (cur === undefined || cur.timeMs !== start) {
      if (cur) out.push(finish(cur, pv));
      cur = { ...b, timeMs: start, volume: vol, trades: b.trades };
      pv = (b.vwap ?? typical(b)) * vol;
      continue;
    }
    cur.high = Math.max(cur.high, b.high);
    cur.low = Math.min(cur.low, b.low);
    cur.close = b.close;
    cur.volume = (cur.volume ?? 0) + vol;
    cur.trades = cur.trades === undefined || b.trades === undefined ? undefined : cur.trades + b.trades;
    pv += (b.vwap ?? typical(b)) * vol;
  }
  if (cur) out.push(finish(cur, pv));
  return out;
}

function finish(bar: Bar, pv: number): Bar {
  return { ...bar, vwap: bar.volume ? pv / bar.volume : bar.vwap };
}

const typical = (b: Bar): number => (b.high + b.low + b.close) / 3;

/**
 * The bars with their overlays: the session VWAP as the indicator engine anchors it (pre-market
 * on its own, restarting at the 09:30 open; market/indicators/session-vwap.ts), each bar weighted
 * by its volume at its own VWAP (the typical price when the feed gave none); EMAs of the closes at
 * this timeframe, from trading-signals like the engine's.
 */
export function withOverlays(bars: readonly Bar[]): ChartBar[] {
  const ema9 = new EMA(9);
  const ema21 = new EMA(21);
  let pv = 0;
  let vol = 0;
  let session: string | undefined;
  return bars.map((b) => {
    const key = vwapSessionKey(b.timeMs);
    if (key !== session) [session, pv, vol] = [key, 0, 0];
    const v = b.volume ?? 0;
    pv += (b.vwap ?? typical(b)) * v;
    vol += v;
    ema9.update(b.close, false);
    ema21.update(b.close, false);
    return {
      timeMs: b.timeMs,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: v,
      vwap: vol > 0 ? pv / vol : undefined,
      ema9: ema9.isStable ? Number(ema9.getResult()) : undefined,
      ema21: ema21.isStable ? Number(ema21.getResult()) : undefined,
    };
  });
}

/** The session's bars at a timeframe with overlays, the newest `columns` of them (one per column). */
export function chartBars(minuteBars: readonly Bar[], minutes: ChartMinutes, columns: number): ChartBar[] {
  const all = withOverlays(bucketBars(minuteBars, minutes));
  return all.slice(Math.max(0, all.length - Math.max(1, columns)));
}

/** Price → row mapping for `rows` rows, row 0 at the top (the highest price). */
export interface PriceScale {
  readonly min: number;
  readonly max: number;
  readonly rows: number;
  /** Row of a price, clamped to the chart. */
  row(price: number): number;
  /** Position in half rows (0 = top half of row 0), for block glyphs that fill half a cell. */
  halfRow(price: number): number;
  /** The price at the middle of a row (for the axis labels). */
  priceAt(row: number): number;
}

/** A scale spanning the bars' range and the overlays within it; a flat range is widened a little. */
export function priceScale(bars: readonly ChartBar[], rows: number): PriceScale {
  let min = Infinity;
  let max = -Infinity;
  for (const b of bars) {
    for (const v of [b.low, b.high, b.vwap, b.ema9, b.ema21]) {
      if (v === undefined || !Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  if (max - min < 1e-9)
    [min, max] = [min - Math.max(0.01, Math.abs(min) * 0.001), max + Math.max(0.01, Math.abs(max) * 0.001)];
  const n = Math.max(1, rows);
  const frac = (p: number) => Math.min(1, Math.max(0, (max - p) / (max - min)));
  return {
    min,
    max,
    rows: n,
    row: (p) => Math.min(n - 1, Math.floor(frac(p) * n)),
    halfRow: (p) => Math.min(2 * n - 1, Math.floor(frac(p) * 2 * n)),
    priceAt: (r) => max - ((r + 0.5) / n) * (max - min),
  };
}
