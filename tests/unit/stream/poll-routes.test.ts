import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/massive/events.js';
import type { RefusalReason } from '../../../src/massive/rest-refusal.js';
import { endOfYesterday, newYorkMidnight, sessionCloseOf } from '../../../src/stream/last-session.js';
import { parsePollBody } from '../../../src/stream/poll-parse.js';
import { planOptionRequests } from '../../../src/stream/poll-options.js';
import { LAST_SESSION_MS, planRequests, pollIntervals, requestIntervalMs } from '../../../src/stream/poll-policy.js';
import {
  REFUSAL_TTL_MS,
  RefusalMemory,
  routeNotice,
  type EndpointFamily,
  type PollRoute,
} from '../../../src/stream/refusals.js';
import { SNAPSHOT_ROUTES } from '../../helpers/poller-rig.js';

const AT = Date.UTC(2026, 0, 5, 15, 0, 0); // Monday 10:00 New York

describe('option fallback planning', () => {
  it.each<[string, string[], string[]]>([
    ['nothing', [], []],
    ['junk is skipped', ['O:junk', 'SPY'], []],
    [
      'three on one underlying: one snapshot each',
      ['O:SPY260105C00600000', 'O:SPY260105P00600000', 'O:SPY260106C00610000'],
      ['contract|O:SPY260105C00600000', 'contract|O:SPY260105P00600000', 'contract|O:SPY260106C00610000'],
    ],
    [
      'four on one underlying: one narrowed chain read',
      ['O:SPY260105C00600000', 'O:SPY260105P00600000', 'O:SPY260106C00610000', 'O:SPY260109C00590000'],
      ['chain|SPY|2026-01-05|2026-01-09'],
    ],
    [
      'expiries more than a week apart: one read each',
      ['O:SPY260105C00600000', 'O:SPY260105P00600000', 'O:SPY260113C00610000', 'O:SPY260320C00590000'],
      ['chain|SPY|2026-01-05|2026-01-05', 'chain|SPY|2026-01-13|2026-01-13', 'chain|SPY|2026-03-20|2026-03-20'],
    ],
    [
      'counted per underlying',
      ['O:SPY260105C00600000', 'O:SPXW260105C06000000', 'O:QQQ260105C00500000'],
      ['contract|O:QQQ260105C00500000', 'contract|O:SPXW260105C06000000', 'contract|O:SPY260105C00600000'],
    ],
  ])('%s', (_name, contracts, keys) => {
    expect(planOptionRequests(contracts).map((r) => r.key)).toEqual(keys);
  });

  it('narrows a chain read to the watched strikes and expiries, as query parameters', () => {
    const [req] = planOptionRequests([
      'O:SPY260105C00600000',
      'O:SPY260105P00612500',
      'O:SPY260106C00610000',
      'O:SPY260109C00590000',
    ]);
    expect(req!.path(0)).toBe(
      '/v3/snapshot/options/SPY?strike_price.gte=590&strike_price.lte=612.5&expiration_date.gte=2026-01-05&expiration_date.lte=2026-01-09&limit=250',
    );
    expect(req!.maxPages).toBeGreaterThan(1);
  });
});

describe('poll routes', () => {
  it.each<[string, Partial<Record<Cluster, PollRoute>>, string[]]>([
    ['snapshots everywhere', {}, ['stocks', 'indices']],
    ['indices on bars, stocks on snapshots', { indices: 'bars' }, ['stocks', 'aggs|I:SPX']],
    ['stocks on the last session', { stocks: 'last-session' }, ['indices', 'prev|SPY']],
    ['indices off', { indices: 'none' }, ['stocks']],
  ])('%s', (_name, routes, keys) => {
    expect(
      planRequests({ stocks: ['SPY'], indices: ['I:SPX'], options: [] }, { ...SNAPSHOT_ROUTES, ...routes }).map(
        (r) => r.key,
      ),
    ).toEqual(keys);
  });

  it('re-reads the last session seldom, and costs chain reads by the pages they took', () => {
    const reqs = planRequests(
      { stocks: ['SPY'], indices: ['I:SPX'], options: [] },
      { ...SNAPSHOT_ROUTES, stocks: 'last-session' },
    );
    expect(requestIntervalMs('regular', reqs.find((r) => r.key === 'prev|SPY')!)).toBe(LAST_SESSION_MS);
    expect(requestIntervalMs('closed', reqs.find((r) => r.key === 'prev|SPY')!)).toBe(Infinity);
    const plain = pollIntervals(reqs, { phase: 'regular', budgetPerMs: 1 / 3_000, slowdown: 1 });
    const costly = pollIntervals(reqs, {
      phase: 'regular',
      budgetPerMs: 1 / 3_000,
      slowdown: 1,
      cost: (k) => (k === 'indices' ? 4 : 1),
    });
    expect(costly.get('indices')!).toBeGreaterThan(plain.get('indices')!);
  });
});

describe('refusal memory', () => {
  const learn = (m: RefusalMemory, family: EndpointFamily, reason: RefusalReason, asset: Cluster = 'indices') =>
    m.learn(asset, family, reason, AT, 1);

  it.each<[string, Array<[EndpointFamily, RefusalReason]>, PollRoute]>([
    ['nothing refused', [], 'snapshot'],
    ['snapshots refused', [['snapshot', 'not-entitled']], 'bars'],
    [
      'today refused before the close',
      [
        ['snapshot', 'not-entitled'],
        ['bars', 'before-eod'],
      ],
      'last-session',
    ],
    [
      'bars not in the plan: nothing left',
      [
        ['snapshot', 'not-entitled'],
        ['bars', 'not-entitled'],
      ],
      'none',
    ],
  ])('%s → %s', (_name, refusals, route) => {
    const m = new RefusalMemory();
    for (const [family, reason] of refusals) learn(m, family, reason);
    expect(m.route('indices', AT, 1)).toBe(route);
    expect(m.route('stocks', AT, 1)).toBe('snapshot');
  });

  it('has options fall to nothing after a snapshot 403', () => {
    const m = new RefusalMemory();
    expect(learn(m, 'snapshot', 'not-entitled', 'options')).toEqual({
      route: 'none',
      notice: routeNotice('options', 'none', 'not-entitled'),
    });
  });

  it.each<[string, RefusalReason, number, number, boolean]>([
    ['not entitled, same interests, within the hour', 'not-entitled', 1, REFUSAL_TTL_MS - 1, true],
    ['not entitled, interests changed', 'not-entitled', 2, 1_000, false],
    ['not entitled, an hour later', 'not-entitled', 1, REFUSAL_TTL_MS, false],
    ['before the close, interests changed, same day', 'before-eod', 2, 3 * 3_600_000, true],
    ['before the close, next day', 'before-eod', 1, 24 * 3_600_000, false],
  ])('%s: in force %s', (_name, reason, generation, later, inForce) => {
    const m = new RefusalMemory();
    m.record('stocks', 'bars', reason, AT, 1);
    expect(m.get('stocks', 'bars', AT + later, generation) !== undefined).toBe(inForce);
  });

  it('announces a route once, not again when the same refusal is learnt after it lapsed', () => {
    const m = new RefusalMemory();
    expect(learn(m, 'snapshot', 'not-entitled').notice).toBe(
      'indices: snapshots not in your plan (403); polling per-ticker bars',
    );
    expect(m.learn('indices', 'snapshot', 'not-entitled', AT + 1, 2).notice).toBeUndefined();
  });

  it.each<
    [
      string,
      { feed: 'realtime' | 'delayed' | 'rest' | 'none'; snapshots: boolean; recency: 'realtime' | 'delayed' | 'eod' },
      PollRoute,
    ]
  >([
    ['a delayed plan with snapshots', { feed: 'delayed', snapshots: true, recency: 'delayed' }, 'snapshot'],
    ['Basic: REST, end of day', { feed: 'rest', snapshots: false, recency: 'eod' }, 'last-session'],
    ['not in the plan', { feed: 'none', snapshots: false, recency: 'eod' }, 'none'],
  ])('takes %s from the plan without asking', (_name, e, route) => {
    const m = new RefusalMemory();
    m.assumeEntitlement('stocks', e);
    expect(m.route('stocks', AT + 10 * REFUSAL_TTL_MS, 99)).toBe(route);
  });
});

describe('the last session', () => {
  it.each<[string, number, string, string]>([
    ['winter', AT, '2026-01-05T05:00:00.000Z', '2026-01-05T21:00:00.000Z'],
    ['summer', Date.UTC(2026, 6, 1, 14, 0), '2026-07-01T04:00:00.000Z', '2026-07-01T20:00:00.000Z'],
    ['spring-forward day', Date.UTC(2026, 2, 8, 18, 0), '2026-03-08T05:00:00.000Z', '2026-03-08T20:00:00.000Z'],
    ['early close', Date.UTC(2026, 10, 27, 15, 0), '2026-11-27T05:00:00.000Z', '2026-11-27T18:00:00.000Z'],
    [
      'late evening is still that day',
      Date.UTC(2026, 0, 6, 3, 30),
      '2026-01-05T05:00:00.000Z',
      '2026-01-05T21:00:00.000Z',
    ],
  ])('%s: midnight and close', (_name, ms, midnight, close) => {
    expect(new Date(newYorkMidnight(ms)).toISOString()).toBe(midnight);
    expect(new Date(sessionCloseOf(ms)).toISOString()).toBe(close);
    expect(endOfYesterday(ms)).toBe(newYorkMidnight(ms) - 1);
  });

  it.each<[string, unknown, Array<[string, number | undefined, number | undefined]>]>([
    [
      'a /prev answer stamped at midnight',
      { status: 'OK', results: [{ T: 'SPY', t: Date.UTC(2026, 0, 2, 5), o: 1, h: 1, l: 1, c: 680.5 }] },
      [['SPY', 680.5, Date.UTC(2026, 0, 2, 21)]],
    ],
    [
      'a /prev answer stamped at the close',
      { status: 'OK', results: [{ T: 'SPY', t: Date.UTC(2026, 0, 2, 21), o: 1, h: 1, l: 1, c: 680.5 }] },
      [['SPY', 680.5, Date.UTC(2026, 0, 2, 21)]],
    ],
    ['no results', { status: 'OK', results: [] }, []],
  ])('reads %s as the last close', (_name, body, seeds) => {
    const out = parsePollBody('prev-close', ['SPY'], body, AT);
    expect(out.seeds.map(([s, q]) => [s, q.price, q.asOf])).toEqual(seeds);
  });

  it('reports a malformed /prev answer instead of throwing', () => {
    expect(parsePollBody('prev-close', ['SPY'], 'nope', AT).error).toMatch(/previous close/);
  });

  it('reads a single contract snapshot, and ignores one for another contract', () => {
    const body = (ticker: string) => ({
      status: 'OK',
      results: {
        details: { ticker, contract_type: 'call', expiration_date: '2026-01-05', strike_price: 600 },
        last_quote: { bid: 1, ask: 1.2 },
      },
    });
    expect(
      parsePollBody('option-contract', ['O:SPY260105C00600000'], body('O:SPY260105C00600000'), AT).seeds.map(
        ([s, q]) => [s, q.bid, q.ask],
      ),
    ).toEqual([['O:SPY260105C00600000', 1, 1.2]]);
    expect(parsePollBody('option-contract', ['O:SPY260105C00600000'], body('O:SPY260105C00610000'), AT).seeds).toEqual(
      [],
    );
  });
});
