import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newYorkTime, newYorkTimeIntl, nyDate } from '../../../src/lib/new-york.js';

describe('New York wall time', () => {
  it.each([
    [Date.UTC(2026, 10, 25, 1, 30), '2026-11-24', 20 * 60 + 30, -300], // evening in New York, the 25th in UTC
    [Date.UTC(2026, 10, 25, 15, 0), '2026-11-25', 10 * 60, -300],
    [Date.UTC(2026, 6, 1, 3, 59), '2026-06-30', 23 * 60 + 59, -240], // summer time (UTC-4)
    [Date.UTC(2026, 2, 8, 7, 0), '2026-03-08', 3 * 60, -240], // an hour after the spring change
  ])('reads %s as %s, minute %s, offset %s', (ms, date, minutes, offset) => {
    expect(newYorkTime(ms)).toMatchObject({ date, minutes, offset });
    expect(nyDate(ms)).toBe(date);
  });

  it('names the weekday', () => {
    expect(newYorkTime(Date.UTC(2026, 11, 5, 15, 0)).weekday).toBe('Sat');
  });

  it.each([Number.NaN, Number.NEGATIVE_INFINITY])('has no date for %s, and says so without throwing', (ms) => {
    expect(nyDate(ms)).toBeUndefined();
    expect(() => newYorkTime(ms)).toThrow(RangeError);
  });
});

describe('newYorkTime without Intl on every call', () => {
  it('agrees with Intl on any instant from 1970 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(newYorkTime(ms)).toEqual(newYorkTimeIntl(ms));
      }),
      { seed: 20261202, numRuns: 5000 },
    );
  });

  it('agrees with Intl around both 2026 clock changes, second by second', () => {
    for (const edge of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)])
      for (let ms = edge - 3_000; ms <= edge + 3_000; ms += 500) expect(newYorkTime(ms)).toEqual(newYorkTimeIntl(ms));
  });
});
