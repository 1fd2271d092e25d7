import { describe, expect, it } from 'vitest';
import { nyDate } from '../../../src/lib/new-york.js';
import { daysToExpiry, nyMinuteOfDay } from '../../../src/market/ny-date.js';

describe('New York dates', () => {
  it.each([
    [Date.UTC(2026, 0, 15, 14, 30), '2026-01-15', 9 * 60 + 30], // EST, UTC−5
    [Date.UTC(2026, 6, 15, 13, 30), '2026-07-15', 9 * 60 + 30], // EDT, UTC−4
    [Date.UTC(2026, 0, 16, 4, 59), '2026-01-15', 23 * 60 + 59],
    [Date.UTC(2026, 0, 16, 5, 0), '2026-01-16', 0],
  ])('reads %s as %s, minute %s', (ms, date, minute) => {
    expect(nyDate(ms)).toBe(date);
    expect(nyMinuteOfDay(ms)).toBe(minute);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('gives undefined for %s', (ms) => {
    expect(nyDate(ms)).toBeUndefined();
    expect(nyMinuteOfDay(ms)).toBeUndefined();
  });

  it.each([
    ['2026-01-16', Date.UTC(2026, 0, 16, 15, 0), 0],
    ['2026-01-16', Date.UTC(2026, 0, 16, 2, 0), 1], // 21:00 New York on the 15th
    ['2026-12-18', Date.UTC(2026, 0, 16, 15, 0), 336],
    ['2026-03-09', Date.UTC(2026, 2, 6, 15, 0), 3], // across the DST change
    ['2026-01-15', Date.UTC(2026, 0, 16, 15, 0), -1],
    ['2026-13-01', Date.UTC(2026, 0, 16, 15, 0), undefined],
    ['2026-02-30', Date.UTC(2026, 0, 16, 15, 0), undefined],
    ['soon', Date.UTC(2026, 0, 16, 15, 0), undefined],
  ])('counts days from New York today to %s', (expiry, now, days) => {
    expect(daysToExpiry(expiry, now)).toBe(days);
  });
});
