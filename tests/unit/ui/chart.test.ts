import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/massive/rest-models.js';
import { bucketBars, chartBars, priceScale, withOverlays, type ChartBar } from '../../../src/ui/chart-data.js';
import { overlayGlyph, renderChart } from '../../../src/ui/chart-render.js';

// Monday 2026-11-30, 09:30 New York (EST, UTC-5).
const OPEN = Date.UTC(2026, 10, 30, 14, 30);
const MIN = 60_000;

function bar(i: number, o: number, h: number, l: number, c: number, v = 100, from = OPEN): Bar {
  return { timeMs: from + i * MIN, open: o, high: h, low: l, close: c, volume: v, vwap: undefined, trades: 1 };
}

const chartBar = (over: Partial<ChartBar>): ChartBar => ({
  timeMs: OPEN,
  open: 10,
  high: 10,
  low: 10,
  close: 10,
  volume: 0,
  vwap: undefined,
  ema9: undefined,
  ema21: undefined,
  ...over,
});

describe('bucketBars (5-minute bars from minute bars)', () => {
  it('merges minutes into clock-aligned 5-minute OHLCV bars', () => {
    // 09:28 and 09:29 belong to the 09:25 bar; 09:30–09:34 to 09:30; 09:35 starts the next.
    const minutes = [
      bar(-2, 9, 9.5, 8.5, 9.2, 10),
      bar(-1, 9.2, 9.3, 9, 9.1, 20),
      bar(0, 10, 11, 9.5, 10.5, 100),
      bar(1, 10.5, 12, 10, 11, 200),
      bar(4, 11, 11.2, 8, 9, 300),
      bar(5, 9, 9.5, 8.8, 9.4, 50),
    ];
    const five = bucketBars(minutes, 5);
    expect(five.map((b) => b.timeMs)).toEqual([OPEN - 5 * MIN, OPEN, OPEN + 5 * MIN]);
    expect(five[1]).toMatchObject({ open: 10, high: 12, low: 8, close: 9, volume: 600, trades: 3 });
    expect(five[0]).toMatchObject({ open: 9, high: 9.5, low: 8.5, close: 9.1, volume: 30 });
    // The bucket's VWAP is its minutes' typical prices weighted by volume.
    const typical = (b: Bar) => (b.high + b.low + b.close) / 3;
    const want = (typical(minutes[2]!) * 100 + typical(minutes[3]!) * 200 + typical(minutes[4]!) * 300) / 600;
    expect(five[1]!.vwap).toBeCloseTo(want, 10);
  });

  it('leaves 1-minute bars as they are', () => {
    const minutes = [bar(0, 1, 2, 0.5, 1.5), bar(1, 1.5, 2, 1, 1.8)];
    expect(bucketBars(minutes, 1)).toEqual(minutes);
  });
});

describe('overlays', () => {
  it('restarts the VWAP at the 09:30 open, as the indicator engine does', () => {
    const pre = bar(-1, 100, 100, 100, 100, 1_000); // pre-market at 100
    const reg = [bar(0, 10, 10, 10, 10, 100), bar(1, 20, 20, 20, 20, 300)];
    const out = withOverlays([pre, ...reg]);
    expect(out[0]!.vwap).toBe(100);
    expect(out[1]!.vwap).toBe(10);
    expect(out[2]!.vwap).toBeCloseTo((10 * 100 + 20 * 300) / 400, 10);
  });

  it('has EMA 9 from the 9th bar and EMA 21 from the 21st, matching the EMA recurrence', () => {
    const bars = Array.from({ length: 30 }, (_, i) => bar(i, i, i + 1, i - 1, i + 0.5));
    const out = withOverlays(bars);
    expect(out[7]!.ema9).toBeUndefined();
    expect(out[8]!.ema9).toBeDefined();
    expect(out[19]!.ema21).toBeUndefined();
    expect(out[20]!.ema21).toBeDefined();
    // trading-signals' EMA starts from the first close and smooths with 2/(n+1).
    let ema = bars[0]!.close;
    for (const b of bars.slice(1, 9)) ema = ema + (2 / 10) * (b.close - ema);
    expect(out[8]!.ema9).toBeCloseTo(ema, 8);
  });

  it('keeps the newest bars that fit the columns', () => {
    const bars = Array.from({ length: 50 }, (_, i) => bar(i, 1, 2, 0.5, 1.5));
    const shown = chartBars(bars, 1, 20);
    expect(shown).toHaveLength(20);
    expect(shown[19]!.timeMs).toBe(bars[49]!.timeMs);
    expect(chartBars(bars, 5, 200)).toHaveLength(10);
  });
});

describe('priceScale', () => {
  it('maps the highest price to the top row and the lowest to the bottom row', () => {
    const s = priceScale([chartBar({ low: 100, high: 110 })], 10);
    expect([s.min, s.max]).toEqual([100, 110]);
    expect(s.row(110)).toBe(0);
    expect(s.row(100)).toBe(9);
    expect(s.row(105.5)).toBe(4);
    expect(s.row(104.5)).toBe(5);
    expect(s.halfRow(100)).toBe(19);
    expect(s.priceAt(0)).toBeCloseTo(109.5, 10);
  });

  it('spans the overlays too, and widens a flat range', () => {
    const s = priceScale([chartBar({ low: 100, high: 101, vwap: 98, ema21: 103 })], 5);
    expect([s.min, s.max]).toEqual([98, 103]);
    const flat = priceScale([chartBar({ low: 50, high: 50 })], 5);
    expect(flat.max).toBeGreaterThan(flat.min);
    expect(flat.row(50)).toBe(2);
  });
});

describe('renderChart', () => {
  const text = (line: readonly { text: string }[]) => line.map((r) => r.text).join('');

  it('draws exactly the size it is given', () => {
    const bars = Array.from({ length: 300 }, (_, i) => bar(i, 100 + i / 10, 101 + i / 10, 99 + i / 10, 100.5 + i / 10));
    for (const [w, h] of [
      [76, 14],
      [40, 5],
      [30, 3],
      [196, 40],
    ] as const) {
      const pic = renderChart(bars, 1, w, h);
      expect(pic.lines).toHaveLength(h);
      for (const l of pic.lines) expect([...text(l)]).toHaveLength(w);
    }
  });

  it('puts a rising candle body above a falling one, coloured by direction', () => {
    // No volume, so no VWAP line crosses the candles here.
    const bars = [bar(0, 10, 10, 10, 10, 0), bar(1, 15, 20, 15, 20, 0), bar(2, 5, 5, 0, 0, 0)];
    const pic = renderChart(bars, 1, 20, 12); // 10 price rows, volume, time
    const column = (x: number) => pic.lines.slice(0, 10).map((l) => [...text(l)][x]);
    // Ten rows of 2 (twenty half rows of 1): 20 → 15 fills half rows 0–5, 5 → 0 half rows 15–19.
    expect(column(1).join('')).toBe('███       ');
    expect(column(2).join('')).toBe('       ▄██');
    expect(column(0).join('')).toBe('     ▀    '); // the doji at 10: the top half of row 5
    const roleAt = (row: number, x: number) => {
      let at = 0;
      for (const r of pic.lines[row]!) {
        if (x < at + [...r.text].length) return r.role;
        at += [...r.text].length;
      }
      return undefined;
    };
    expect(roleAt(0, 1)).toBe('up');
    expect(roleAt(9, 2)).toBe('down');
  });

  it('draws the overlays on the rows of their values, never over a candle body', () => {
    // Flat bars at 100 with a volume-weighted price of 104 and a range 90..110.
    const bars = Array.from({ length: 30 }, (_, i) => ({ ...bar(i, 100, 110, 90, 100), vwap: 104 }));
    const pic = renderChart(bars, 1, 41, 22); // 30 bars in 30 columns, 20 price rows
    const rows = pic.lines.slice(0, 20).map(text);
    const vwapRow = rows.findIndex((r) => r.includes(overlayGlyph.vwap));
    expect(vwapRow).toBe(priceScale(pic.bars, 20).row(104));
    expect(rows[vwapRow]!.slice(0, 30)).toBe(overlayGlyph.vwap.repeat(30));
    // EMA 9 (from bar 9) equals the closes (100), where the doji bodies sit: the bodies win.
    const bodyRow = priceScale(pic.bars, 20).row(100);
    expect(rows[bodyRow]).not.toContain(overlayGlyph.ema9);
  });

  it('scales the volume strip to the largest bar and labels the times', () => {
    const bars = [bar(0, 1, 1, 1, 1, 800), bar(1, 1, 1, 1, 1, 400), bar(2, 1, 1, 1, 1, 0)];
    const pic = renderChart(bars, 1, 30, 6);
    const volume = text(pic.lines[4]!);
    expect(volume.slice(0, 3)).toBe('█▄ ');
    expect(volume).toContain('vol 800');
    const times = text(pic.lines[5]!);
    expect(times.startsWith('09:30')).toBe(true);
  });
});
