/**
 * Draws the detail view's chart as text: candles in block glyphs (half-cell resolution), VWAP and
 * EMA 9/21 as dotted overlays, a volume strip in eighth blocks and a time axis, cut to the exact
 * width and height it is given. The result is lines of runs tagged with a role, so the Ink
 * component colours them from the theme (and NO_COLOR loses only hue: each overlay has its own
 * glyph).
 *
 * Written here rather than taken from a library: asciichart (the maintained one) draws only line
 * series in box-drawing glyphs, one point per column, and bakes ANSI colours into its string;
 * the Ink chart packages are React components with their own sizing; drawille (braille) has no
 * per-cell colour and no candles. None draws OHLC candles with overlays and volume at a given
 * size, which is most of this file.
 */
import { newYorkTime } from '../lib/new-york.js';
import type { Bar } from '../massive/rest-models.js';
import { chartBars, priceScale, type ChartBar, type ChartMinutes, type PriceScale } from './chart-data.js';
import { formatPrice, formatVolume } from './format.js';

export type ChartRole = 'up' | 'down' | 'vwap' | 'ema9' | 'ema21' | 'axis' | 'blank';

/** A run of characters drawn in one role. */
export interface ChartRun {
  readonly text: string;
  readonly role: ChartRole;
}

export interface ChartPicture {
  /** Exactly `height` lines, each exactly `width` characters wide. */
  readonly lines: readonly (readonly ChartRun[])[];
  /** The bars drawn (oldest first), for the legend. */
  readonly bars: readonly ChartBar[];
}

/** Overlay glyphs: distinct shapes, so the lines stay apart without colour. */
export const overlayGlyph = { vwap: '─', ema9: '•', ema21: '◦' } as const;
const eighths = ' ▁▂▃▄▅▆▇█';

interface Cell {
  ch: string;
  role: ChartRole;
  /** A candle body: overlays draw over wicks and blanks, never over a body. */
  body?: boolean;
}

/** The candle cells of one bar, top to bottom, at half-row resolution. */
function drawCandle(grid: Cell[][], x: number, b: ChartBar, s: PriceScale): void {
  const role: ChartRole = b.close >= b.open ? 'up' : 'down';
  const [wTop, wBot] = [s.halfRow(b.high), s.halfRow(b.low)];
  const [bTop, bBot] = [s.halfRow(Math.max(b.open, b.close)), s.halfRow(Math.min(b.open, b.close))];
  for (let r = Math.floor(wTop / 2); r <= Math.floor(wBot / 2); r++) {
    const inBody = (h: number) => h >= bTop && h <= bBot;
    const inWick = (h: number) => h >= wTop && h <= wBot;
    const [t, u] = [2 * r, 2 * r + 1];
    let ch = ' ';
    if (inBody(t) && inBody(u)) ch = '█';
    else if (inBody(t)) ch = '▀';
    else if (inBody(u)) ch = '▄';
    else if (inWick(t) && inWick(u)) ch = '│';
    else if (inWick(t)) ch = '╵';
    else if (inWick(u)) ch = '╷';
    grid[r]![x] = { ch, role, body: inBody(t) || inBody(u) };
  }
}

/** The price rows, with the axis labels on the right. */
function priceRows(bars: readonly ChartBar[], rows: number, plot: number, label: number): Cell[][] {
  const s = priceScale(bars, rows);
  const grid: Cell[][] = Array.from({ length: rows }, () =>
    Array.from({ length: plot + label }, (): Cell => ({ ch: ' ', role: 'blank' })),
  );
  for (const [x, b] of bars.entries()) drawCandle(grid, x, b, s);
  for (const key of ['ema21', 'ema9', 'vwap'] as const) {
    bars.forEach((b, x) => {
      const v = b[key];
      if (v === undefined) return;
      const cell = grid[s.row(v)]![x]!;
      if (!cell.body) Object.assign(cell, { ch: overlayGlyph[key], role: key });
    });
  }
  const put = (r: number, text: string, role: ChartRole) => {
    const t = ` ${text}`.slice(0, label).padEnd(label);
    for (let i = 0; i < label; i++) grid[r]![plot + i] = { ch: t[i]!, role };
  };
  put(0, formatPrice(s.max), 'axis');
  if (rows > 1) put(rows - 1, formatPrice(s.min), 'axis');
  const last = bars[bars.length - 1];
  if (last) put(s.row(last.close), formatPrice(last.close), last.close >= last.open ? 'up' : 'down');
  return grid;
}

function volumeRow(bars: readonly ChartBar[], plot: number, label: number): Cell[] {
  const max = Math.max(0, ...bars.map((b) => b.volume));
  const row: Cell[] = bars.map((b) => ({
    ch: max > 0 ? eighths[Math.min(8, Math.ceil((b.volume / max) * 8))]! : ' ',
    role: b.close >= b.open ? 'up' : 'down',
  }));
  while (row.length < plot) row.push({ ch: ' ', role: 'blank' });
  const text = ` vol ${formatVolume(max)}`.slice(0, label).padEnd(label);
  return [...row, ...[...text].map((ch): Cell => ({ ch, role: 'axis' }))];
}

const hhmm = (ms: number): string => {
  const m = newYorkTime(ms).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** Times under the first, middle and last bars (New York), where they fit without overlapping. */
function timeAxis(bars: readonly ChartBar[], width: number): Cell[] {
  const line = Array.from({ length: width }, () => ' ');
  let free = 0;
  const n = bars.length;
  for (const [i, x] of [
    [0, 0],
    [Math.floor(n / 2), Math.floor(n / 2) - 2],
    [n - 1, n - 5],
  ] as const) {
    const b = bars[i];
    if (b === undefined || x < free || x + 5 > width) continue;
    line.splice(x, 5, ...hhmm(b.timeMs));
    free = x + 6;
  }
  return line.map((ch) => ({ ch, role: 'axis' }));
}

/** Adjacent cells of one role become one run. */
function runs(cells: readonly Cell[]): ChartRun[] {
  const out: { text: string; role: ChartRole }[] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && last.role === c.role) last.text += c.ch;
    else out.push({ text: c.ch, role: c.role });
  }
  return out;
}

/**
 * The chart of a session's minute bars at `minutes` per bar in `width` × `height` cells: price
 * rows, then (from 4 lines) a volume strip and (from 5) a time axis. One bar per column, the
 * newest at the right; the price labels take the right-hand columns.
 */
export function renderChart(
  minuteBars: readonly Bar[],
  minutes: ChartMinutes,
  width: number,
  height: number,
): ChartPicture {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  const extras = h >= 5 ? 2 : h >= 4 ? 1 : 0;
  const label = Math.min(Math.max(0, w - 1), 11);
  const plot = w - label;
  const bars = chartBars(minuteBars, minutes, plot);
  const grid = priceRows(bars, h - extras, plot, label);
  if (extras >= 1) grid.push(volumeRow(bars, plot, label));
  if (extras >= 2) grid.push(timeAxis(bars, w));
  return { lines: grid.map(runs), bars };
}
