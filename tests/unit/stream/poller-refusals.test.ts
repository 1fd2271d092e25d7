import { afterEach, describe, expect, it } from 'vitest';
import { MassiveError } from '../../../src/lib/errors.js';
import { bars, pollerRig, refused, stockSnapshots, TEXTS, type PollerRig } from '../../helpers/poller-rig.js';

const NEED = { stocks: ['SPY'], indices: ['I:SPX', 'I:VIX'], options: [] } as const;
/** Monday 2026-01-05 10:00 New York; the previous session is Friday 2026-01-02. */
const AT = Date.UTC(2026, 0, 5, 15, 0, 0);
const FRIDAY = Date.UTC(2026, 0, 2, 5, 0, 0);

const isIndexSnapshot = (p: string) => p.startsWith('/v3/snapshot/indices');
const isStockSnapshot = (p: string) => p.startsWith('/v2/snapshot/');
const isIndexBars = (p: string) => p.startsWith('/v2/aggs/ticker/I:') && p.includes('/range/');
const isIndexPrev = (p: string) => p.startsWith('/v2/aggs/ticker/I:') && p.endsWith('/prev');

describe('REST poller: 403s per asset class and endpoint family', () => {
  let r: PollerRig | undefined;
  afterEach(() => r?.poller.close());

  function start(answer: (path: string) => unknown): PollerRig {
    r = pollerRig(answer, { at: AT });
    r.poller.refresh(NEED, 'regular', 1);
    r.poller.update(NEED, 'regular', 1);
    return r;
  }

  it('turns only indices to per-ticker bars on an indices snapshot 403; stocks keep their snapshots', async () => {
    const rig = start((p) =>
      isIndexSnapshot(p) ? refused(TEXTS.notEntitled, p) : isStockSnapshot(p) ? stockSnapshots(p) : bars(5_000),
    );
    await rig.run(30_000);
    expect(rig.calls.filter(isIndexSnapshot)).toHaveLength(1);
    expect(rig.calls.filter(isStockSnapshot).length).toBeGreaterThanOrEqual(9);
    expect(rig.calls.filter(isIndexBars).length).toBeGreaterThanOrEqual(2);
    expect(rig.poller.stats().routes).toEqual({ stocks: 'snapshot', indices: 'bars', options: 'snapshot' });
    expect(rig.notices).toEqual(['indices: snapshots not in your plan (403); polling per-ticker bars']);
    expect(new Set(rig.quotes.map((q) => q.symbol))).toEqual(new Set(['SPY', 'I:SPX', 'I:VIX']));
  });

  it('polls nothing for indices when their bars are refused too, with one notice, and never asks again', async () => {
    const rig = start((p) =>
      p.includes('/I:') || isIndexSnapshot(p) ? refused(TEXTS.notEntitled, p) : stockSnapshots(p),
    );
    await rig.run(600_000, 1_000);
    const indexCalls = rig.calls.filter((p) => isIndexSnapshot(p) || p.includes('/I:'));
    // One snapshot probe, then one per-ticker bar probe; I:VIX waited behind I:SPX's and was never sent.
    expect(indexCalls).toEqual([
      '/v3/snapshot/indices?ticker.any_of=I:SPX,I:VIX',
      expect.stringMatching(/^\/v2\/aggs\/ticker\/I:SPX\/range\//),
    ]);
    expect(rig.calls.filter(isIndexPrev)).toEqual([]);
    expect(rig.poller.stats().routes.indices).toBe('none');
    expect(rig.notices.filter((n) => n === 'indices: not in your plan (403)')).toHaveLength(1);
    expect(rig.calls.filter(isStockSnapshot).length).toBeGreaterThan(100);
  });

  it("reads the last session (/prev) for a key refused today's bars before the close, never today again", async () => {
    const rig = start((p) => {
      if (p.includes('/snapshot')) return refused(TEXTS.notEntitled, p);
      if (p.endsWith('/prev')) return { status: 'OK', results: [{ T: 'X', t: FRIDAY, o: 1, h: 1, l: 1, c: 4_321 }] };
      return refused(TEXTS.beforeEod, p);
    });
    await rig.run(600_000, 1_000);
    const today = rig.calls.filter((p) => p.includes('/range/'));
    // One latest-bar probe per asset class, never repeated; then only /prev.
    expect(today).toHaveLength(2);
    expect(rig.calls.filter((p) => p.endsWith('/prev')).sort()).toEqual([
      '/v2/aggs/ticker/I:SPX/prev',
      '/v2/aggs/ticker/I:VIX/prev',
      '/v2/aggs/ticker/SPY/prev',
    ]);
    expect(rig.poller.stats().routes).toMatchObject({ stocks: 'last-session', indices: 'last-session' });
    const spx = rig.quotes.find((q) => q.symbol === 'I:SPX');
    // As of Friday's close, 16:00 New York.
    expect(spx?.seed).toMatchObject({ price: 4_321, asOf: Date.UTC(2026, 0, 2, 21, 0, 0) });
    expect(rig.notices).toContain(
      "stocks: today's bars are not in your plan before the close (403); showing the last session",
    );
  });

  it('asks a refused family again once the interest set changes, or an hour later', async () => {
    let entitled = false;
    const rig = start((p) =>
      isIndexSnapshot(p) && !entitled
        ? refused(TEXTS.notEntitled, p)
        : isStockSnapshot(p)
          ? stockSnapshots(p)
          : bars(5_000),
    );
    await rig.run(10_000);
    expect(rig.poller.stats().routes.indices).toBe('bars');
    rig.poller.update(NEED, 'regular', 2);
    await rig.run(1_000);
    expect(rig.calls.filter(isIndexSnapshot)).toHaveLength(2);
    expect(rig.poller.stats().routes.indices).toBe('bars');
    entitled = true;
    await rig.run(3_600_000, 10_000);
    rig.poller.update(NEED, 'regular', 2);
    await rig.run(5_000);
    expect(rig.poller.stats().routes.indices).toBe('snapshot');
    // The notice was not repeated when the same refusal was learnt again.
    expect(rig.notices).toEqual(['indices: snapshots not in your plan (403); polling per-ticker bars']);
  });

  it("does not probe what the key's plan is known to lack", async () => {
    r = pollerRig(
      (p) =>
        isStockSnapshot(p)
          ? stockSnapshots(p)
          : p.endsWith('/prev')
            ? bars(1)
            : new MassiveError('UPSTREAM', 'unexpected'),
      { at: AT },
    );
    r.poller.setEntitlement('indices', { feed: 'rest', snapshots: false, recency: 'eod' });
    r.poller.update(NEED, 'regular', 1);
    await r.run(5_000);
    expect(r.calls.filter((p) => isIndexSnapshot(p) || isIndexBars(p))).toEqual([]);
    expect(r.calls.filter(isIndexPrev)).toHaveLength(2);
    expect(r.poller.stats().routes).toMatchObject({ stocks: 'snapshot', indices: 'last-session' });
  });
});
