/**
 * A second, deliberately plain implementation of the indicators (textbook formulas over whole
 * arrays, no streaming, no library), used to check the engine's values on the same series.
 */
import type { Bar } from '../../../../src/massive/rest-models.js';

/** EMA seeded with the first value, as trading-signals does; entry i is the EMA after value i. */
export function refEma(values: readonly number[], period: number): number[] {
  const k = 2 / (period + 1);
  const out: number[] = [];
  for (const [i, v] of values.entries()) out.push(i === 0 ? v : v * k + (out[i - 1] as number) * (1 - k));
  return out;
}

/** Wilder's smoothing: mean of the first `period` values, then prev + (x − prev) / period. */
function wilder(values: readonly number[], period: number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let prev: number | undefined;
  for (const [i, v] of values.entries()) {
    if (i < period - 1) {
      out.push(undefined);
      continue;
    }
    prev =
      i === period - 1
        ? values.slice(0, period).reduce((a, b) => a + b, 0) / period
        : (prev as number) + (v - (prev as number)) / period;
    out.push(prev);
  }
  return out;
}

/** Wilder RSI of the closes; entry i is the RSI after close i (undefined while warming up). */
export function refRsi(closes: readonly number[], period: number): (number | undefined)[] {
  const gains: number[] = [];
  const losses: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const d = (closes[i] as number) - (closes[i - 1] as number);
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  const g = wilder(gains, period);
  const l = wilder(losses, period);
  return [
    undefined,
    ...g.map((gain, i) => {
      const loss = l[i];
      if (gain === undefined || loss === undefined) return undefined;
      return loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
    }),
  ];
}

/** Wilder ATR; the first true range is high − low. */
export function refAtr(bars: readonly Bar[], period: number): (number | undefined)[] {
  const tr = bars.map((b, i) => {
    const prev = bars[i - 1];
    if (prev === undefined) return b.high - b.low;
    return Math.max(b.high - b.low, Math.abs(b.high - prev.close), Math.abs(b.low - prev.close));
  });
  return wilder(tr, period);
}

export interface RefMacd {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/** MACD(fast, slow, signal): defined from close `slow`; signal EMA starts at the first MACD value. */
export function refMacd(
  closes: readonly number[],
  fast: number,
  slow: number,
  signal: number,
): (RefMacd | undefined)[] {
  const f = refEma(closes, fast);
  const s = refEma(closes, slow);
  const macdLine = closes.map((_, i) => (f[i] as number) - (s[i] as number)).slice(slow - 1);
  const sig = refEma(macdLine, signal);
  return closes.map((_, i) => {
    const j = i - (slow - 1);
    if (j < signal - 1) return undefined;
    const m = macdLine[j] as number;
    return { macd: m, signal: sig[j] as number, histogram: m - (sig[j] as number) };
  });
}

/** Deterministic random walk of minute bars starting at `t0`. */
export function randomBars(n: number, t0: number, seed = 7): Bar[] {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  let close = 100;
  const bars: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const open = close;
    close = Math.max(1, open + (rnd() - 0.5) * 2);
    const high = Math.max(open, close) + rnd() * 0.5;
    const low = Math.min(open, close) - rnd() * 0.5;
    const volume = Math.round(1000 + rnd() * 9000);
    bars.push({
      timeMs: t0 + i * 60_000,
      open,
      high,
      low,
      close,
      volume,
      vwap: (high + low + close) / 3 + (rnd() - 0.5) * 0.1,
      trades: undefined,
    });
  }
  return bars;
}
