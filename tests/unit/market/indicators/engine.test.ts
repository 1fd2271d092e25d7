import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../src/massive/rest-models.js';
import { barFromAggregate } from '../../../../src/market/indicators/bars.js';
import { IndicatorEngine, trendOf } from '../../../../src/market/indicators/engine.js';
import { randomBars, refAtr, refEma, refMacd, refRsi } from './reference.js';

/** Tuesday 2026-03-10 10:30 New York (EDT). */
const T0 = Date.UTC(2026, 2, 10, 14, 30);
const TOL = 1e-6;

function bar(i: number, close: number, over: Partial<Bar> = {}): Bar {
  return {
    timeMs: T0 + i * 60_000,
    open: close,
    high: close,
    low: close,
    close,
    volume: 100,
    vwap: undefined,
    trades: undefined,
    ...over,
  };
}

function seeded(bars: readonly Bar[]): IndicatorEngine {
  const e = new IndicatorEngine('SPY');
  e.seed(bars);
  return e;
}

describe('IndicatorEngine against a reference implementation', () => {
  const bars = randomBars(150, T0);
  const closes = bars.map((b) => b.close);
  const ema9 = refEma(closes, 9);
  const ema21 = refEma(closes, 21);
  const rsi = refRsi(closes, 14);
  const atr = refAtr(bars, 14);
  const macd = refMacd(closes, 12, 26, 9);

  it.each([40, 60, 100, 150])('matches EMA, RSI, ATR and MACD after %i streamed bars', (n) => {
    const e = new IndicatorEngine('SPY');
    for (const b of bars.slice(0, n)) e.update(b);
    const v = e.values();
    expect(v.ema9).toBeCloseTo(ema9[n - 1] as number, 6);
    expect(v.ema21).toBeCloseTo(ema21[n - 1] as number, 6);
    expect(Math.abs((v.rsi14 as number) - (rsi[n - 1] as number))).toBeLessThan(TOL);
    expect(Math.abs((v.atr14 as number) - (atr[n - 1] as number))).toBeLessThan(TOL);
    const m = macd[n - 1];
    expect(Math.abs((v.macd?.macd as number) - (m?.macd as number))).toBeLessThan(TOL);
    expect(Math.abs((v.macd?.signal as number) - (m?.signal as number))).toBeLessThan(TOL);
    expect(Math.abs((v.macd?.histogram as number) - (m?.histogram as number))).toBeLessThan(TOL);
    expect(v.bars).toBe(n);
    expect(v.barTime).toBe(bars[n - 1]?.timeMs);
  });

  it('gives the same values seeded at once as streamed bar by bar', () => {
    const streamed = new IndicatorEngine('SPY');
    for (const b of bars) streamed.update(b);
    expect(seeded(bars).values()).toEqual(streamed.values());
  });

  it('computes the session VWAP from each bar’s own vwap weighted by volume', () => {
    const num = bars.reduce((s, b) => s + (b.vwap as number) * (b.volume as number), 0);
    const den = bars.reduce((s, b) => s + (b.volume as number), 0);
    expect(seeded(bars).values().vwap).toBeCloseTo(num / den, 9);
  });
});

describe('IndicatorEngine warm-up', () => {
  const bars = randomBars(40, T0);
  it.each([
    ['ema9', 8, 9],
    ['ema21', 20, 21],
    ['rsi14', 14, 15],
    ['atr14', 13, 14],
    ['macd', 33, 34],
  ] as const)('reports %s only once it has enough bars (not at %i, at %i)', (key, before, at) => {
    expect(seeded(bars.slice(0, before)).values()[key]).toBeUndefined();
    expect(seeded(bars.slice(0, at)).values()[key]).toBeDefined();
  });

  it('reports nothing and an unknown trend with no bars', () => {
    const v = new IndicatorEngine('SPY').values(100);
    expect(v).toMatchObject({
      symbol: 'SPY',
      ema9: undefined,
      rsi14: undefined,
      vwap: undefined,
      macd: undefined,
      trend: 'unknown',
      barTime: undefined,
      bars: 0,
    });
  });
});

describe('IndicatorEngine known values', () => {
  it('gives EMA9 = 5.67108864 for closes 1..9 (seeded with the first close)', () => {
    const e = seeded([1, 2, 3, 4, 5, 6, 7, 8, 9].map((c, i) => bar(i, c)));
    expect(e.values().ema9).toBeCloseTo(5.67108864, 8);
  });

  it.each([
    ['strictly rising closes', Array.from({ length: 15 }, (_, i) => 10 + i), 100],
    ['strictly falling closes', Array.from({ length: 15 }, (_, i) => 30 - i), 0],
    ['seven +1 and seven −1 changes', [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10], 50],
    [
      'then one more +1 (Wilder step)',
      [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11],
      (100 * 7.5) / 14,
    ],
  ])('gives RSI14 for %s', (_name, closes, expected) => {
    const e = seeded(closes.map((c, i) => bar(i, c)));
    expect(e.values().rsi14).toBeCloseTo(expected, 9);
  });

  it('gives ATR14 = 2 for fourteen 2-point ranges, then 31/14 after a gap bar with a 5-point true range', () => {
    const flat = Array.from({ length: 14 }, (_, i) => bar(i, 10, { high: 11, low: 9 }));
    const e = seeded(flat);
    expect(e.values().atr14).toBeCloseTo(2, 12);
    e.update(bar(14, 14, { high: 15, low: 13 }));
    expect(e.values().atr14).toBeCloseTo(31 / 14, 12);
  });

  it('gives a zero MACD, signal and histogram on a constant series', () => {
    expect(seeded(Array.from({ length: 40 }, (_, i) => bar(i, 50))).values().macd).toEqual({
      macd: 0,
      signal: 0,
      histogram: 0,
    });
  });

  it.each([
    ['bar vwaps', [bar(0, 10, { vwap: 10, volume: 100 }), bar(1, 12, { vwap: 12, volume: 300 })], 11.5],
    ['typical price when a bar has no vwap', [bar(0, 10, { high: 12, low: 9, volume: 200 })], (12 + 9 + 10) / 3],
    [
      'bars without volume (an index) ignored',
      [bar(0, 10, { volume: undefined }), bar(1, 20, { volume: 0 })],
      undefined,
    ],
  ])('computes VWAP from %s', (_name, bars, expected) => {
    const vwap = seeded(bars).values().vwap;
    if (expected === undefined) expect(vwap).toBeUndefined();
    else expect(vwap).toBeCloseTo(expected, 12);
  });
});

describe('IndicatorEngine updates', () => {
  const bars = randomBars(60, T0);

  it('replaces the last bar when the same minute arrives again, matching a fresh seed', () => {
    const e = seeded(bars.slice(0, 50));
    const first = { ...(bars[50] as Bar) };
    const revised = {
      ...first,
      close: first.close + 1.5,
      high: first.high + 1.5,
      volume: (first.volume as number) + 500,
    };
    expect(e.update(first)).toBe('appended');
    expect(e.update(revised)).toBe('replaced');
    expect(e.update(revised)).toBe('replaced');
    const fresh = seeded([...bars.slice(0, 50), revised]);
    const [a, b] = [e.values(), fresh.values()];
    for (const k of ['ema9', 'ema21', 'rsi14', 'atr14', 'vwap'] as const) expect(a[k]).toBeCloseTo(b[k] as number, 9);
    expect(a.macd?.histogram).toBeCloseTo(b.macd?.histogram as number, 9);
    expect(a.bars).toBe(51);
  });

  it('merges an older bar (late or a gap fill) and rebuilds', () => {
    const withGap = [...bars.slice(0, 30), ...bars.slice(31, 60)];
    const e = seeded(withGap);
    expect(e.update(bars[30] as Bar)).toBe('rebuilt');
    expect(e.values()).toEqual(seeded(bars).values());
  });

  it.each([
    ['NaN close', { close: Number.NaN }],
    ['infinite high', { high: Number.POSITIVE_INFINITY }],
    ['negative volume', { volume: -1 }],
    ['missing time', { timeMs: undefined as unknown as number }],
  ])('ignores a malformed bar (%s)', (_name, over) => {
    const e = seeded(bars.slice(0, 30));
    const before = e.values();
    expect(e.update({ ...(bars[30] as Bar), ...over })).toBe('ignored');
    expect(e.values()).toEqual(before);
  });

  it('drops the oldest bars beyond maxBars', () => {
    const e = new IndicatorEngine('SPY', { maxBars: 10 });
    for (const b of bars.slice(0, 25)) e.update(b);
    expect(e.bars()).toHaveLength(10);
    expect(e.bars()[0]?.timeMs).toBe(bars[15]?.timeMs);
  });

  it('converts a streamed AM aggregate into a bar', () => {
    const b = barFromAggregate({
      ev: 'AM',
      sym: 'SPY',
      o: 1,
      h: 3,
      l: 0.5,
      c: 2,
      s: T0,
      e: T0 + 60_000,
      v: 10,
      vw: 1.9,
      z: 4,
    });
    expect(b).toEqual({ timeMs: T0, open: 1, high: 3, low: 0.5, close: 2, volume: 10, vwap: 1.9, trades: undefined });
  });
});

describe('session VWAP anchoring', () => {
  /** 2026-03-10 and 2026-03-11, New York wall-clock times (EDT, UTC−4). */
  const at = (day: number, hh: number, mm: number): number => Date.UTC(2026, 2, day, hh + 4, mm);
  const b = (t: number, vwap: number): Bar => ({
    timeMs: t,
    open: vwap,
    high: vwap,
    low: vwap,
    close: vwap,
    volume: 100,
    vwap,
    trades: undefined,
  });

  it.each([
    ['resets on a new New York date', [b(at(10, 15, 0), 10), b(at(11, 4, 0), 20)], 20],
    [
      'resets at the 09:30 regular open after pre-market',
      [b(at(11, 9, 0), 10), b(at(11, 9, 30), 30), b(at(11, 9, 31), 40)],
      35,
    ],
    ['keeps the regular session into after-hours', [b(at(10, 15, 59), 10), b(at(10, 16, 5), 20)], 15],
    ['has its own pre-market VWAP', [b(at(11, 4, 0), 10), b(at(11, 8, 0), 20)], 15],
  ])('%s', (_name, bars, expected) => {
    expect(seeded(bars).values().vwap).toBeCloseTo(expected, 12);
  });
});

describe('trendOf', () => {
  it.each([
    [103, 102, 101, 'up'],
    [99, 100, 101, 'down'],
    [101.5, 102, 101, 'flat'],
    [103, 101, 102, 'flat'],
    [102, 102, 101, 'flat'],
    [undefined, 102, 101, 'unknown'],
    [100, undefined, 101, 'unknown'],
    [Number.NaN, 102, 101, 'unknown'],
  ] as const)('price %s, ema9 %s, ema21 %s → %s', (price, e9, e21, expected) => {
    expect(trendOf(price, e9, e21)).toBe(expected);
  });

  it('uses the given price rather than the last close for the trend', () => {
    const e = seeded(Array.from({ length: 30 }, (_, i) => bar(i, 100 + i)));
    expect(e.values().trend).toBe('up');
    // Below both EMAs while they are still stacked upwards: not a down trend yet.
    expect(e.values(50).trend).toBe('flat');
  });
});
