import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../../src/massive/client-messages.js';
import { entitlementOf, type Entitlement, type Feed } from '../../../src/massive/entitlements.js';
import {
  ASSUMED_ENTITLEMENT,
  dataPhase,
  entitledTopics,
  notInPlanReason,
  quotesByRest,
  sameEntitlement,
  streams,
  tickerProblem,
} from '../../../src/stream/feed-policy.js';

const ent = (feed: Feed, channels: readonly Channel[], over: Partial<Entitlement> = {}): Entitlement => ({
  feed,
  channels,
  recency: feed === 'realtime' ? 'realtime' : 'delayed',
  snapshots: true,
  restQuotes: false,
  source: 'detected',
  ...over,
});

const QUOTE_TOPICS = ['T.SPY', 'Q.SPY', 'A.SPY'];

describe('topics per entitlement', () => {
  it.each<[string, Entitlement, readonly string[], readonly string[]]>([
    ['the real-time assumption keeps everything', ASSUMED_ENTITLEMENT, QUOTE_TOPICS, QUOTE_TOPICS],
    [
      'stocks Developer (delayed T, A, AM): no quotes',
      entitlementOf('stocks', 'developer', 'detected'),
      QUOTE_TOPICS,
      ['T.SPY', 'A.SPY'],
    ],
    [
      'stocks Starter (A, AM): Last from second bars',
      entitlementOf('stocks', 'starter', 'detected'),
      QUOTE_TOPICS,
      ['A.SPY'],
    ],
    ['stocks Advanced: everything', entitlementOf('stocks', 'advanced', 'detected'), QUOTE_TOPICS, QUOTE_TOPICS],
    ['REST only: no topic at all', entitlementOf('stocks', 'basic', 'detected'), QUOTE_TOPICS, []],
    ['not in the plan: no topic at all', entitlementOf('indices', 'none', 'detected'), ['V.I:SPX', 'A.I:SPX'], []],
    [
      'indices without second bars: values and minute bars',
      ent('delayed', ['V', 'AM']),
      ['V.I:SPX', 'A.I:SPX', 'AM.I:SPX'],
      ['V.I:SPX', 'AM.I:SPX'],
    ],
    ['option flow needs trades', ent('delayed', ['A', 'AM']), ['FLOW.SPY', 'T.O:SPY261127C00600000'], []],
    ['option flow with trades', ent('delayed', ['T', 'A', 'AM']), ['FLOW.SPY', 'Q.O:SPY261127C00600000'], ['FLOW.SPY']],
    ['malformed topics are dropped', ASSUMED_ENTITLEMENT, ['SPY', '.SPY', 'X.SPY'], []],
  ])('%s', (_name, e, topics, expected) => {
    expect([...entitledTopics(topics, e)].sort()).toEqual([...expected].sort());
  });
});

describe('what a feed means', () => {
  it.each<[string, Entitlement, boolean, boolean]>([
    // name, entitlement, streams, bid/ask by REST
    ['assumed', ASSUMED_ENTITLEMENT, true, false],
    ['real-time without Q, REST quotes', ent('realtime', ['T', 'A'], { restQuotes: true }), true, true],
    ['real-time without Q, no REST quotes', ent('realtime', ['T', 'A']), true, false],
    ['delayed', entitlementOf('stocks', 'developer', 'detected'), true, false],
    ['REST only, end of day', entitlementOf('stocks', 'basic', 'detected'), false, false],
    ['REST only with quotes never polls quotes separately', ent('rest', [], { restQuotes: true }), false, false],
    ['none', entitlementOf('options', 'none', 'detected'), false, false],
  ])('%s', (_name, e, s, q) => {
    expect([streams(e), quotesByRest(e)]).toEqual([s, q]);
  });

  it.each<[string, string, Entitlement, string]>([
    ['9:40 New York is pre-market for a delayed feed', '2026-03-10T13:40:00Z', ent('delayed', ['T']), 'pre'],
    ['9:40 New York is regular for a real-time feed', '2026-03-10T13:40:00Z', ASSUMED_ENTITLEMENT, 'regular'],
    ['16:10 is still the regular session for a delayed feed', '2026-03-10T20:10:00Z', ent('delayed', ['T']), 'regular'],
    ['16:10 is after hours in real time', '2026-03-10T20:10:00Z', ASSUMED_ENTITLEMENT, 'after'],
  ])('%s', (_name, iso, e, phase) => {
    expect(dataPhase(e, Date.parse(iso))).toBe(phase);
  });

  it('compares entitlements by what they allow, and by whether the proxy has said anything yet', () => {
    const a = entitlementOf('stocks', 'developer', 'detected');
    expect(sameEntitlement(a, { ...a, source: 'cached', channels: ['AM', 'A', 'T'] })).toBe(true);
    expect(sameEntitlement(a, { ...a, channels: ['T', 'A'] })).toBe(false);
    expect(sameEntitlement(a, { ...a, feed: 'realtime' })).toBe(false);
    // The proxy confirming what was assumed is a change: the feed can now be shown.
    expect(
      sameEntitlement(ASSUMED_ENTITLEMENT, { ...ASSUMED_ENTITLEMENT, channels: [...CHANNELS], source: 'detected' }),
    ).toBe(false);
  });

  it('says why a class not in the plan shows nothing', () => {
    expect(notInPlanReason('indices')).toBe('indices not in your plan');
  });
});

describe('per-ticker problems from the poller', () => {
  const watched = (s: string) => s === 'I:VIX' || s === 'SPY';
  it.each<[string, { symbol: string; reason: string } | undefined]>([
    ['I:VIX: NOT_AUTHORIZED: You are not entitled to this data.', { symbol: 'I:VIX', reason: 'not in your plan' }],
    ['I:VIX: NOT_ENTITLED: Not entitled to this ticker.', { symbol: 'I:VIX', reason: 'not in your plan' }],
    ['SPY: NOT_FOUND: Ticker not found.', { symbol: 'SPY', reason: 'unknown ticker' }],
    ['I:NDX: NOT_AUTHORIZED: …', undefined],
    ['stocks: snapshots not in your plan (403); polling per-ticker bars', undefined],
    ['REST quota reached; polling slowed down', undefined],
    ['I:VIX: something else', undefined],
  ])('%s', (message, expected) => {
    expect(tickerProblem(message, watched)).toEqual(expected);
  });
});
