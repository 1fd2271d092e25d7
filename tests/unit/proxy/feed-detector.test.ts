import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { entitlementOf, PLAN_REFUSAL_MESSAGE } from '../../../src/massive/entitlements.js';
import { FeedDetector } from '../../../src/proxy/feed-detector.js';

const detector = (o: Partial<ConstructorParameters<typeof FeedDetector>[0]> = {}) => {
  const clock = new ManualClock(0);
  return { clock, d: new FeedDetector({ asset: 'stocks', setting: 'auto', clock, ...o }) };
};

describe('FeedDetector', () => {
  it('tries the real-time host first and knows nothing until an answer', () => {
    const { d } = detector();
    expect(d.wsHost()).toBe('realtime');
    expect(d.entitlement).toBeUndefined();
    expect(d.allows('Q')).toBe(true);
  });

  it('takes a real-time auth_success as Advanced: every channel, quotes included', () => {
    const { d } = detector();
    expect(d.authSucceeded('realtime')).toBe(true);
    expect(d.entitlement).toMatchObject({
      feed: 'realtime',
      recency: 'realtime',
      restQuotes: true,
      source: 'detected',
    });
    expect(d.allows('Q')).toBe(true);
    expect(d.authSucceeded('realtime')).toBe(false);
  });

  it.each([
    ['a plan-worded refusal', PLAN_REFUSAL_MESSAGE],
    // polygon-io/client-php#17: a Developer key on the real-time host got the bad-key text.
    ['the old bad-key text', 'authentication failed'],
  ])('moves to the delayed host after %s on the real-time host', (_label, message) => {
    const { d } = detector();
    expect(d.authFailed('realtime', message)).toBe('try-delayed');
    expect(d.wsHost()).toBe('delayed');
    d.authSucceeded('delayed');
    expect(d.entitlement).toMatchObject({ feed: 'delayed', recency: 'delayed', restQuotes: false });
    expect(d.entitlement?.channels).toEqual(['T', 'A', 'AM']);
    expect(d.allows('Q')).toBe(false);
  });

  it('narrows the channels when the upstream refuses one, and remembers it', () => {
    const { d } = detector();
    d.authFailed('realtime', PLAN_REFUSAL_MESSAGE);
    d.authSucceeded('delayed');
    expect(d.channelRefused('T')).toBe(true);
    expect(d.channelRefused('T')).toBe(false);
    expect(d.entitlement?.channels).toEqual(['A', 'AM']);
    expect(d.allows('T')).toBe(false);
  });

  it.each([
    ['ok', 'rest', 'detected'],
    ['refused', 'none', 'detected'],
    ['unknown', 'rest', 'assumed'],
  ] as const)('settles a REST probe answer %s after both hosts refused as %s', (probe, feed, source) => {
    const { d } = detector();
    d.authFailed('realtime', PLAN_REFUSAL_MESSAGE);
    expect(d.authFailed('delayed', PLAN_REFUSAL_MESSAGE)).toBe('probe-rest');
    expect(d.wsHost()).toBeUndefined();
    expect(d.restProbed(probe)).toBe(true);
    expect(d.entitlement).toMatchObject({ feed, source, channels: [] });
    expect(d.allows('A')).toBe(false);
  });

  it('takes a REST 401 after the refusals as a rejected key: no host, nothing retried', () => {
    const { d, clock } = detector({ reprobeMs: 1_000 });
    d.authFailed('realtime', 'authentication failed');
    d.authFailed('delayed', 'authentication failed');
    d.restProbed('key-rejected');
    expect(d.keyRejected).toBe(true);
    clock.advance(10_000);
    expect(d.wsHost()).toBeUndefined();
  });

  it('probes a class without a stream again only after the re-probe period', () => {
    const { d, clock } = detector({ reprobeMs: 3_600_000 });
    d.authFailed('realtime', PLAN_REFUSAL_MESSAGE);
    d.authFailed('delayed', PLAN_REFUSAL_MESSAGE);
    d.restProbed('ok');
    clock.advance(3_599_999);
    expect(d.wsHost()).toBeUndefined();
    clock.advance(1);
    expect(d.wsHost()).toBe('realtime');
  });

  it('uses a configured level without probing, and a cached one the same way', () => {
    expect(detector({ setting: 'starter' }).d.wsHost()).toBe('delayed');
    expect(detector({ setting: 'starter' }).d.entitlement).toMatchObject({
      feed: 'delayed',
      channels: ['A', 'AM'],
      source: 'configured',
    });
    expect(detector({ setting: 'basic' }).d.wsHost()).toBeUndefined();
    expect(detector({ setting: 'none', asset: 'indices' }).d.entitlement?.feed).toBe('none');
    const cached = { ...entitlementOf('stocks', 'advanced', 'cached') };
    const { d } = detector({ cached });
    expect(d.wsHost()).toBe('realtime');
    expect(d.entitlement?.source).toBe('cached');
  });

  it('counts auth attempts per host', () => {
    const { d } = detector();
    d.attempted('realtime');
    d.attempted('delayed');
    d.attempted('delayed');
    expect(d.attempts).toEqual({ realtime: 1, delayed: 2 });
  });
});

describe('FeedDetector after a stream it had is refused', () => {
  it('keeps the REST rights it had: the stream changed, not the snapshots', () => {
    const clock = new ManualClock(0);
    const d = new FeedDetector({ asset: 'stocks', setting: 'auto', clock });
    d.authSucceeded('realtime');
    d.authFailed('realtime', 'authentication failed');
    d.authFailed('delayed', 'authentication failed');
    d.restProbed('ok');
    expect(d.entitlement).toMatchObject({
      feed: 'rest',
      channels: [],
      recency: 'realtime',
      snapshots: true,
      restQuotes: true,
    });
  });
});
