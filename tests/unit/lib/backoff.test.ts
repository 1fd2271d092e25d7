import { describe, it, expect } from 'vitest';
import { fullJitterDelay, parseRetryAfterMs } from '../../../src/lib/backoff.js';

describe('fullJitterDelay', () => {
  it.each([
    [0, 1, 250],
    [1, 1, 500],
    [3, 1, 2000],
    [20, 1, 30_000],
    [3, 0, 0],
    [3, 0.5, 1000],
    [-1, 1, 250],
  ])('attempt %i with random %d gives %i ms', (attempt, r, expected) => {
    expect(fullJitterDelay(attempt, () => r)).toBe(expected);
  });

  it('never exceeds the cap however many attempts were made', () => {
    for (let a = 0; a < 100; a++) expect(fullJitterDelay(a, () => 0.999, { capMs: 5000 })).toBeLessThan(5000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 0, 5, 15, 0, 0);
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['garbage', undefined],
    ['3', 3000],
    ['1.5', 1500],
    [new Date(now + 7000).toUTCString(), 7000],
    [new Date(now - 7000).toUTCString(), 0],
  ])('reads %s as %s ms', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});
