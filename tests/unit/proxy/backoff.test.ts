import { describe, it, expect } from 'vitest';
import { reconnectDelay } from '../../../src/proxy/backoff.js';

describe('reconnectDelay', () => {
  it.each([
    [0, 1, 500],
    [1, 1, 1000],
    [5, 1, 16_000],
    [6, 1, 30_000],
    [50, 1, 30_000],
    [4, 0, 0],
  ])('after an ordinary drop, attempt %i with random %d waits %i ms', (attempt, r, ms) => {
    expect(reconnectDelay(attempt, 'error', () => r)).toBe(ms);
  });

  it.each([
    [0, 0, 30_000],
    [0, 1, 60_000],
    [1, 0, 60_000],
    [3, 1, 480_000],
    [10, 1, 600_000],
  ])('after an eviction, attempt %i with random %d waits %i ms (never a short storm)', (attempt, r, ms) => {
    expect(reconnectDelay(attempt, 'max_connections', () => r)).toBe(ms);
  });

  it('honours a custom schedule', () => {
    expect(reconnectDelay(2, 'error', () => 1, { baseMs: 10, capMs: 25 })).toBe(25);
    expect(reconnectDelay(0, 'max_connections', () => 0, { evictionBaseMs: 1000 })).toBe(500);
  });
});
