import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import type { Cluster } from '../../../src/massive/events.js';
import type { SessionPhase } from '../../../src/market/session.js';
import {
  CadenceBook,
  CadenceTracker,
  cadenceStaleAfterMs,
  isStale,
  MAX_CADENCE_STALE_MS,
  staleAfterMs,
} from '../../../src/stream/staleness.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

/** Feeds arrivals `gaps` ms apart (the first at T0) through a manual clock. */
function track(gaps: readonly number[], tracker = new CadenceTracker()): CadenceTracker {
  const clock = new ManualClock(T0);
  tracker.observe(clock.now());
  for (const gap of gaps) {
    clock.advance(gap);
    tracker.observe(clock.now());
  }
  return tracker;
}

describe('CadenceTracker', () => {
  it.each<readonly [string, readonly number[], number | undefined]>([
    ['nothing observed yet', [], undefined],
    ['too few gaps to trust', [60_000, 60_000], undefined],
    ['a steady one-minute index', [60_000, 60_000, 60_000], 60_000],
    ['a tick-by-tick index', [1_000, 1_000, 1_000, 1_000], 1_000],
    ['one long pause (a reconnect) does not move the median', [15_000, 15_000, 600_000, 15_000, 15_000], 15_000],
    ['an even count takes the middle two', [10_000, 20_000, 30_000, 40_000], 25_000],
    ['a value and its bar arriving together count once', [0, 60_000, 100, 59_900, 50, 59_950], 60_000],
  ])('%s', (_name, gaps, expected) => {
    expect(track(gaps).intervalMs()).toBe(expected);
  });

  it('follows a feed that changes pace within its window', () => {
    const tracker = track(
      Array.from({ length: 15 }, () => 60_000),
      new CadenceTracker({ samples: 15 }),
    );
    expect(tracker.intervalMs()).toBe(60_000);
    const clock = new ManualClock(T0 + 15 * 60_000);
    for (let i = 0; i < 8; i++) {
      clock.advance(1_000);
      tracker.observe(clock.now());
    }
    expect(tracker.intervalMs()).toBe(1_000);
  });

  it.each<readonly [string, number]>([
    ['a clock that stepped back', T0 - 5_000],
    ['a NaN time', Number.NaN],
  ])('records no gap for %s', (_name, at) => {
    const tracker = track([5_000, 5_000, 5_000]);
    tracker.observe(at);
    expect(tracker.intervalMs()).toBe(5_000);
  });
});

describe('cadenceStaleAfterMs', () => {
  it.each<readonly [string, SessionPhase, Cluster, number | undefined, number]>([
    ['an index with no cadence yet keeps the base', 'regular', 'indices', undefined, 5_000],
    ['a tick-by-tick index keeps the base', 'regular', 'indices', 1_000, 5_000],
    ['a 15 s index gets three intervals', 'regular', 'indices', 15_000, 45_000],
    ['a once-a-minute index gets three minutes', 'regular', 'indices', 60_000, 180_000],
    ['a very slow index is capped', 'regular', 'indices', 3_600_000, MAX_CADENCE_STALE_MS],
    ['extended hours never go below their own base', 'pre', 'indices', 15_000, 300_000],
    ['a closed market is never stale', 'closed', 'indices', 60_000, Infinity],
    ['stocks ignore the cadence', 'regular', 'stocks', 60_000, 15_000],
    ['options ignore the cadence', 'regular', 'options', 600_000, 120_000],
    ['a negative interval keeps the base', 'regular', 'indices', -10, 5_000],
    ['an infinite interval keeps the base', 'regular', 'indices', Infinity, 5_000],
  ])('%s', (_name, phase, asset, interval, expected) => {
    expect(cadenceStaleAfterMs(phase, asset, interval)).toBe(expected);
  });

  it('equals the table without a cadence', () => {
    expect(cadenceStaleAfterMs('regular', 'indices')).toBe(staleAfterMs('regular', 'indices'));
  });
});

describe('isStale with an observed cadence', () => {
  it.each<readonly [string, number | undefined, number, boolean]>([
    ['a once-a-minute index quiet for 50 s is fresh', 60_000, 50_000, false],
    ['a once-a-minute index quiet for 3 min is stale', 60_000, 180_001, true],
    ['without a cadence the index is stale after 5 s', undefined, 5_001, true],
  ])('%s', (_name, interval, quietMs, stale) => {
    expect(isStale(T0, T0 - 1_000, T0 + quietMs, 'regular', 'indices', 0, interval)).toBe(stale);
  });
});

describe('CadenceBook', () => {
  it('tracks indices per symbol and nothing else', () => {
    const clock = new ManualClock(T0);
    const book = new CadenceBook();
    for (let i = 0; i < 4; i++) {
      book.observe('I:NDX', 'indices', clock.now());
      book.observe('SPY', 'stocks', clock.now());
      if (i % 2 === 0) book.observe('I:SPX', 'indices', clock.now());
      clock.advance(60_000);
    }
    book.observe('I:SPX', 'indices', clock.now());
    expect(book.intervalMs('I:NDX')).toBe(60_000);
    expect(book.intervalMs('SPY')).toBeUndefined();
    expect(book.intervalMs('I:SPX')).toBeUndefined(); // two gaps only
    book.delete('I:NDX');
    expect(book.intervalMs('I:NDX')).toBeUndefined();
  });

  it('holds at most maxSymbols, dropping the oldest', () => {
    const book = new CadenceBook({ maxSymbols: 2, minSamples: 1 });
    for (const sym of ['I:A', 'I:B', 'I:C']) {
      book.observe(sym, 'indices', T0);
      book.observe(sym, 'indices', T0 + 1_000);
    }
    expect(book.intervalMs('I:A')).toBeUndefined();
    expect(book.intervalMs('I:C')).toBe(1_000);
  });
});
