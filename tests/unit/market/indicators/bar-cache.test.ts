import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../src/massive/rest-models.js';
import {
  BAR_CACHE_VERSION,
  barCacheKey,
  isExpiredBarCacheKey,
  parseBarCache,
  parseBarCacheKey,
  serializeBarCache,
  sessionDateOf,
} from '../../../../src/market/indicators/bar-cache.js';
import { IndicatorEngine } from '../../../../src/market/indicators/engine.js';
import { randomBars } from './reference.js';

const T0 = Date.UTC(2026, 2, 10, 14, 30);

describe('bar cache keys', () => {
  it.each([
    ['SPY', '2026-03-10', 'bars-1m-2026-03-10-SPY.json'],
    ['I:SPX', '2026-03-10', 'bars-1m-2026-03-10-I_SPX.json'],
    ['BRK.B', '2026-03-10', 'bars-1m-2026-03-10-BRK.B.json'],
    ['O:SPY261218C00650000', '2026-03-10', 'bars-1m-2026-03-10-O_SPY261218C00650000.json'],
    ['../etc/passwd', '2026-03-10', 'bars-1m-2026-03-10-.._etc_passwd.json'],
  ])('names %s on %s as %s (no path separators or colons)', (symbol, date, key) => {
    expect(barCacheKey(symbol, date)).toBe(key);
    expect(parseBarCacheKey(key)).toEqual({ sessionDate: date, safeSymbol: key.slice(19, -5) });
  });

  it.each([
    // 23:30 New York on the 9th is already the 10th in UTC: the session date follows New York.
    [Date.UTC(2026, 2, 10, 3, 30), '2026-03-09'],
    [Date.UTC(2026, 2, 10, 14, 30), '2026-03-10'],
    [Number.NaN, undefined],
  ])('dates the session of %s as %s', (now, date) => {
    expect(sessionDateOf(now)).toBe(date);
  });

  it.each([
    ['bars-1m-2026-03-09-SPY.json', true],
    ['bars-1m-2026-03-10-SPY.json', false],
    ['bars-1m-2026-03-11-SPY.json', false],
    ['settings.json', false],
  ])('judges %s expired on 2026-03-10: %s', (name, expired) => {
    expect(isExpiredBarCacheKey(name, '2026-03-10')).toBe(expired);
  });
});

describe('bar cache serialisation', () => {
  const bars = randomBars(30, T0);

  it('round-trips the bars and seeds an engine to the same values', () => {
    const text = serializeBarCache('SPY', '2026-03-10', bars, T0 + 1_800_000);
    const entry = parseBarCache(text, 'SPY', '2026-03-10');
    expect(entry?.savedAt).toBe(T0 + 1_800_000);
    expect(entry?.bars).toEqual(bars);
    const a = new IndicatorEngine('SPY');
    a.seed(bars);
    const b = new IndicatorEngine('SPY');
    b.seed(entry?.bars ?? []);
    expect(b.values()).toEqual(a.values());
  });

  it('keeps bars without volume or vwap (index bars)', () => {
    const index: Bar[] = [
      { timeMs: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: undefined, vwap: undefined, trades: undefined },
    ];
    expect(parseBarCache(serializeBarCache('I:SPX', '2026-03-10', index, T0), 'I:SPX', '2026-03-10')?.bars).toEqual(
      index,
    );
  });

  const good = serializeBarCache('SPY', '2026-03-10', bars.slice(0, 2), T0);
  const envelope = JSON.parse(good) as Record<string, unknown>;
  it.each([
    ['invalid JSON', '{"v":1,', 'SPY', '2026-03-10'],
    ['a JSON array', '[]', 'SPY', '2026-03-10'],
    ['another symbol', good, 'QQQ', '2026-03-10'],
    ['another session date', good, 'SPY', '2026-03-11'],
    ['a malformed date asked for', good, 'SPY', 'today'],
    ['another version', JSON.stringify({ ...envelope, v: BAR_CACHE_VERSION + 1 }), 'SPY', '2026-03-10'],
    ['bars not an array', JSON.stringify({ ...envelope, bars: {} }), 'SPY', '2026-03-10'],
    ['no savedAt', JSON.stringify({ ...envelope, savedAt: 'x' }), 'SPY', '2026-03-10'],
  ])('treats %s as a miss', (_name, text, symbol, date) => {
    expect(parseBarCache(text, symbol, date)).toBeUndefined();
  });

  it('skips malformed rows but keeps the good ones', () => {
    const text = JSON.stringify({
      ...envelope,
      bars: [
        [T0, 1, 2, 0.5, 1.5, 10, null],
        'x',
        [T0 + 60_000, 'a', 2, 1, 1, 1, 1],
        [T0 + 120_000, 1, 2, 0.5, 1, null, null],
      ],
    });
    expect(parseBarCache(text, 'SPY', '2026-03-10')?.bars.map((b) => b.timeMs)).toEqual([T0, T0 + 120_000]);
  });
});
