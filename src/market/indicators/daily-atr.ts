/**
 * ATR(14) of daily bars for the trade plan, with trading-signals' ATR (Wilder smoothing, as the
 * minute-bar engine uses). Daily, not minute, because the plan's multiples are fractions of a
 * day's range; and only finished sessions, because today's partial bar would shrink the range.
 */
import { ATR } from 'trading-signals';
import type { Bar } from '../../massive/rest-models.js';
import { nyDate } from '../../lib/new-york.js';
import { isValidBar } from './bars.js';

export const DAILY_ATR_PERIOD = 14;

/**
 * ATR over the daily bars that closed before `today` (New York YYYY-MM-DD), oldest first after
 * sorting; undefined until there are enough of them.
 */
export function dailyAtr(bars: readonly Bar[], today: string, period: number = DAILY_ATR_PERIOD): number | undefined {
  const atr = new ATR(period);
  const done = bars
    .filter((b) => isValidBar(b) && (nyDate(b.timeMs) ?? today) < today)
    .sort((a, b) => a.timeMs - b.timeMs);
  for (const b of done) atr.update({ high: b.high, low: b.low, close: b.close }, false);
  const v = atr.getResult();
  return v === null || !Number.isFinite(v) ? undefined : v;
}
