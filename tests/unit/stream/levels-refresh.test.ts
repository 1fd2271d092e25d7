import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { createOptionsDesk, type DeskWants, type WritableOptionsDesk } from '../../../src/store/options-desk.js';
import { refreshPolicy, perMinuteOf } from '../../../src/stream/levels-policy.js';
import { LevelsRefresher, type DeskLoaders } from '../../../src/stream/levels-refresh.js';
import { chainRows, levels, plan } from '../ui/option-fixtures.js';

/** Lets the refresher's promise chain run (loaders answer at once). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

interface Rig {
  desk: WritableOptionsDesk;
  clock: ManualClock;
  calls: string[];
  set(o: { perMinute?: number | undefined; snapshots?: boolean | undefined }): void;
  stop(): Promise<void>;
}

function rig(
  o: {
    perMinute?: number | undefined;
    snapshots?: boolean | undefined;
    underlyings?: string[];
    noOptions?: string[];
    wants?: DeskWants;
  } = {},
): Rig {
  const desk = createOptionsDesk();
  if (o.wants) desk.want(o.wants);
  const clock = new ManualClock();
  const calls: string[] = [];
  let perMinute = 'perMinute' in o ? o.perMinute : 3000;
  let snapshots = 'snapshots' in o ? o.snapshots : true;
  const loaders: DeskLoaders = {
    async levels(underlying, narrow) {
      calls.push(`levels ${underlying}${narrow ? ' narrow' : ''}`);
      const none = o.noOptions?.includes(underlying);
      return { underlying, spot: 600.2, levels, expiries: none ? [] : ['2026-01-09', '2026-01-16'] };
    },
    async chain(underlying, expiry, spot) {
      calls.push(`chain ${underlying} ${expiry} ${spot}`);
      return { underlying, expiry, spot, rows: chainRows([600], expiry) };
    },
    async plan(contract) {
      calls.push(`plan ${contract}`);
      if (contract.includes('P00')) throw new Error('no plan: no ATR for SPY');
      return { plan, snapshot: undefined };
    },
  };
  const lifetime = new AbortController();
  const refresher = new LevelsRefresher({
    desk,
    loaders,
    clock,
    underlyings: () => o.underlyings ?? ['SPY', 'QQQ'],
    perMinute: () => perMinute,
    snapshots: () => snapshots,
    spot: (s) => (s === 'SPY' ? 601 : undefined),
    signal: lifetime.signal,
  });
  const running = refresher.start();
  return {
    desk,
    clock,
    calls,
    set(next) {
      if ('perMinute' in next) perMinute = next.perMinute;
      if ('snapshots' in next) snapshots = next.snapshots;
    },
    async stop() {
      lifetime.abort();
      await running;
    },
  };
}

describe('LevelsRefresher', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.stop();
    r = undefined;
  });

  it('waits for the plan and the quota, then keeps every watched underlying fresh on a paid budget', async () => {
    r = rig({ snapshots: undefined, perMinute: undefined });
    await settle();
    r.clock.advance(5_000);
    await settle();
    expect(r.calls).toEqual([]);
    r.set({ snapshots: true, perMinute: 3000 });
    r.clock.advance(1_000);
    for (let i = 0; i < 5; i++) await settle();
    expect(r.calls).toEqual(['levels SPY', 'levels QQQ']);
    expect(Object.keys(r.desk.getSnapshot().levels)).toEqual(['SPY', 'QQQ']);
    r.clock.advance(refreshPolicy(3000).levelsEveryMs - 1);
    await settle();
    expect(r.calls).toHaveLength(2);
    r.clock.advance(30_000);
    for (let i = 0; i < 5; i++) await settle();
    expect(r.calls).toEqual(['levels SPY', 'levels QQQ', 'levels SPY', 'levels QQQ']);
  });

  it('on a small budget reads only the symbol on screen, its nearest week', async () => {
    r = rig({ perMinute: 5 });
    await settle();
    r.clock.advance(60_000);
    await settle();
    expect(r.calls).toEqual([]);
    expect(r.desk.getSnapshot().policy).toMatch(/small REST budget/);
    r.desk.want({ focus: 'QQQ' });
    for (let i = 0; i < 3; i++) await settle();
    expect(r.calls).toEqual(['levels QQQ narrow']);
  });

  it('reads the open chain after its expiries are known, refreshes it, and follows a new expiry at once', async () => {
    r = rig({ underlyings: [] });
    r.desk.want({ focus: 'SPY', chain: { underlying: 'SPY' } });
    for (let i = 0; i < 5; i++) await settle();
    expect(r.calls).toEqual(['levels SPY', 'chain SPY 2026-01-09 601']);
    expect(r.desk.getSnapshot().chain?.expiry).toBe('2026-01-09');
    r.clock.advance(refreshPolicy(3000).chainEveryMs);
    for (let i = 0; i < 3; i++) await settle();
    expect(r.calls.at(-1)).toBe('chain SPY 2026-01-09 601');
    expect(r.calls).toHaveLength(3);
    r.desk.want({ focus: 'SPY', chain: { underlying: 'SPY', expiry: '2026-01-16' } });
    for (let i = 0; i < 3; i++) await settle();
    expect(r.calls.at(-1)).toBe('chain SPY 2026-01-16 601');
  });

  it('makes the open plan first, and says why when it cannot', async () => {
    r = rig({ underlyings: ['SPY'], wants: { plan: 'O:SPY260109C00600000' } });
    for (let i = 0; i < 3; i++) await settle();
    expect(r.calls[0]).toBe('plan O:SPY260109C00600000');
    expect(r.desk.getSnapshot().plan?.plan).toBe(plan);
    r.desk.want({ plan: 'O:SPY260109P00600000' });
    for (let i = 0; i < 3; i++) await settle();
    expect(r.desk.getSnapshot().plan).toMatchObject({
      contract: 'O:SPY260109P00600000',
      plan: undefined,
      error: 'no plan: no ATR for SPY',
    });
  });

  it('publishes nothing for an underlying without options, and says so', async () => {
    r = rig({ underlyings: ['VIXY'], noOptions: ['VIXY'] });
    for (let i = 0; i < 3; i++) await settle();
    expect(r.calls).toEqual(['levels VIXY']);
    expect(r.desk.getSnapshot().levels).toEqual({});
    expect(r.desk.getSnapshot().missing.VIXY).toBe('no option contracts listed for VIXY');
  });

  it('reads nothing when the options plan has no chain snapshots', async () => {
    r = rig({ snapshots: false });
    r.desk.want({ focus: 'SPY', chain: { underlying: 'SPY' } });
    for (let i = 0; i < 3; i++) await settle();
    r.clock.advance(120_000);
    await settle();
    expect(r.calls).toEqual([]);
    expect(r.desk.getSnapshot().note).toMatch(/not in your plan/);
  });

  it('reads the budget from the proxy quota', () => {
    expect(perMinuteOf(undefined)).toBeUndefined();
    expect(perMinuteOf({ limit: 5, windowMs: 60_000 })).toBe(5);
    expect(perMinuteOf({ limit: 20, windowMs: 1_000 })).toBe(1200);
    expect(refreshPolicy(5).scope).toBe('focus');
    expect(refreshPolicy(1200).scope).toBe('all');
  });
});
