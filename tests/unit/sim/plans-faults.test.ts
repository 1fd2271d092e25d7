import { describe, expect, it } from 'vitest';
import {
  channelAllowed,
  keyPlansOf,
  restPerMinute,
  rightsOf,
  SlidingWindowLimiter,
  wsAuthAllowed,
  type KeyPlan,
} from '../../../src/sim/plans.js';
import { applyFaultRequest, createFaultControl, initialFaultState } from '../../../src/sim/faults.js';
import { mulberry32, streamFor } from '../../../src/sim/market/prng.js';
import type { AssetClass } from '../../../src/massive/entitlements.js';
import { assetOfTicker } from '../../../src/sim/rest-plan.js';
import { StatsRecorder } from '../../../src/sim/stats.js';
import type { Channel } from '../../../src/massive/client-messages.js';

describe('keyPlansOf', () => {
  it.each([
    ['advanced', { stocks: 'advanced', options: 'advanced', indices: 'advanced' }],
    ['free', { stocks: 'basic', options: 'basic', indices: 'basic' }],
    ['starter', { stocks: 'starter', options: 'starter', indices: 'starter' }],
    ['developer', { stocks: 'developer', options: 'developer', indices: 'developer' }],
    [
      { stocks: 'starter', options: 'advanced' },
      { stocks: 'starter', options: 'advanced' },
    ],
    [{ stocks: 'gold', crypto: 'advanced', indices: 'basic' }, { indices: 'basic' }],
  ] as const)('reads %j as %j', (plan, plans) => {
    expect(keyPlansOf(plan)).toEqual(plans);
  });

  it.each(['platinum', 7, null, ['advanced']])('rejects %j', (plan) => {
    expect(keyPlansOf(plan)).toBeUndefined();
  });
});

describe('WebSocket auth per host', () => {
  // [plan, class, delayed host, succeeds]
  it.each([
    ['advanced', 'stocks', false, true],
    ['advanced', 'stocks', true, true],
    ['developer', 'stocks', false, false],
    ['developer', 'stocks', true, true],
    ['starter', 'options', false, false],
    ['starter', 'options', true, true],
    ['developer', 'indices', true, true],
    ['free', 'stocks', true, false],
    ['free', 'stocks', false, false],
    [{ options: 'advanced' }, 'stocks', true, false],
    [{ options: 'advanced' }, 'options', false, true],
    [{ stocks: 'starter', options: 'advanced' }, 'stocks', false, false],
  ] as const)('%j on %s (delayed host %s): %s', (plan, asset, delayed, ok) => {
    expect(wsAuthAllowed(rightsOf(keyPlansOf(plan as KeyPlan)!, asset as AssetClass), delayed)).toBe(ok);
  });
});

describe('channelAllowed', () => {
  // [plan, class, channel, delayed host, allowed]
  it.each([
    ['advanced', 'stocks', 'Q', false, true],
    ['advanced', 'stocks', 'Q', true, false],
    ['advanced', 'stocks', 'LULD', true, false],
    ['advanced', 'stocks', 'NOI', false, true],
    ['advanced', 'options', 'Q', false, true],
    ['advanced', 'options', 'LULD', false, false],
    ['advanced', 'indices', 'V', false, true],
    ['advanced', 'indices', 'T', false, false],
    ['advanced', 'stocks', 'V', false, false],
    ['advanced', 'stocks', 'FMV', false, false],
    ['developer', 'stocks', 'Q', true, false],
    ['developer', 'stocks', 'T', true, true],
    ['developer', 'options', 'T', true, true],
    ['developer', 'indices', 'V', true, true],
    ['starter', 'stocks', 'T', true, false],
    ['starter', 'stocks', 'AM', true, true],
    ['starter', 'options', 'A', true, true],
    ['free', 'stocks', 'AM', true, false],
    [{ options: 'advanced' }, 'stocks', 'AM', true, false],
  ] as const)('%j on %s %s (delayed host %s): %s', (plan, asset, channel, delayed, allowed) => {
    expect(
      channelAllowed(rightsOf(keyPlansOf(plan as KeyPlan)!, asset as AssetClass), channel as Channel, delayed),
    ).toBe(allowed);
  });
});

describe('restPerMinute', () => {
  it.each([
    ['free', 5],
    ['starter', undefined],
    ['advanced', undefined],
    [{ stocks: 'basic' }, 5],
    [{ stocks: 'basic', options: 'starter' }, undefined],
    [{}, 5],
  ] as const)('gives %j a limit of %s per minute', (plan, limit) => {
    expect(restPerMinute(keyPlansOf(plan as KeyPlan)!)).toBe(limit);
  });
});

describe('SlidingWindowLimiter', () => {
  it('allows 5 per rolling minute and says when the next slot frees', () => {
    const l = new SlidingWindowLimiter();
    for (let i = 0; i < 5; i++) expect(l.take('k', 5, 1000 + i * 1000).allowed).toBe(true);
    expect(l.take('k', 5, 10_000)).toEqual({ allowed: false, retryAfterSec: 51 });
    expect(l.take('other', 5, 10_000).allowed).toBe(true);
    expect(l.take('k', 5, 61_001).allowed).toBe(true);
    expect(l.take('k', 5, 61_002).allowed).toBe(false);
  });
});

describe('applyFaultRequest', () => {
  const setup = () => {
    const state = initialFaultState();
    const calls: string[] = [];
    const control = createFaultControl(state, {
      drop: (c) => calls.push(`drop ${c ?? 'all'}`),
      close: (code, _r, c) => calls.push(`close ${code} ${c ?? 'all'}`),
    });
    return { state, calls, control };
  };

  it.each([
    [{ fault: 'drop', cluster: 'options' }, 'drop options'],
    [{ fault: 'drop' }, 'drop all'],
    [{ fault: 'close', code: 1001 }, 'close 1001 all'],
    [{ fault: 'close' }, 'close 1011 all'],
  ])('maps %j to a socket action', (body, call) => {
    const { calls, control } = setup();
    expect(applyFaultRequest(control, body)).toBeUndefined();
    expect(calls).toEqual([call]);
  });

  it('maps flags and counters onto the fault state, and reset clears them', () => {
    const { state, control } = setup();
    applyFaultRequest(control, { fault: 'stall' });
    applyFaultRequest(control, { fault: 'stopPongs', on: true });
    applyFaultRequest(control, { fault: 'rest429', n: 2, retryAfterSec: 5 });
    applyFaultRequest(control, { fault: 'malformed', n: 3 });
    applyFaultRequest(control, { fault: 'latency', ms: 40 });
    applyFaultRequest(control, { fault: 'reconnectEvery', ms: 7_200_000, code: 1001 });
    expect(state).toMatchObject({
      stalled: true,
      noPongs: true,
      rest429Pending: 2,
      rest429RetryAfter: 5,
      malformedPending: 3,
      latencyMs: 40,
      reconnectEveryMs: 7_200_000,
      reconnectCode: 1001,
    });
    applyFaultRequest(control, { fault: 'reset' });
    expect(state).toEqual(initialFaultState());
  });

  it.each([
    [null],
    ['drop'],
    [{ fault: 'explode' }],
    [{ fault: 'close', code: 42 }],
    [{ fault: 'reconnectEvery', ms: -1 }],
  ])('rejects %j with a reason', (body) => {
    const { control } = setup();
    expect(typeof applyFaultRequest(control, body)).toBe('string');
  });
});

describe('prng', () => {
  it('repeats a stream for the same seed and differs for another', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect([c(), c(), c()]).not.toEqual(xs);
  });

  it('spreads draws over [0, 1) with a mean near one half', () => {
    const r = streamFor(7, 'SPY', 123);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('assetOfTicker', () => {
  it.each([
    ['SPY', 'stocks'],
    ['BRK.B', 'stocks'],
    ['O:SPY261218C00650000', 'options'],
    ['I:SPX', 'indices'],
    ['I:VIX', 'indices'],
  ])('files %s under %s', (ticker, asset) => {
    expect(assetOfTicker(ticker)).toBe(asset);
  });
});

describe('StatsRecorder', () => {
  it('counts auth outcomes per key, cluster and host, and REST answers per key', () => {
    const s = new StatsRecorder();
    s.recordAuth('k', 'stocks', 'realtime', 'plan');
    s.recordAuth('k', 'stocks', 'realtime', 'plan');
    s.recordAuth('k', 'stocks', 'delayed', 'success');
    s.recordAuth('x', 'options', 'realtime', 'key');
    for (const status of [200, 403, 429, 200]) s.recordRest('k', status);
    expect(s.snapshot()).toEqual({
      auth: [
        { key: 'k', cluster: 'stocks', feed: 'realtime', attempts: 2, successes: 0, planRefusals: 2, keyRefusals: 0 },
        { key: 'k', cluster: 'stocks', feed: 'delayed', attempts: 1, successes: 1, planRefusals: 0, keyRefusals: 0 },
        { key: 'x', cluster: 'options', feed: 'realtime', attempts: 1, successes: 0, planRefusals: 0, keyRefusals: 1 },
      ],
      rest: [{ key: 'k', requests: 4, notAuthorized: 1, rateLimited: 1 }],
    });
    s.reset();
    expect(s.snapshot()).toEqual({ auth: [], rest: [] });
  });
});
