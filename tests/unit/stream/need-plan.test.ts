import { describe, expect, it } from 'vitest';
import type { Feed } from '../../../src/massive/entitlements.js';
import type { Cluster } from '../../../src/massive/events.js';
import type { SessionPhase } from '../../../src/market/session.js';
import type { StreamState } from '../../../src/stream/connection.js';
import {
  needOf,
  planNeed,
  streamStatus,
  type FeedClusterView,
  type PlanSymbol,
} from '../../../src/stream/need-plan.js';

const NOW = 1_000_000;

const cluster = (feed: Feed, over: Partial<FeedClusterView> = {}): FeedClusterView => ({
  feed,
  state: 'live',
  healthy: true,
  quotesByRest: false,
  phase: 'regular',
  ...over,
});

const sym = (symbol: string, c: Cluster, over: Partial<PlanSymbol> = {}): PlanSymbol => ({
  symbol,
  cluster: c,
  quiet: false,
  quotes: c === 'stocks',
  since: NOW - 1_000,
  lastWsAt: NOW - 500,
  ...over,
});

describe('which symbols REST serves, and why', () => {
  it.each<[string, FeedClusterView, Partial<PlanSymbol>, string | undefined]>([
    ['a healthy stream needs nothing', cluster('realtime'), {}, undefined],
    ['a delayed stream is as live as any', cluster('delayed'), {}, undefined],
    [
      'a stream that is down is an outage',
      cluster('realtime', { healthy: false, state: 'reconnecting' }),
      {},
      'outage',
    ],
    [
      'a quiet symbol on a healthy stream is an outage',
      cluster('realtime'),
      { lastWsAt: NOW - 60_000, since: NOW - 60_000 },
      'outage',
    ],
    [
      'a quiet flow-only symbol is normal',
      cluster('realtime'),
      { quiet: true, lastWsAt: NOW - 60_000, since: NOW - 60_000 },
      undefined,
    ],
    ['REST only is the plan, polled for good', cluster('rest'), {}, 'plan'],
    [
      'REST only is the plan even when the socket is down',
      cluster('rest', { healthy: false, state: 'reconnecting' }),
      {},
      'plan',
    ],
    ['not in the plan: nothing', cluster('none'), {}, undefined],
    [
      'not in the plan, even with its socket down',
      cluster('none', { healthy: false, state: 'reconnecting' }),
      {},
      undefined,
    ],
    ['no Q but REST quotes: bid/ask polled', cluster('delayed', { quotesByRest: true }), {}, 'quotes'],
    [
      'no Q but REST quotes: only for quote interests',
      cluster('delayed', { quotesByRest: true }),
      { quotes: false },
      undefined,
    ],
    ['a closed market polls nothing', cluster('rest', { phase: 'closed' }), {}, undefined],
    ['a closed market has no outage', cluster('realtime', { phase: 'closed', healthy: false }), {}, undefined],
  ])('%s', (_name, view, over, reason) => {
    const plan = planNeed([sym('SPY', 'stocks', over)], new Map([['stocks', view]]), NOW);
    expect(plan.reasons.get('SPY')).toBe(reason);
    expect(plan.need.stocks).toEqual(reason ? ['SPY'] : []);
  });

  it('splits the need by reason and names the streams that are down', () => {
    const clusters = new Map<Cluster, FeedClusterView>([
      ['stocks', cluster('rest')],
      ['indices', cluster('realtime', { healthy: false, state: 'reconnecting' })],
      ['options', cluster('none')],
    ]);
    const plan = planNeed(
      [sym('SPY', 'stocks'), sym('I:SPX', 'indices'), sym('O:SPY261127C00600000', 'options')],
      clusters,
      NOW,
    );
    expect(plan.need).toEqual({ stocks: ['SPY'], indices: ['I:SPX'], options: [] });
    expect(plan.down).toEqual(['indices']);
    expect(needOf(plan, 'outage')).toEqual({ stocks: [], indices: ['I:SPX'], options: [] });
    expect(needOf(plan, 'plan')).toEqual({ stocks: ['SPY'], indices: [], options: [] });
  });

  it('skips symbols of a cluster not in use', () => {
    expect(planNeed([sym('SPY', 'stocks')], new Map(), NOW).need.stocks).toEqual([]);
  });
});

describe('the status line state', () => {
  type Row = [
    string,
    ReadonlyArray<[Cluster, Feed, StreamState, boolean]>,
    Partial<Record<Cluster, string[]>>,
    string,
    string | undefined,
  ];
  it.each<Row>([
    [
      'all streams live',
      [
        ['stocks', 'realtime', 'live', true],
        ['indices', 'delayed', 'live', true],
      ],
      {},
      'live',
      undefined,
    ],
    [
      'a stream reconnecting',
      [
        ['stocks', 'realtime', 'reconnecting', false],
        ['indices', 'realtime', 'live', true],
      ],
      { stocks: ['SPY'] },
      'polling',
      'REST fallback for 1 symbol: stream down (stocks)',
    ],
    [
      'REST-only stocks beside live indices: live, no outage words',
      [
        ['stocks', 'rest', 'live', true],
        ['indices', 'realtime', 'live', true],
      ],
      { stocks: ['SPY'] },
      'live',
      undefined,
    ],
    [
      'only REST-only clusters: polling, no outage words',
      [
        ['stocks', 'rest', 'live', true],
        ['indices', 'rest', 'live', true],
      ],
      { stocks: ['SPY'], indices: ['I:SPX'] },
      'polling',
      undefined,
    ],
    [
      'a REST-only socket reconnecting is no outage',
      [
        ['stocks', 'rest', 'reconnecting', false],
        ['indices', 'realtime', 'live', true],
      ],
      { stocks: ['SPY'] },
      'live',
      undefined,
    ],
    ['nothing in use is in the plan', [['indices', 'none', 'live', true]], {}, 'offline', 'indices not in your plan'],
    [
      'none beside a live stream',
      [
        ['stocks', 'delayed', 'live', true],
        ['indices', 'none', 'live', true],
      ],
      {},
      'live',
      undefined,
    ],
    [
      'a rejected key wins',
      [
        ['stocks', 'rest', 'auth_failed', false],
        ['indices', 'realtime', 'live', true],
      ],
      {},
      'auth_failed',
      undefined,
    ],
    ['nothing in use', [], {}, 'offline', undefined],
  ])('%s', (_name, rows, polled, connection, message) => {
    const clusters = new Map<Cluster, FeedClusterView>(
      rows.map(([c, feed, state, healthy]) => [c, cluster(feed, { state, healthy })]),
    );
    const symbols = Object.entries(polled).flatMap(([c, list]) => list.map((s) => sym(s, c as Cluster)));
    const plan = planNeed(symbols, clusters, NOW);
    expect(streamStatus(clusters, plan)).toEqual(message === undefined ? { connection } : { connection, message });
  });
});

// The phase a cluster view carries is the data's (feed-policy.ts dataPhase); a delayed feed's
// pre-market runs until 9:45, and its thresholds are the pre-market ones.
describe('a delayed feed judged in its own session', () => {
  it.each<[SessionPhase, boolean]>([
    ['pre', false],
    ['regular', true],
  ])('a symbol silent for 20 s in %s is an outage: %s', (phase, outage) => {
    const plan = planNeed(
      [sym('SPY', 'stocks', { lastWsAt: NOW - 20_000, since: NOW - 60_000 })],
      new Map([['stocks', cluster('delayed', { phase })]]),
      NOW,
    );
    expect(plan.reasons.get('SPY') === 'outage').toBe(outage);
  });
});
