import { describe, expect, it } from 'vitest';
import { dailyAtr } from '../../../../src/market/indicators/daily-atr.js';
import type { Bar } from '../../../../src/massive/rest-models.js';

/** A daily bar stamped at New York midnight (05:00 UTC in winter), as Massive stamps them. */
function day(date: string, low: number, high: number, close = (low + high) / 2): Bar {
  return {
    timeMs: Date.parse(`${date}T05:00:00Z`),
    open: close,
    high,
    low,
    close,
    volume: 1,
    vwap: undefined,
    trades: undefined,
  };
}

const dates = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10));

describe('dailyAtr', () => {
  it('is the average true range of finished sessions', () => {
    // Every range 2 wide around 100, no gaps: every true range is 2.
    expect(
      dailyAtr(
        dates.slice(0, 15).map((d) => day(d, 99, 101)),
        '2026-11-30',
      ),
    ).toBeCloseTo(2, 12);
  });

  it('leaves out today’s unfinished bar and waits for enough sessions', () => {
    const bars = dates.slice(0, 15).map((d) => day(d, 99, 101));
    // 14 sessions seed ATR(14) (the first true range is high − low); the 14th here is "today".
    expect(dailyAtr([...bars.slice(0, 13), day(dates[13]!, 95, 105)], dates[13]!)).toBeUndefined();
    expect(dailyAtr(bars.slice(0, 14), dates[14]!)).toBeCloseTo(2, 12);
    expect(dailyAtr([...bars, day(dates[15]!, 90, 110)], dates[15]!)).toBeCloseTo(2, 12);
  });

  it('counts gaps through the previous close (Wilder)', () => {
    const bars = dates.slice(0, 14).map((d) => day(d, 99, 101, 100));
    // A gap up: high 106, low 104, previous close 100 → true range 6.
    const atr = dailyAtr([...bars, day(dates[14]!, 104, 106, 105)], '2026-12-31');
    expect(atr).toBeCloseTo((13 * 2 + 6) / 14, 12);
  });

  it('sorts bars given out of order and ignores malformed ones', () => {
    const bars = dates.slice(0, 15).map((d) => day(d, 99, 101));
    const broken = { ...day('2026-11-25', 1, 2), high: Number.NaN };
    expect(dailyAtr([broken, ...bars.reverse()], '2026-12-31')).toBeCloseTo(2, 12);
  });
});
