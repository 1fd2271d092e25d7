import { describe, expect, it } from 'vitest';
import { channelAllowed, SlidingWindowLimiter } from '../../../src/sim/plans.js';
import { applyFaultRequest, createFaultControl, initialFaultState } from '../../../src/sim/faults.js';
import { mulberry32, streamFor } from '../../../src/sim/market/prng.js';

describe('channelAllowed', () => {
  it.each([
    ['advanced', 'stocks', 'Q', false, true],
    ['advanced', 'stocks', 'Q', true, false],
    ['advanced', 'stocks', 'LULD', true, false],
    ['advanced', 'indices', 'V', false, true],
    ['advanced', 'indices', 'T', false, false],
    ['advanced', 'stocks', 'V', false, false],
    ['advanced', 'stocks', 'FMV', false, false],
    ['developer', 'stocks', 'Q', false, false],
    ['developer', 'options', 'T', false, true],
    ['starter', 'stocks', 'T', false, false],
    ['starter', 'stocks', 'T', true, true],
    ['starter', 'stocks', 'AM', true, true],
    ['free', 'stocks', 'T', true, false],
  ] as const)('%s on %s %s (delayed %s) is %s', (plan, cluster, channel, delayed, allowed) => {
    expect(channelAllowed(plan, cluster, channel, delayed)).toBe(allowed);
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
    expect(state).toMatchObject({ stalled: true, noPongs: true, rest429Pending: 2, rest429RetryAfter: 5, malformedPending: 3, latencyMs: 40, reconnectEveryMs: 7_200_000, reconnectCode: 1001 });
    applyFaultRequest(control, { fault: 'reset' });
    expect(state).toEqual(initialFaultState());
  });

  it.each([[null], ['drop'], [{ fault: 'explode' }], [{ fault: 'close', code: 42 }], [{ fault: 'reconnectEvery', ms: -1 }]])('rejects %j with a reason', (body) => {
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
