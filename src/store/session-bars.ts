import type { Bar } from '../massive/rest-models.js';
import { nyMinuteOfDay } from '../market/ny-date.js';

/** Minute bars kept per symbol for the chart: one extended session, 04:00–20:00 New York. */
export const SESSION_BAR_CAP = 960;

/**
 * The 1-minute OHLCV of the session the newest bar belongs to (its New York date), oldest first,
 * at most `cap` of them. The engines keep about three sessions for the indicators; the chart
 * wants only today's (or, overnight and in a replay, the last session's).
 */
export function sessionBars(bars: readonly Bar[], cap = SESSION_BAR_CAP): readonly Bar[] {
  const last = bars[bars.length - 1];
  if (last === undefined) return [];
  // New York midnight before the newest bar, from one time-zone lookup rather than one per bar
  // (this runs on every published frame the bars moved in).
  const minutes = nyMinuteOfDay(last.timeMs) ?? 0;
  const midnight = last.timeMs - (last.timeMs % 60_000) - minutes * 60_000;
  let from = bars.length - 1;
  const stop = Math.max(0, bars.length - cap);
  while (from > stop && bars[from - 1]!.timeMs >= midnight) from--;
  return bars.slice(from);
}
