import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import type { Cluster } from '../../../src/massive/events.js';
import type { SessionPhase } from '../../../src/market/session.js';
import { RestBudget } from '../../../src/stream/budget.js';
import { clusterHealthy, overall } from '../../../src/stream/health.js';
import { InterestCounts, interestFor, topicsByCluster } from '../../../src/stream/interests.js';
import {
  basePollIntervalMs,
  nextSlowdown,
  optionUnderlying,
  planRequests,
  pollIntervals,
} from '../../../src/stream/poll-policy.js';
import { SNAPSHOT_ROUTES } from '../../helpers/poller-rig.js';
import { isStale, stallAfterMs, staleAfterMs } from '../../../src/stream/staleness.js';

describe('staleness thresholds', () => {
  it.each<[SessionPhase, Cluster, number]>([
    ['regular', 'stocks', 15_000],
    ['regular', 'indices', 5_000],
    ['regular', 'options', 120_000],
    ['pre', 'stocks', 120_000],
    ['after', 'options', Infinity],
    ['closed', 'stocks', Infinity],
  ])('in %s, %s go stale after %d ms', (phase, asset, ms) => {
    expect(staleAfterMs(phase, asset)).toBe(ms);
  });

  it.each<[string, number | undefined, number, number, SessionPhase, boolean]>([
    ['fresh trade', 100_000, 0, 110_000, 'regular', false],
    ['quiet past the limit', 100_000, 0, 115_001, 'regular', true],
    ['never updated, just subscribed', undefined, 100_000, 110_000, 'regular', false],
    ['never updated for long', undefined, 100_000, 200_000, 'regular', true],
    ['closed market never stale', 0, 0, 10_000_000, 'closed', false],
    ['NaN last update falls back to since', NaN, 100_000, 105_000, 'regular', false],
  ])('%s', (_name, last, since, now, phase, stale) => {
    expect(isStale(last, since, now, phase, 'stocks')).toBe(stale);
  });

  it.each<[SessionPhase, number | undefined, number]>([
    ['regular', undefined, 10_000],
    ['pre', undefined, 120_000],
    ['regular', 1_500, 1_500],
    ['regular', -5, 10_000],
    ['closed', 1_500, Infinity],
  ])('a live cluster in %s (override %s) stalls after %d ms of silence', (phase, override, ms) => {
    expect(stallAfterMs(phase, override)).toBe(ms);
  });
});

describe('poll policy', () => {
  it.each<[SessionPhase, Cluster, number]>([
    ['regular', 'stocks', 3_000],
    ['regular', 'options', 10_000],
    ['pre', 'indices', 30_000],
    ['closed', 'stocks', Infinity],
  ])('in %s, %s poll every %d ms', (phase, asset, ms) => {
    expect(basePollIntervalMs(phase, asset)).toBe(ms);
  });

  it('covers any number of stocks with one snapshot call and indices with another', () => {
    const reqs = planRequests(
      { stocks: ['SPY', 'QQQ', 'NVDA', 'SPY'], indices: ['I:SPX', 'I:VIX'], options: [] },
      SNAPSHOT_ROUTES,
    );
    expect(reqs.map((r) => [r.kind, r.tickers])).toEqual([
      ['stock-snapshot', ['NVDA', 'QQQ', 'SPY']],
      ['index-snapshot', ['I:SPX', 'I:VIX']],
    ]);
    expect(reqs[0]!.path(0)).toBe('/v2/snapshot/locale/us/markets/stocks/tickers?tickers=NVDA,QQQ,SPY');
    expect(reqs[1]!.path(0)).toBe('/v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX');
  });

  it('reads a few watched contracts of an underlying from their own snapshots', () => {
    const reqs = planRequests(
      {
        stocks: [],
        indices: [],
        options: ['O:SPY261218C00650000', 'O:SPY261218P00600000', 'O:SPXW261218C06500000', 'junk'],
      },
      SNAPSHOT_ROUTES,
    );
    expect(reqs.map((r) => [r.key, r.tickers.length])).toEqual([
      ['contract|O:SPXW261218C06500000', 1],
      ['contract|O:SPY261218C00650000', 1],
      ['contract|O:SPY261218P00600000', 1],
    ]);
    expect(reqs[1]!.path(0)).toBe('/v3/snapshot/options/SPY/O:SPY261218C00650000');
  });

  it('falls back to one latest-bar call per ticker without snapshots, and drops options', () => {
    const reqs = planRequests(
      { stocks: ['SPY'], indices: ['I:VIX'], options: ['O:SPY261218C00650000'] },
      { stocks: 'bars', indices: 'bars', options: 'none' },
      'regular',
    );
    expect(reqs.map((r) => r.kind)).toEqual(['ticker-aggs', 'ticker-aggs']);
    expect(reqs[0]!.path(1_800_000)).toBe('/v2/aggs/ticker/SPY/range/1/minute/0/1800000?sort=desc');
  });

  it.each([
    ['O:SPY261218C00650000', 'SPY'],
    ['O:SPXW261218C06500000', 'I:SPX'],
    ['O:SPY1261218C00650000', 'SPY'],
    ['SPY', undefined],
  ])('maps contract %s to chain underlying %s', (contract, underlying) => {
    expect(optionUnderlying(contract)).toBe(underlying);
  });

  it.each<[string, number, number, number]>([
    // [case, budget per ms, slowdown, expected stocks interval]
    ['within budget: base interval', 1, 1, 3_000],
    ['over budget: stretched evenly', 1 / 60_000, 1, 120_000],
    ['after 429s: slowed down', 1, 4, 12_000],
    ['no budget at all: never', 0, 1, Infinity],
    ['bad slowdown is ignored', 1, NaN, 3_000],
  ])('%s', (_name, budgetPerMs, slowdown, expected) => {
    const reqs = planRequests({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, SNAPSHOT_ROUTES);
    expect(pollIntervals(reqs, { phase: 'regular', budgetPerMs, slowdown }).get('stocks')).toBe(expected);
  });

  it.each<[number, 'ok' | 'rate-limited', number]>([
    [1, 'rate-limited', 2],
    [8, 'rate-limited', 16],
    [16, 'rate-limited', 16],
    [2, 'ok', 1.8],
    [1, 'ok', 1],
    [NaN, 'ok', 1],
  ])('slowdown %d after %s becomes %d', (current, outcome, next) => {
    expect(nextSlowdown(current, outcome)).toBeCloseTo(next, 9);
  });
});

describe('refcounted interests', () => {
  it('subscribes on the first reference and lets go on the last', () => {
    const counts = new InterestCounts();
    const spy = { kind: 'quote', symbol: 'SPY' } as const;
    expect(counts.add(spy)).toBe(true);
    expect(counts.add(spy)).toBe(false);
    expect(counts.remove(spy)).toBe(false);
    expect(counts.remove(spy)).toBe(true);
    expect(counts.remove(spy)).toBe(false);
    expect(counts.list()).toEqual([]);
  });

  it('turns interests into topics per cluster and skips invalid symbols', () => {
    const topics = topicsByCluster([
      { kind: 'quote', symbol: 'SPY' },
      { kind: 'bars', symbol: 'SPY' },
      { kind: 'index', symbol: 'I:SPX' },
      { kind: 'flow', symbol: 'O:SPY261218C00650000' },
      { kind: 'quote', symbol: 'not a ticker!' },
    ]);
    expect([...topics.get('stocks')!]).toEqual(['T.SPY', 'Q.SPY', 'A.SPY', 'AM.SPY']);
    expect([...topics.get('indices')!]).toEqual(['V.I:SPX', 'A.I:SPX']);
    expect([...topics.get('options')!]).toEqual(['T.O:SPY261218C00650000', 'Q.O:SPY261218C00650000']);
  });

  it.each([
    ['SPY', 'quote'],
    ['I:VIX', 'index'],
    ['O:SPY261218C00650000', 'flow'],
  ])('follows %s as a %s interest', (symbol, kind) => {
    expect(interestFor(symbol)).toEqual({ kind, symbol });
  });

  it('ignores a symbol that cannot be followed', () => {
    expect(interestFor('$$$')).toBeUndefined();
  });
});

describe('cluster health and what needs REST', () => {
  const base = { lastDataAt: 10_000, liveSince: 0, createdAt: 0 };
  it.each<[string, Parameters<typeof clusterHealthy>[0], number, SessionPhase, boolean]>([
    ['live with fresh data', { ...base, state: 'live' }, 15_000, 'regular', true],
    ['live but silent too long', { ...base, state: 'live' }, 21_000, 'regular', false],
    ['live and silent, but closed', { ...base, state: 'live' }, 10_000_000, 'closed', true],
    ['reconnecting', { ...base, state: 'reconnecting' }, 10_001, 'regular', false],
    ['auth failed (no WS on the plan)', { ...base, state: 'auth_failed' }, 10_001, 'regular', false],
    [
      'first connect within grace',
      { lastDataAt: undefined, liveSince: undefined, createdAt: 0, state: 'connecting' },
      2_000,
      'regular',
      true,
    ],
    [
      'first connect taking too long',
      { lastDataAt: undefined, liveSince: undefined, createdAt: 0, state: 'connecting' },
      4_000,
      'regular',
      false,
    ],
  ])('%s', (_name, view, now, phase, healthy) => {
    expect(clusterHealthy(view, now, phase)).toBe(healthy);
  });

  it.each<[Parameters<typeof overall>[0], string]>([
    [['live', 'live'], 'live'],
    [['live', 'reconnecting'], 'reconnecting'],
    [['connecting', 'live'], 'connecting'],
    [['auth_failed', 'reconnecting'], 'auth_failed'],
    [[], 'offline'],
    [['closed'], 'offline'],
  ])('summarises %j as %s', (states, expected) => {
    expect(overall(states)).toBe(expected);
  });
});

describe('REST budget', () => {
  it('never allows more than its share of the quota in any window, with a safety margin', () => {
    const clock = new ManualClock(0);
    const budget = new RestBudget({ clock, quota: { limit: 5, intervalMs: 60_000 } });
    expect(budget.limit).toBe(4);
    const taken: number[] = [];
    for (let t = 0; t < 300_000; t += 500) {
      clock.set(t);
      if (budget.tryTake()) taken.push(t);
    }
    for (const t of taken) expect(taken.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(4);
    // 4 per ~61.5 s over 5 minutes.
    expect(taken.length).toBeGreaterThanOrEqual(16);
    expect(taken.length).toBeLessThanOrEqual(20);
  });

  it('waits out a Retry-After pause and an empty shared bucket', () => {
    const clock = new ManualClock(0);
    const budget = new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } });
    budget.pauseFor(2_000);
    expect(budget.waitMs()).toBe(2_000);
    clock.set(2_000);
    expect(budget.tryTake()).toBe(true);
    budget.observe({ 'x-quota-left': '0' });
    expect(budget.waitMs()).toBe(20);
    budget.observe({ 'x-quota-left': 'garbage' });
    expect(budget.waitMs()).toBe(20);
  });

  it.each([[{ limit: 0, intervalMs: 1000 }], [{ limit: 5, intervalMs: -1 }], [{ limit: NaN, intervalMs: 1000 }]])(
    'ignores a malformed quota %j',
    (quota) => {
      const budget = new RestBudget({ clock: new ManualClock(0) });
      budget.configure(quota);
      expect(budget.limit).toBe(4);
      expect(budget.intervalMs).toBe(60_000);
    },
  );
});
