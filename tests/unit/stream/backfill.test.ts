import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import type { RestResponse } from '../../../src/rest/index.js';
import { backfillGap, backfillWindow } from '../../../src/stream/backfill.js';
import { RestBudget } from '../../../src/stream/budget.js';
import { refused, TEXTS } from '../../helpers/poller-rig.js';

describe('backfill', () => {
  it.each<[number, number, number, number]>([
    [120_500, 300_000, 60_000, 300_000],
    [120_000, 300_000, 60_000, 300_000],
    [120_500, 100_000, 60_000, 120_500],
  ])('gap %i–%i asks for %i–%i', (from, to, wFrom, wTo) => {
    expect(backfillWindow({ from, to })).toEqual({ from: wFrom, to: wTo });
  });

  it('asks no other symbol of the asset class after a 403', async () => {
    const clock = new ManualClock();
    const asked: string[] = [];
    const rest = {
      get: async <T>(path: string): Promise<RestResponse<T>> => {
        asked.push(path);
        if (path.includes('/QQQ/')) throw refused(TEXTS.notEntitled, path);
        return {
          status: 200,
          body: { status: 'OK', results: [{ t: clock.now() - 60_000, o: 1, h: 1, l: 1, c: 1 }] } as T,
          headers: {},
        };
      },
    };
    const out = await backfillGap(
      rest,
      new RestBudget({ clock, quota: { limit: 50, intervalMs: 1_000 } }),
      clock,
      ['SPY', 'QQQ', 'IWM'],
      { from: clock.now() - 120_000, to: clock.now() },
      new AbortController().signal,
    );
    expect(asked.map((p) => p.split('/')[4])).toEqual(['SPY', 'QQQ']);
    expect(out.map((r) => r.symbol)).toEqual(['SPY']);
  });
});
